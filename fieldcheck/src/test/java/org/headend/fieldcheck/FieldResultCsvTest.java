package org.headend.fieldcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.headend.storage.FieldResult;
import org.junit.jupiter.api.Test;

class FieldResultCsvTest {
    static final Instant NOW = Instant.parse("2026-10-01T00:00:00Z");
    final FieldResultCsv csv = new FieldResultCsv(ZoneId.of("Asia/Shanghai"), NOW);

    FieldResultCsv.Rows read(String text) throws IOException {
        return csv.read(new StringReader(text), "crew.csv");
    }

    @Test
    void readsEveryDocumentedColumnWithLocalTimesInTheUtilitysZone() throws IOException {
        FieldResultCsv.Rows rows = read("Meter_Address,check_time,meter_present,register_kwh,meter_serial,ct_ratio,vt_ratio,"
                + "ct_serial,vt_serial,seal,meter_clock,clamp_current_a,clamp_voltage_v,clamp_power_factor,phases,"
                + "meter_power_kw,ws_pulses,ws_constant,ws_power_w,ws_seconds,crew,notes,extra\n"
                + "42,2026-07-14 09:30,yes,1234.56,SN1,30,1,CT1,,Broken,2026-07-14T01:31:10Z,12.5,400,0.95,3,0.27,20,6400,8225,"
                + "41.5,crew 3,\"gate, locked\",ignored\n");
        assertTrue(rows.problems().isEmpty(), rows.problems()::toString);
        FieldResult r = rows.results().get(0);
        assertEquals("000000000042", r.meter());
        assertEquals(Instant.parse("2026-07-14T01:30:00Z"), r.checkTime());
        assertEquals(1234.56, r.registerKwh());
        assertEquals("broken", r.seal());
        assertEquals(Instant.parse("2026-07-14T01:31:10Z"), r.meterClock());
        assertEquals(3, r.phases());
        assertEquals(41.5, r.wsSeconds());
        assertEquals("gate, locked", r.notes());
        assertEquals("crew.csv line 2", r.origin());
    }

    @Test
    void onlyMeterAndTimeAreRequiredInTheHeader() throws IOException {
        FieldResultCsv.Rows rows = read("meter_address,check_time,meter_present\n7,2026-07-01T08:00:00+08:00,no\n");
        assertTrue(rows.problems().isEmpty(), rows.problems()::toString);
        assertEquals(false, rows.results().get(0).meterPresent());
        assertNull(rows.results().get(0).registerKwh());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read("meter,time\n1,2\n"));
        assertTrue(e.getMessage().startsWith("crew.csv line 1: header lacks column meter_address"), e.getMessage());
    }

    @Test
    void reportsEveryBadRowWithItsLineAndReasonsAndKeepsTheGoodOnes() throws IOException {
        FieldResultCsv.Rows rows = read("meter_address,check_time,register_kwh,seal,phases,ct_ratio,ws_pulses,ws_constant,notes\n"
                + "1,2026-07-01 10:00,1.5,,,,,,\n"                      // 2 good
                + "\n"                                                    // 3 empty, skipped
                + "2,2026-07-01 10:00,-4,cut,2,0,,,\n"                  // 4 four problems
                + "3,yesterday,1,,,,,,\n"                                // 5 bad time
                + "4,2030-01-01 10:00,1,,,,,,\n"                         // 6 in the future
                + "5,2026-07-01 10:00,,,,,,,\n"                          // 7 register missing
                + "6,2026-07-01 10:00,1,,,,10,,\n"                       // 8 watt-second incomplete
                + "7,\"2026-07-01 10:00\",2.5,intact,3,30,,,\"multi\nline note\"\n" // 9-10 good, two lines
                + "1,2026-07-01 10:00,1.5,,,,,,\n"                       // 11 same as line 2: a repeat
                + "1,2026-07-01 10:00,1.6,,,,,,\n"                       // 12 same key, other value
                + "8,2026-07-01 10:00,1,," + "x".repeat(200) + ",,,,\n"); // 13 too long
        assertEquals(List.of("000000000001", "000000000007"), rows.results().stream().map(FieldResult::meter).toList());
        assertEquals(1, rows.repeated());
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 12L, 13L), rows.problems().stream().map(ImportProblem::line).toList());
        String line4 = rows.problems().get(0).reason();
        assertTrue(line4.contains("register_kwh was '-4'") && line4.contains("seal was 'cut'") && line4.contains("phases was '2'")
                && line4.contains("ct_ratio was '0'"), line4);
        assertTrue(rows.problems().get(1).reason().startsWith("check_time was 'yesterday' but must be ISO-8601"));
        assertTrue(rows.problems().get(2).reason().contains("is outside"));
        assertTrue(rows.problems().get(3).reason().contains("register_kwh is missing"));
        assertTrue(rows.problems().get(4).reason().contains("come together"));
        assertTrue(rows.problems().get(5).reason().contains("already on line 2 with other values"));
        assertTrue(rows.problems().get(6).reason().contains("at most 100"));
        assertEquals(10, rows.rows());
    }

    @Test
    void anUnclosedQuoteFailsTheSheetNamingTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read("meter_address,check_time\n1,2026-07-01 10:00\n2,\"2026-07-01 10:00\n"));
        assertTrue(e.getMessage().startsWith("crew.csv line 3: malformed CSV"), e.getMessage());
    }
}
