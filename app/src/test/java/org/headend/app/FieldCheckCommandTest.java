package org.headend.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.headend.storage.Quality;
import org.headend.storage.Reading;
import org.headend.storage.ReadingStore;
import org.headend.storage.Source;
import org.headend.storage.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code headend fieldcheck ...} end to end through the launcher on an embedded store. */
class FieldCheckCommandTest {
    @TempDir
    Path dir;
    String store;
    Path archive;

    @BeforeEach
    void data() throws Exception {
        archive = dir.resolve("meters.csv");
        Files.writeString(archive, "meter_address,protocol,bus,ct_ratio,vt_ratio,customer_class,area,meter_serial,latitude,longitude\n"
                + "1,dlt645-2007,gw-01,30,1,commercial,north,SN1,31.20,121.50\n"
                + "2,dlt645-2007,gw-01,1,1,residential,north,SN2,31.21,121.50\n"
                + "3,dlt645-2007,gw-01,1,1,residential,south,SN3,,\n");
        store = "embedded:" + dir.resolve("h.db");
        try (ReadingStore s = Stores.open(store)) {
            List<Reading> rows = new ArrayList<>();
            for (int d = 0; d < 40; d++) {
                Instant t = Instant.parse("2026-07-01T00:05:00Z").plusSeconds(86_400L * d);
                for (int m = 1; m <= 3; m++) {
                    double mult = m == 1 ? 30 : 1;
                    rows.add(new Reading("00000000000" + m, t, "energy.active.import.total", (100 + d * 4.0) * mult, "kWh",
                            Quality.ACTUAL, Source.SCHEDULED));
                }
            }
            s.write(rows);
        }
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new Headend()).setExecutionExceptionHandler(Headend::failed);
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store", store, "--archive", archive.toString()));
        int code = cmd.execute(all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    record Result(int code, String out, String err) {
    }

    @Test
    void dueImportCompareAcceptReport() throws Exception {
        Result due = run("fieldcheck", "due", "--as-of", "2026-07-15T00:00:00Z");
        assertEquals(0, due.code(), due.err());
        assertTrue(due.out().startsWith("area,stop,meter_address,reasons,due_by"), due.out());
        assertTrue(due.err().contains("3 meters due in 2 areas"), due.err());

        Path sheet = dir.resolve("crew.csv");
        Files.writeString(sheet, "meter_address,check_time,register_kwh,meter_serial,ct_ratio,seal\n"
                + "1,2026-07-10 12:00,136.50,SN1,60,intact\n"
                + "2,2026-07-10 13:00,136.70,SN2,1,broken\n"
                + "3,2026-07-10 14:00,x,SN3,1,intact\n");
        Result imported = run("fieldcheck", "import", sheet.toString());
        assertEquals(3, imported.code(), "a refused row gives exit 3");
        assertTrue(imported.err().contains("line 4: register_kwh was 'x'"), imported.err());
        assertTrue(imported.out().contains("3 rows, 2 added, 0 already there, 1 refused"), imported.out());
        Result again = run("fieldcheck", "import", sheet.toString());
        assertTrue(again.out().contains("3 rows, 0 added, 2 already there, 1 refused"), again.out());

        Result compared = run("fieldcheck", "compare", "--quarter", "2026Q3");
        assertEquals(0, compared.code(), compared.err());
        assertTrue(compared.out().contains("000000000001,2026-07-10T12:00:00Z,ct_ratio_differs,"), compared.out());
        assertTrue(compared.out().contains("000000000002,2026-07-10T13:00:00Z,seal_broken,none"), compared.out());
        assertTrue(compared.err().contains("2 checks compared, 0 clean, 2 with findings"), compared.err());

        Result accepted = run("fieldcheck", "accept", "--meter", "1", "--check-time", "2026-07-10T12:00:00Z",
                "--category", "ct_ratio_differs", "--by", "auditor");
        assertEquals(0, accepted.code(), accepted.err());
        assertTrue(accepted.out().contains("multiplier 30.0 -> 60.0"), accepted.out());

        Result report = run("fieldcheck", "report", "--quarter", "2026Q3", "--as-of", "2026-08-01T00:00:00Z");
        assertEquals(0, report.code(), report.err());
        assertTrue(report.out().contains("2026Q3 as of 2026-08-01T00:00:00Z (quarter)"), report.out());
        assertTrue(report.out().matches("(?s).*total\\s+3\\s+2\\s+1\\s+0\\s+66\\.67%\\s+2\\s+\\S+\\s+1\\n.*"), report.out());

        Result bad = run("fieldcheck", "report", "--quarter", "2026Q7");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("quarter was '2026Q7' but must look like 2026Q3"), bad.err());
    }
}
