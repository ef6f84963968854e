package org.headend.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.headend.storage.ArchivedMeter;
import org.headend.storage.ReadingStore;
import org.headend.storage.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code headend meters}: the store's meter archive as CSV, current or one meter's history. */
class MetersCommandTest {
    @TempDir
    Path dir;

    static ArchivedMeter meter(String address, double ct, String customer) {
        return new ArchivedMeter(address, ArchivedMeter.IN_SERVICE, "dlt645-2007", "gw-01", ct, 100, "industrial", "10kV",
                "north", "remote", null, null, "", customer, "SN" + address.substring(10), "", "", "", null, null);
    }

    String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new Headend());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        assertEquals(0, cmd.execute(args), err.toString());
        return new String[] {out.toString(), err.toString()};
    }

    @Test
    void listsTheCurrentArchiveAndOneMetersVersions() {
        String store = "embedded:" + dir.resolve("h.db");
        try (ReadingStore s = Stores.open(store)) {
            s.archive().sync(List.of(meter("000000000001", 40, "Mill, north gate"), meter("000000000002", 1, "")),
                    true, Instant.parse("2026-01-01T00:00:00Z"));
            s.archive().sync(List.of(meter("000000000001", 80, "Mill, north gate"), meter("000000000002", 1, "")),
                    true, Instant.parse("2026-02-01T00:00:00Z"));
        }
        String current = run("meters", "--store", store)[0];
        assertEquals(List.of(
                "meter,status,protocol,channel,ct_ratio,vt_ratio,multiplier,customer_class,voltage_level,area,reading_method,meter_serial",
                "000000000001,in_service,dlt645-2007,gw-01,80,100,8000,industrial,10kV,north,remote,SN01",
                "000000000002,in_service,dlt645-2007,gw-01,1,100,100,industrial,10kV,north,remote,SN02"),
                current.lines().toList());
        List<String> history = run("meters", "--store", store, "--meter", "000000000001")[0].lines().toList();
        assertEquals(3, history.size(), history.toString());
        assertTrue(history.get(1).startsWith("000000000001,2026-01-01T00:00:00Z,2026-02-01T00:00:00Z,in_service,dlt645-2007,gw-01,40,"),
                history.get(1));
        assertTrue(history.get(2).startsWith("000000000001,2026-02-01T00:00:00Z,,in_service,dlt645-2007,gw-01,80,"), history.get(2));
    }

    @Test
    void anEmptyArchiveSaysWhereItComesFrom() {
        String[] outErr = run("meters", "--store", "embedded:" + dir.resolve("empty.db"));
        assertTrue(outErr[1].contains("a collector records it when it starts"), outErr[1]);
    }
}
