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
}
