package org.headend.collector.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.headend.collector.archive.RowProblem.Kind;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeterArchiveTest {

    private static final String HEADER = "meter_address,protocol,bus,ct_ratio,vt_ratio,customer_class,area\n";

    private static ArchiveLoad read(String csv) throws IOException {
        return MeterArchive.read(new StringReader(csv), "test.csv");
    }

    @Test
    void readsGoodRowsIntoMetersWithPaddedAddressesAndMultiplier() throws IOException {
        ArchiveLoad load = read(HEADER
                + "1,dlt645-2007,gw-01,30,1,residential,north\n"
                + "000000001234,DLT645-1997,gw-02,50,100,industrial,south\n");

        assertTrue(load.isClean(), load.problems()::toString);
        assertEquals(2, load.meters().size());
        Meter a = load.meters().get(0);
        assertEquals("000000000001", a.address());
        assertEquals(MeterProtocol.DLT645_2007, a.protocol());
        assertEquals(Dlt645Edition.V2007, a.edition());
        assertEquals("gw-01", a.bus());
        assertEquals(0, new BigDecimal("30").compareTo(a.multiplier()));
        Meter b = load.meters().get(1);
        assertEquals(Dlt645Edition.V1997, b.edition());
        assertEquals(0, new BigDecimal("5000").compareTo(b.multiplier()));
        assertEquals("industrial", b.customerClass());
        assertEquals("south", b.area());
    }

    @Test
    void findsColumnsByNameInAnyOrderAndIgnoresExtraColumns() throws IOException {
        ArchiveLoad load = read("Area,bus,voltage_level,customer_class,vt_ratio,ct_ratio,reading_method,protocol,"
                + "meter_address,latitude,longitude,owner\n"
                + "east,gw-07,0.4kV,residential,1,5,remote,dlt645-2007,42,31.2,121.5,Zhang\n");

        assertTrue(load.isClean(), load.problems()::toString);
        Meter m = load.meters().get(0);
        assertEquals("000000000042", m.address());
        assertEquals("gw-07", m.bus());
        assertEquals("east", m.area());
        assertEquals(0, BigDecimal.valueOf(5).compareTo(m.ctRatio()));
    }

    @Test
    void readsTheOptionalSiteColumnsForFieldVerification() throws IOException {
        ArchiveLoad load = read("meter_address,protocol,bus,ct_ratio,vt_ratio,customer_class,area,account,customer_name,"
                + "meter_serial,ct_serial,vt_serial,seals,voltage_level,reading_method,remote_since,latitude,longitude,accuracy_class\n"
                + "1,dlt645-2007,gw-01,30,100,industrial,north,AC-1,\"Acme, Ltd\",SN1,CT1 CT2,VT1,S1 S2,10kV,concentrator,"
                + "2026-06-10,31.2,121.5,0.5\n"
                + "2,dlt645-2007,gw-01,1,1,residential,north,,,,,,,,manual,,,,\n");
        assertTrue(load.isClean(), load.problems()::toString);
        assertTrue(load.warnings().isEmpty(), load.warnings()::toString);
        MeterSite a = load.meters().get(0).site();
        assertEquals("Acme, Ltd", a.customerName());
        assertEquals("CT1 CT2", a.ctSerial());
        assertEquals(ReadingMethod.CONCENTRATOR, a.readingMethod());
        assertEquals(java.time.LocalDate.of(2026, 6, 10), a.remoteSince());
        assertEquals(10.0, a.voltageKv().orElseThrow());
        assertEquals(31.2, a.latitude());
        assertEquals(0, new BigDecimal("0.5").compareTo(a.accuracyClass()));
        MeterSite b = load.meters().get(1).site();
        assertEquals(ReadingMethod.MANUAL, b.readingMethod());
        assertTrue(b.remoteSinceDate().isEmpty());
        assertTrue(!b.hasCoordinates());
    }

    @Test
    void aBadSiteValueIsAWarningAndTheMeterIsStillPolled() throws IOException {
        ArchiveLoad load = read("meter_address,protocol,bus,ct_ratio,vt_ratio,customer_class,area,reading_method,"
                + "remote_since,latitude,longitude\n"
                + "1,dlt645-2007,gw-01,30,1,industrial,north,by hand,10/06/2026,N/A,121.5\n");
        assertTrue(load.isClean(), load.problems()::toString);
        assertEquals(1, load.meters().size());
        MeterSite s = load.meters().get(0).site();
        assertEquals(ReadingMethod.REMOTE, s.readingMethod());
        assertTrue(s.remoteSinceDate().isEmpty());
        assertTrue(!s.hasCoordinates());
        assertEquals(4, load.warnings().size(), load.warnings()::toString);
        assertTrue(load.warnings().stream().allMatch(w -> w.line() == 2 && w.kind() == Kind.BAD_SITE_FIELD));
        assertTrue(load.warnings().get(0).detail().startsWith("reading_method was 'by hand'"), load.warnings()::toString);
    }

    @Test
    void skipsBadRowsReportingLineNumberAndReasonAndKeepsTheGoodOnes() throws IOException {
        ArchiveLoad load = read(HEADER
                + "1,dlt645-2007,gw-01,30,1,residential,north\n"          // line 2 good
                + "2,dlt645-2007,gw-01,,1,residential,north\n"            // line 3 missing ct
                + "3,dlt645-2007,gw-01,thirty,1,residential,north\n"      // line 4 bad number
                + "4,dlt645-2007,gw-01,-5,1,residential,north\n"          // line 5 not positive
                + "1,dlt645-2007,gw-01,30,1,residential,north\n"          // line 6 duplicate of line 2
                + "5,modbus-tcp,gw-01,1,1,residential,north\n"            // line 7 Modbus without unit and map
                + "6,iec62056,gw-01,1,1,residential,north\n"              // line 8 unknown
                + "1234567890123,dlt645-2007,gw-01,1,1,residential,north\n" // line 9 13 digits
                + "12a4,dlt645-2007,gw-01,1,1,residential,north\n"        // line 10 not digits
                + "7,dlt645-2007\n"                                       // line 11 short row
                + "8,dlt645-1997,gw-02,1,1,residential,\n");              // line 12 good, empty area

        assertEquals(List.of("000000000001", "000000000008"), load.meters().stream().map(Meter::address).toList());
        assertProblem(load, 3, Kind.MISSING_FIELD, "ct_ratio is missing");
        assertProblem(load, 4, Kind.BAD_NUMBER, "ct_ratio was 'thirty' but must be a positive decimal number");
        assertProblem(load, 5, Kind.BAD_NUMBER, "ct_ratio was -5 but must be positive");
        assertProblem(load, 6, Kind.DUPLICATE_ADDRESS, "000000000001 already appears on line 2");
        assertProblem(load, 7, Kind.MISSING_FIELD, "modbus_unit is missing");
        assertProblem(load, 7, Kind.MISSING_FIELD, "register_map is missing");
        assertProblem(load, 8, Kind.UNKNOWN_PROTOCOL, "'iec62056' is unknown; expected one of dlt645-2007, dlt645-1997");
        assertProblem(load, 9, Kind.BAD_ADDRESS, "'1234567890123' must have 1..12 digits");
        assertProblem(load, 10, Kind.BAD_ADDRESS, "'12a4' must have only digits");
        assertProblem(load, 11, Kind.MISSING_FIELD, "bus is missing");
        assertProblem(load, 11, Kind.MISSING_FIELD, "customer_class is missing");
        assertEquals(9, load.skippedRows());
    }

    @Test
    void readsModbusMetersWithTheirUnitAndMapBuiltInOrFromAFileBesideTheArchive(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("acrel.map"), "@map acrel\n0x0000 holding int32 CDAB 0.01 kWh energy.active.import.total\n");
        Files.writeString(dir.resolve("bad.map"), "@map bad\n0x0000 holding int64 ABCD 1 kWh energy.active.import.total\n");
        Path csv = dir.resolve("meters.csv");
        Files.writeString(csv, "meter_address,protocol,bus,ct_ratio,vt_ratio,customer_class,area,modbus_unit,register_map\n"
                + "1,modbus-tcp,mb-01,40,1,commercial,north,1,sdm630\n"              // line 2 good
                + "2,modbus-rtu,mb-02,1,1,commercial,north,247,acrel.map\n"         // line 3 good, map file
                + "3,modbus-tcp,mb-01,1,1,commercial,north,2,sdm630\n"              // line 4 good, the same map instance
                + "4,modbus-tcp,mb-01,1,1,commercial,north,0,sdm630\n"              // line 5 broadcast unit
                + "5,modbus-tcp,mb-01,1,1,commercial,north,x,sdm630\n"              // line 6 not a number
                + "6,modbus-tcp,mb-01,1,1,commercial,north,3,sdm999\n"              // line 7 unknown map
                + "7,modbus-tcp,mb-01,1,1,commercial,north,3,bad.map\n"             // line 8 map with a bad line
                + "8,dlt645-2007,gw-01,1,1,residential,north,,\n");                 // line 9 good, no Modbus columns
        ArchiveLoad load = MeterArchive.read(csv);
        assertEquals(List.of("000000000001", "000000000002", "000000000003", "000000000008"),
                load.meters().stream().map(Meter::address).toList());
        Meter a = load.meters().get(0);
        assertEquals(MeterProtocol.MODBUS_TCP, a.protocol());
        assertEquals(1, a.modbus().unit());
        assertEquals("sdm630", a.modbus().map().name());
        assertSame(a.modbus().map(), load.meters().get(2).modbus().map());
        assertEquals("acrel", load.meters().get(1).modbus().map().name());
        assertEquals(null, load.meters().get(3).modbus());
        assertProblem(load, 5, Kind.BAD_MODBUS, "modbus_unit was '0' but must be 1..255");
        assertProblem(load, 6, Kind.BAD_MODBUS, "modbus_unit was 'x'");
        assertProblem(load, 7, Kind.BAD_MODBUS, "'sdm999' is neither a built-in map");
        assertProblem(load, 8, Kind.BAD_MODBUS, "line 2: type 'int64'");
    }

    @Test
    void reportsEveryProblemOfOneRow() throws IOException {
        ArchiveLoad load = read(HEADER + "x,foo,,0,abc,,\n");

        assertEquals(List.of(Kind.MISSING_FIELD, Kind.MISSING_FIELD, Kind.BAD_ADDRESS, Kind.UNKNOWN_PROTOCOL,
                        Kind.BAD_NUMBER, Kind.BAD_NUMBER),
                load.problems().stream().map(RowProblem::kind).toList());
        assertTrue(load.problems().stream().allMatch(p -> p.line() == 2));
        assertEquals(1, load.skippedRows());
    }

    @Test
    void aBadRowDoesNotClaimItsAddressFromALaterGoodRow() throws IOException {
        ArchiveLoad load = read(HEADER
                + "9,dlt645-2007,gw-01,zero,1,residential,north\n"
                + "9,dlt645-2007,gw-01,1,1,residential,north\n");

        assertEquals(1, load.meters().size());
        assertEquals(List.of(2L), load.problems().stream().map(RowProblem::line).toList());
    }

    @Test
    void lineNumbersCountEmptyLinesMultiLineQuotesAndCrLf() throws IOException {
        ArchiveLoad load = read(HEADER.replace("\n", "\r\n")
                + "\r\n"                                                        // line 2 empty
                + "1,dlt645-2007,gw-01,1,1,\"residential\r\nsecond line\",a\r\n" // lines 3-4
                + "2,dlt645-2007,gw-01,x,1,residential,a\r\n"                   // line 5
                + "\r\n"                                                        // line 6
                + "3,dlt645-2007,gw-01,1,y,residential,a");                      // line 7, no newline

        assertEquals(1, load.meters().size());
        assertEquals(List.of(5L, 7L), load.problems().stream().map(RowProblem::line).toList());
    }

    @Test
    void headerWithoutARequiredColumnFailsNamingIt() {
        ArchiveException e = assertThrows(ArchiveException.class,
                () -> read("meter_address,protocol,bus,ct_ratio,customer_class\n1,dlt645-2007,gw,1,r\n"));

        assertTrue(e.getMessage().contains("test.csv line 1: header lacks column(s) vt_ratio, area"), e.getMessage());
    }

    @Test
    void columnNamedTwiceFails() {
        ArchiveException e = assertThrows(ArchiveException.class,
                () -> read("meter_address,protocol,bus,bus,ct_ratio,vt_ratio,customer_class,area\n"));

        assertTrue(e.getMessage().startsWith("test.csv line 1: bad header"), e.getMessage());
    }

    @Test
    void unclosedQuoteFailsWithTheLine() {
        ArchiveException e = assertThrows(ArchiveException.class,
                () -> read(HEADER + "1,dlt645-2007,gw-01,1,1,residential,a\n2,dlt645-2007,\"gw-01,1,1,r,a\n"));

        assertTrue(e.getMessage().contains("test.csv line 3: malformed CSV"), e.getMessage());
    }

    @Test
    void loadsHundredThousandMetersFromAFileSharingEqualValues(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("meters.csv");
        int n = 100_000;
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            for (int i = 1; i <= n; i++) {
                w.write(i + (i % 10 == 0 ? ",dlt645-1997," : ",dlt645-2007,") + "gw-" + (i % 50) + ","
                        + (i % 3 == 0 ? "30" : "1") + ",1," + (i % 7 == 0 ? "industrial" : "residential")
                        + ",area-" + (i % 200) + "\n");
            }
            w.write("100,dlt645-2007,gw-1,1,1,residential,area-1\n"); // duplicate on line n + 2
        }

        ArchiveLoad load = MeterArchive.read(csv);

        assertEquals(n, load.meters().size());
        assertEquals(List.of(new RowProblem(n + 2, Kind.DUPLICATE_ADDRESS,
                        "meter_address: 000000000100 already appears on line 101, which is kept")),
                load.problems());
        Meter first = load.meters().get(0);
        Meter fiftyFirst = load.meters().get(50);
        assertEquals("000000100000", load.meters().get(n - 1).address());
        assertSame(first.bus(), fiftyFirst.bus());
        assertSame(first.vtRatio(), fiftyFirst.vtRatio());
        assertSame(load.meters().get(2).ctRatio(), load.meters().get(5).ctRatio());
        assertEquals(50, load.byBus().size());
        assertEquals(n / 50, load.byBus().get("gw-1").size());
        assertEquals("000000000001", load.byBus().get("gw-1").get(0).address());
    }

    @Test
    void placesMetersBehindConcentratorsFromTheOptionalColumns() throws IOException {
        ArchiveLoad load = read("meter_address,protocol,bus,ct_ratio,vt_ratio,customer_class,area,concentrator,point\n"
                + "1,dlt645-2007,gw-01,1,1,residential,north,,\n"
                + "2,dlt645-2007,ct-1,30,1,commercial,north,1000-01101,1\n"
                + "3,dlt645-1997,ct-1,1,1,residential,north,1000-1101,2\n");

        assertTrue(load.isClean(), load.problems()::toString);
        assertEquals(3, load.meters().size());
        assertEquals(List.of(new Placement("000000000002", 0x1000, 1101, 1), new Placement("000000000003", 0x1000, 1101, 2)),
                load.placements());
        assertEquals("1000-01101", load.placements().get(0).concentrator());
        assertEquals(((long) 0x1000 << 16) | 1101, load.placements().get(0).terminalKey());
    }

    @Test
    void anArchiveWithoutPlacementColumnsHasNoPlacements() throws IOException {
        ArchiveLoad load = read(HEADER + "1,dlt645-2007,gw-01,1,1,residential,north\n");

        assertTrue(load.isClean());
        assertEquals(List.of(), load.placements());
    }

    @Test
    void badPlacementsAreReportedWithTheirLineAndTheRowSkipped() throws IOException {
        ArchiveLoad load = read("meter_address,protocol,bus,ct_ratio,vt_ratio,customer_class,area,concentrator,point\n"
                + "1,dlt645-2007,ct,1,1,r,a,1000-00001,1\n"
                + "2,dlt645-2007,ct,1,1,r,a,1000-00001,1\n"
                + "3,dlt645-2007,ct,1,1,r,a,1000-00001,\n"
                + "4,dlt645-2007,ct,1,1,r,a,10-1,3\n"
                + "5,dlt645-2007,ct,1,1,r,a,1000-70000,3\n"
                + "6,dlt645-2007,ct,1,1,r,a,1000-00001,2041\n"
                + "7,dlt645-2007,ct,0,1,r,a,1000-00001,4\n"
                + "8,dlt645-2007,ct,1,1,r,a,1000-00001,4\n");

        assertProblem(load, 3, Kind.BAD_PLACEMENT, "already taken on line 2");
        assertProblem(load, 4, Kind.BAD_PLACEMENT, "go together");
        assertProblem(load, 5, Kind.BAD_PLACEMENT, "RRRR-NNNNN");
        assertProblem(load, 6, Kind.BAD_PLACEMENT, "1..65535");
        assertProblem(load, 7, Kind.BAD_PLACEMENT, "1..2040");
        assertProblem(load, 8, Kind.BAD_NUMBER, "ct_ratio");
        assertEquals(List.of("000000000001", "000000000008"), load.placements().stream().map(Placement::meter).toList(),
                "a bad row does not take its point from a later good row");
    }

    private static void assertProblem(ArchiveLoad load, long line, Kind kind, String detailPart) {
        assertTrue(load.problems().stream().anyMatch(p -> p.line() == line && p.kind() == kind
                        && p.detail().contains(detailPart)),
                () -> "no " + kind + " on line " + line + " containing '" + detailPart + "' in " + load.problems());
    }
}
