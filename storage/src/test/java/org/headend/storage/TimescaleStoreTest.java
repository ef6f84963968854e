package org.headend.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract against PostgreSQL with TimescaleDB, from env {@code HEADEND_TEST_TIMESCALE_URL}.
 * CI serves it from {@code tools/timescaledb-wasm} (the TimescaleDB extension in PGlite, PostgreSQL
 * compiled to WebAssembly): one session at a time, so the store gets one connection and the tests
 * open none of their own while it is open. Each test has its own schema; the extension lives in
 * {@code public}, which every schema's search path ends with.
 */
class TimescaleStoreTest extends ReadingStoreContract {
    static TestDatabase database;
    String schema;

    @BeforeAll
    static void pickDatabase() throws SQLException {
        database = TestDatabase.from("HEADEND_TEST_TIMESCALE_URL",
                "jdbc:postgresql://127.0.0.1:5434/postgres?user=postgres&password=x&sslmode=disable", "TimescaleDB");
        if (database.url() != null) {
            PostgresStoreTest.sql(database.url(), "CREATE EXTENSION IF NOT EXISTS timescaledb");
        }
    }

    String url() {
        return PostgresStoreTest.withSchema(database.url(), schema + ",public");
    }

    static StoreOptions oneConnection() {
        return StoreOptions.defaults().withConnections(1);
    }

    @Override
    ReadingStore openStore() throws SQLException {
        Assumptions.assumeTrue(database.url() != null, database.skipReason());
        schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        PostgresStoreTest.sql(database.url(), "CREATE SCHEMA " + schema);
        return PostgresStore.open(url(), null, null, oneConnection(), PostgresStoreTest.JANUARY);
    }

    @Override
    void dropStore() throws SQLException {
        if (schema != null) {
            PostgresStoreTest.sql(database.url(), "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** The first column of the first row of {@code query}, run in the test's schema with the store closed. */
    String scalar(String query) throws SQLException {
        try (Connection c = DriverManager.getConnection(url()); ResultSet rs = c.createStatement().executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    void reopen(StoreOptions options) {
        store.close();
        store = PostgresStore.open(url(), null, null, options, PostgresStoreTest.JANUARY);
    }

    @Test
    void describeSaysTimescaleDbWithItsPolicies() {
        String d = store.describe();
        assertTrue(d.contains("TimescaleDB 2."), d);
        assertTrue(d.contains("hypertable, compression after 30 d, retention none"), d);
        assertTrue(d.contains("schema v" + PostgresStoreTest.latestVersion("postgresql")), d);
    }

    @Test
    void readingsAreAHypertableWithCompressionAndItsPolicy() throws SQLException {
        store.close();
        assertEquals("1", scalar("SELECT count(*) FROM timescaledb_information.hypertables"
                + " WHERE hypertable_schema = current_schema() AND hypertable_name = 'reading' AND compression_enabled"));
        assertEquals("30 days", scalar("SELECT config->>'compress_after' FROM timescaledb_information.jobs"
                + " WHERE hypertable_schema = current_schema() AND proc_name = 'policy_compression'"));
        store = null;
    }

    @Test
    void retentionAndCompressionFollowTheOptionsAtEveryOpen() throws SQLException {
        reopen(oneConnection().withRetention(Duration.ofDays(400)).withCompressAfter(Duration.ofDays(7)));
        assertTrue(store.describe().contains("compression after 7 d, retention 400 d"), store.describe());
        store.close();
        assertEquals("400 days", scalar("SELECT config->>'drop_after' FROM timescaledb_information.jobs"
                + " WHERE hypertable_schema = current_schema() AND proc_name = 'policy_retention'"));
        assertEquals("7 days", scalar("SELECT config->>'compress_after' FROM timescaledb_information.jobs"
                + " WHERE hypertable_schema = current_schema() AND proc_name = 'policy_compression'"));

        reopen(oneConnection());
        store.close();
        assertEquals("0", scalar("SELECT count(*) FROM timescaledb_information.jobs"
                + " WHERE hypertable_schema = current_schema() AND proc_name = 'policy_retention'"));
        store = null;
    }

    @Test
    void compressedChunksStillAnswerAndTakeRewritesHarmlessly() throws SQLException {
        store.write(List.of(energy("000000000001", at(0), 1.0), energy("000000000001", at(15), 2.0)));
        store.close();
        try (Connection c = DriverManager.getConnection(url())) {
            c.createStatement().execute("SELECT compress_chunk(c) FROM show_chunks('reading') c");
        }
        store = PostgresStore.open(url(), null, null, oneConnection(), PostgresStoreTest.JANUARY);
        assertEquals(0, store.write(List.of(energy("000000000001", at(0), 1.0))));
        assertEquals(List.of(energy("000000000001", at(0), 1.0), energy("000000000001", at(15), 2.0)),
                store.between("000000000001", ENERGY, at(0), at(60)));
        assertEquals(2, store.count());
    }
}
