package org.headend.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract against PostgreSQL with TimescaleDB, from env {@code HEADEND_TEST_TIMESCALE_URL}
 * (or a Testcontainers TimescaleDB where Docker runs). CI serves it from {@code tools/timescaledb-wasm} (the TimescaleDB extension in PGlite, PostgreSQL
 * compiled to WebAssembly): one session at a time, so the store gets one connection and the tests
 * open none of their own while it is open. Each test has its own schema; the extension lives in
 * {@code public}, which every schema's search path ends with.
 */
class TimescaleStoreTest extends ReadingStoreContract {
    static TestDatabase database;
    /** After every reading the tests write: their days are complete, so a query may materialize them. */
    static final Clock DECEMBER = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
    String schema;

    @BeforeAll
    static void pickDatabase() throws SQLException {
        database = TestDatabase.from("HEADEND_TEST_TIMESCALE_URL",
                "jdbc:postgresql://127.0.0.1:5434/postgres?user=postgres&password=x&sslmode=disable", "TimescaleDB",
                "timescale/timescaledb:latest-pg16");
        if (database.url() != null) {
            PostgresStoreTest.sql(database.url(), "CREATE EXTENSION IF NOT EXISTS timescaledb");
        }
    }

    String url() {
        return PostgresStoreTest.withSchema(database.url(), schema + ",public");
    }

    /** One connection (PGlite serves one session); daily openings in UTC, the zone most contract tests ask in. */
    static StoreOptions oneConnection() {
        return StoreOptions.defaults().withConnections(1).withDailyZone(ZoneOffset.UTC);
    }

    @Override
    ReadingStore openStore() throws SQLException {
        Assumptions.assumeTrue(database.url() != null, database.skipReason());
        schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        PostgresStoreTest.sql(database.url(), "CREATE SCHEMA " + schema);
        return PostgresStore.open(url(), null, null, oneConnection(), DECEMBER);
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
        store = PostgresStore.open(url(), null, null, options, DECEMBER);
    }

    @Test
    void describeSaysTimescaleDbWithItsPolicies() {
        String d = store.describe();
        assertTrue(d.contains("TimescaleDB 2."), d);
        assertTrue(d.contains("hypertable, compression after 30 d, retention none, daily openings aggregated in UTC"), d);
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
        store = PostgresStore.open(url(), null, null, oneConnection(), DECEMBER);
        assertEquals(0, store.write(List.of(energy("000000000001", at(0), 1.0))));
        assertEquals(List.of(energy("000000000001", at(0), 1.0), energy("000000000001", at(15), 2.0)),
                store.between("000000000001", ENERGY, at(0), at(60)));
        assertEquals(2, store.count());
    }

    /** Rows materialized by the daily-openings aggregate (not the real-time part of its view). */
    String materializedOpenings() throws SQLException {
        String table = scalar("SELECT format('%I.%I', materialization_hypertable_schema, materialization_hypertable_name)"
                + " FROM timescaledb_information.continuous_aggregates WHERE view_schema = current_schema()"
                + " AND view_name = 'reading_daily'");
        return scalar("SELECT count(*) FROM " + table);
    }

