package org.headend.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends ReadingStoreContract {
    @TempDir
    Path dir;

    @Override
    ReadingStore openStore() {
        return Stores.open("embedded:" + dir.resolve("nested/dirs/headend.db"));
    }

    @Test
    void describeSaysSqliteWalAndTheFile() {
        String d = store.describe();
        assertTrue(d.startsWith("SQLite 3."), d);
        assertTrue(d.contains("WAL, synchronous=NORMAL"), d);
        assertTrue(d.contains(dir.resolve("nested/dirs/headend.db").toString()), d);
    }

    @Test
    void fullSyncIsConfigurable() {
        try (ReadingStore full = Stores.open("embedded:" + dir.resolve("full.db"), StoreOptions.defaults().withFullSync(true))) {
            assertTrue(full.describe().contains("synchronous=FULL"), full.describe());
        }
    }

    @Test
    void aReaderHoldingASnapshotDoesNotBlockTheWriter() throws Exception {
        store.write(List.of(energy("000000000001", at(0), 1.0)));
        // another process (a report tool, the sqlite3 CLI) in the middle of a long read
        try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("nested/dirs/headend.db"))) {
            reader.setAutoCommit(false);
            try (ResultSet rs = reader.createStatement().executeQuery("SELECT count(*) FROM reading")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
            assertEquals(1, store.write(List.of(energy("000000000001", at(15), 2.0))));
            assertEquals(2, store.count());
            try (ResultSet rs = reader.createStatement().executeQuery("SELECT count(*) FROM reading")) {
                rs.next();
                assertEquals(1, rs.getInt(1)); // its snapshot is unchanged: WAL isolation
            }
        }
    }

    @Test
    void readingsSurviveReopeningTheFile() {
        store.write(List.of(energy("000000000001", at(0), 1.0)));
        store.close();
        store = openStore();
        assertEquals(1, store.count());
        assertEquals(1, store.write(List.of(energy("000000000001", at(15), 2.0))));
        assertEquals(2.0, store.last("000000000001", ENERGY).orElseThrow().value());
    }

    @Test
    void anotherProcessOnTheFileSeesTheNewestReadingOfEachMeterAtOnce() {
        // readings arrive out of order; the newest per meter comes from the file, not from this store's memory
        store.write(List.of(energy("000000000001", at(30), 3.0), energy("000000000002", at(0), 5.0)));
        store.write(List.of(energy("000000000001", at(15), 2.0), energy("000000000002", at(45), 6.0)));
        assertEquals(List.of(energy("000000000001", at(30), 3.0), energy("000000000002", at(45), 6.0)), store.lastPerMeter(ENERGY));
        try (ReadingStore other = openStore()) { // a second opener, like 'headend readings' beside a running demo
            assertEquals(List.of(energy("000000000001", at(30), 3.0), energy("000000000002", at(45), 6.0)),
                    other.lastPerMeter(ENERGY));
            store.write(List.of(energy("000000000002", at(60), 7.0)));
            assertEquals(energy("000000000002", at(60), 7.0), other.last("000000000002", ENERGY).orElseThrow());
        }
    }

    @Test
    void aVersion7FileIsMigratedKeepingItsComparedChecks() throws Exception {
        Path old = dir.resolve("v7.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old)) {
            assertEquals(7, new Migrator("sqlite", "sqlite", null).migrate(c, 7));
            ReadingStoreContract.compareChecksAsVersion7Did(c);
        }
        try (ReadingStore migrated = Stores.open("embedded:" + old)) {
            ReadingStoreContract.assertVersion7ChecksKept(migrated);
        }
    }

    @Test
    void aVersion1FileIsMigratedKeepingItsReadings() throws Exception {
        Path old = dir.resolve("v1.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old)) {
            assertEquals(1, new Migrator("sqlite", "sqlite", null).migrate(c, 1));
            c.createStatement().execute("INSERT INTO series (quantity, meter, id, last_time, last_value, last_unit,"
                    + " last_quality, last_source) VALUES ('" + ENERGY + "', '000000000001', 1, " + at(0).toEpochMilli()
                    + ", 1.0, 'kWh', 0, 0)");
            c.createStatement().execute("INSERT INTO reading (time, series, value, unit, quality, source) VALUES ("
                    + at(0).toEpochMilli() + ", 1, 1.0, 'kWh', 0, 0)");
        }
        try (ReadingStore migrated = Stores.open("embedded:" + old)) {
            int latest = PostgresStoreTest.latestVersion("sqlite");
            assertTrue(migrated.describe().contains("schema v" + latest), migrated.describe());
            assertEquals(List.of(energy("000000000001", at(0), 1.0)), migrated.between("000000000001", ENERGY, at(0), at(1)));
            PollDay tally = new PollDay(java.time.LocalDate.parse("2026-02-01"), "000000000001", 1, 1, 0, 0, at(0));
            migrated.writePollDays(List.of(tally)); // the tables of later versions are there
            assertEquals(List.of(tally), migrated.pollDays(tally.day(), tally.day().plusDays(1)));
        }
    }
}