    /** Hourly register readings of one meter, rising 1 kWh an hour, from {@code from} for {@code hours}. */
    static List<Reading> hourly(String meter, Instant from, int hours) {
        List<Reading> out = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            out.add(energy(meter, from.plus(Duration.ofHours(h)), h));
        }
        return out;
    }

    @Test
    void dailyUseInTheAggregatesZoneComesFromItAcrossDaylightSavingAndSeesLateReadings() throws SQLException {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        reopen(oneConnection().withDailyZone(berlin));
        assertTrue(store.describe().contains("daily openings aggregated in Europe/Berlin"), store.describe());
        // 2026-03-29 in Berlin is 23 hours long; readings from 27 March 23:00 UTC (28 March 00:00 local),
        // all but the one at the 29th's local midnight (28 March 23:00 UTC), which comes late
        List<Reading> readings = new ArrayList<>(hourly("000000000001", Instant.parse("2026-03-27T23:00:00Z"), 72));
        Reading late = readings.remove(24);
        store.write(readings);
        LocalDate from = LocalDate.parse("2026-03-28");
        assertEquals(List.of(25.0, 22.0, 24.0), store.dailyUse("000000000001", ENERGY, from, from.plusDays(3), berlin)
                .stream().map(DailyUse::use).toList(), "the 29th opens at 01:00 local without the late reading");
        store.close();
        assertTrue(Long.parseLong(materializedOpenings()) >= 3, "the query refreshed the aggregate");

        store = PostgresStore.open(url(), null, null, oneConnection().withDailyZone(berlin), DECEMBER);
        store.write(List.of(late));
        assertEquals(List.of(24.0, 23.0, 24.0), store.dailyUse("000000000001", ENERGY, from, from.plusDays(3), berlin)
                .stream().map(DailyUse::use).toList(), "the late reading is the 29th's opening now");
    }

    @Test
    void anotherZoneAtOpenRemakesTheAggregateAndOtherZonesAreComputedFromTheReadings() throws SQLException {
        store.write(hourly("000000000001", Instant.parse("2026-01-30T00:00:00Z"), 72));
        LocalDate from = LocalDate.parse("2026-01-30");
        assertEquals(List.of(24.0, 24.0), store.dailyUse("000000000001", ENERGY, from, from.plusDays(2), ZoneOffset.UTC)
                .stream().map(DailyUse::use).toList());
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        List<DailyUse> computed = store.dailyUse("000000000001", ENERGY, from.plusDays(1), from.plusDays(2), shanghai);

        reopen(oneConnection().withDailyZone(shanghai));
        assertTrue(store.describe().contains("daily openings aggregated in Asia/Shanghai"), store.describe());
        assertEquals(computed, store.dailyUse("000000000001", ENERGY, from.plusDays(1), from.plusDays(2), shanghai));
        store.close();
        assertEquals("Asia/Shanghai", scalar("SELECT obj_description('reading_daily'::regclass, 'pg_class')"));
        store = null;
    }

    @Test
    void aVersion1HypertableIsMigratedKeepingItsReadingsAndLastReadings() throws SQLException {
        store.close();
        store = null;
        dropStore();
        PostgresStoreTest.sql(database.url(), "CREATE SCHEMA " + schema);
        try (Connection c = DriverManager.getConnection(url())) {
            assertEquals(1, new Migrator("postgresql", PostgresStore.TIMESCALEDB, null).migrate(c, 1));
            var s = c.createStatement();
            s.execute("INSERT INTO series (quantity, meter, last_time, last_value, last_unit, last_quality, last_source) "
                    + "VALUES ('" + ENERGY + "', '000000000001', '" + at(15) + "', 2.0, 'kWh', 0, 0)");
            s.execute("INSERT INTO reading (time, value, series, quality, source, unit) SELECT t, v, id, 0, 0, 'kWh' "
                    + "FROM series, (VALUES (timestamptz '" + at(0) + "', 1.0), (timestamptz '" + at(15) + "', 2.0)) r(t, v)");
        }
        store = PostgresStore.open(url(), null, null, oneConnection(), DECEMBER);
        assertTrue(store.describe().contains("schema v" + PostgresStoreTest.latestVersion("postgresql")), store.describe());
        assertEquals(List.of(energy("000000000001", at(0), 1.0), energy("000000000001", at(15), 2.0)),
                store.between("000000000001", ENERGY, at(0), at(60)));
        assertEquals(List.of(energy("000000000001", at(15), 2.0)), store.lastPerMeter(ENERGY));
        assertEquals(1, store.write(List.of(energy("000000000001", at(15), 2.0), energy("000000000001", at(30), 3.0))));
        assertEquals(energy("000000000001", at(30), 3.0), store.last("000000000001", ENERGY).orElseThrow());
    }

    @Test
    void aToolOpeningTheStoreLeavesThePoliciesAndTheAggregateAsTheCollectorSetThem() throws SQLException {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        reopen(oneConnection().withRetention(Duration.ofDays(400)).withDailyZone(shanghai));
        store.close();
        store = PostgresStore.open(url(), null, null, oneConnection(), true, DECEMBER);
        assertTrue(store.describe().contains("policies as set, daily openings aggregated in Asia/Shanghai"), store.describe());
        store.close();
        store = null;
        assertEquals("400 days", scalar("SELECT config->>'drop_after' FROM timescaledb_information.jobs"
                + " WHERE hypertable_schema = current_schema() AND proc_name = 'policy_retention'"));
        assertEquals("Asia/Shanghai", scalar("SELECT obj_description('reading_daily'::regclass, 'pg_class')"));
    }

    @Test
    void aToolOnADatabaseWithoutTheAggregateComputesDailyUseFromTheReadings() throws SQLException {
        store.write(hourly("000000000001", Instant.parse("2026-01-30T00:00:00Z"), 49));
        store.close();
        PostgresStoreTest.sql(url(), "DROP MATERIALIZED VIEW reading_daily"); // e.g. dropped by a DBA to rebuild it
        store = PostgresStore.open(url(), null, null, oneConnection(), true, DECEMBER);
        assertEquals(List.of(24.0, 24.0), store.dailyUse("000000000001", ENERGY, LocalDate.parse("2026-01-30"),
                LocalDate.parse("2026-02-01"), ZoneOffset.UTC).stream().map(DailyUse::use).toList());
    }

    @Test
    void theDayUnderWayIsNeverMaterializedSoItsWritesCostNoRecomputation() throws SQLException {
        Instant now = Instant.parse("2026-03-10T12:00:00Z");
        store.close();
        store = PostgresStore.open(url(), null, null, oneConnection(), true, Clock.fixed(now, ZoneOffset.UTC));
        store.write(hourly("000000000001", Instant.parse("2026-03-08T00:00:00Z"), 60)); // to 10 March 11:00
        LocalDate from = LocalDate.parse("2026-03-08");
        assertEquals(List.of(24.0, 24.0), store.dailyUse("000000000001", ENERGY, from, from.plusDays(2), ZoneOffset.UTC)
                .stream().map(DailyUse::use).toList());
        store.close();
        store = null;
        assertEquals("2", materializedOpenings(), "8 and 9 March materialized, 10 March (today) left live");
    }

    @Test
    void whenTheAggregateCannotBeMadeTheStoreOpensAndComputesDailyUse() throws SQLException {
        store.close();
        store = null;
        PostgresStoreTest.sql(url(), "DROP MATERIALIZED VIEW reading_daily");
        PostgresStoreTest.sql(url(), "CREATE TABLE reading_daily (x int)"); // someone else's table in the way
        store = PostgresStore.open(url(), null, null, oneConnection(), DECEMBER);
        assertTrue(!store.describe().contains("daily openings"), store.describe());
        store.write(hourly("000000000001", Instant.parse("2026-01-30T00:00:00Z"), 49));
        assertEquals(List.of(24.0, 24.0), store.dailyUse("000000000001", ENERGY, LocalDate.parse("2026-01-30"),
                LocalDate.parse("2026-02-01"), ZoneOffset.UTC).stream().map(DailyUse::use).toList());
    }
}
