package org.headend.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract against a real PostgreSQL, from env {@code HEADEND_TEST_JDBC_URL}
 * (e.g. {@code jdbc:postgresql://127.0.0.1:5432/headend_test?user=postgres}). Each test gets its
 * own schema, dropped afterwards, so parallel runs on one database do not collide. Without the
 * variable the class is skipped, except on CI ({@code CI=true}), where that is a failure: CI must
 * never silently skip the database.
 */
class PostgresStoreTest extends ReadingStoreContract {
    static final String PARTITIONED_VARIANT = PostgresStore.PARTITIONED;
    static final Clock JANUARY = Clock.fixed(Instant.parse("2026-01-15T00:00:00Z"), ZoneOffset.UTC);

    /** The newest migration shipped: V1..Vn without gaps, the dialect's or common/ (Migrator). */
    static final int LATEST = latestVersion("postgresql");

    static String baseUrl;
    static String skipReason;
    String schema;

    static int latestVersion(String dialect) {
        int n = 0;
        while (Migrator.class.getResource("/org/headend/storage/db/" + dialect + "/V" + (n + 1) + ".sql") != null
                || Migrator.class.getResource("/org/headend/storage/db/common/V" + (n + 1) + ".sql") != null) {
            n++;
        }
        return n;
    }

    @BeforeAll
    static void pickDatabase() {
        baseUrl = database();
    }

    /**
     * The test database's URL; or null with {@link #skipReason} set, so that every test is reported
     * skipped with the reason; on CI a failure instead.
     */
    static String database() {
        TestDatabase d = TestDatabase.from("HEADEND_TEST_JDBC_URL",
                "jdbc:postgresql://127.0.0.1:5432/headend_test?user=postgres", "PostgreSQL", "postgres:16-alpine");
        skipReason = d.skipReason();
        return d.url();
    }

    static String withSchema(String url, String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    static void sql(String url, String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().execute(statement);
        }
    }

    @Override
    ReadingStore openStore() throws SQLException {
        Assumptions.assumeTrue(skipReason == null, skipReason);
        schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        sql(baseUrl, "CREATE SCHEMA " + schema);
        return PostgresStore.open(withSchema(baseUrl, schema), null, null, StoreOptions.defaults(), JANUARY);
    }

    @Override
    void dropStore() throws SQLException {
        if (schema == null) {
            return;
        }
        sql(baseUrl, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    long rowsIn(String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(withSchema(baseUrl, schema))) {
            var rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table);
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void describeSaysWhichLayoutItChose() {
        String d = store.describe();
        assertTrue(d.startsWith("PostgreSQL 1"), d);
        assertTrue(d.contains("schema " + schema), d);
        assertTrue(d.contains("native monthly partitions") || d.contains("TimescaleDB"), d);
    }

    @Test
    void monthsAheadArePartitionedAtOpenAndTheDefaultPartitionStaysEmpty() throws SQLException {
        assertTrue(store.describe().contains("4 monthly partitions 2026-01..2026-04"), store.describe());
        store.write(List.of(energy("000000000001", Instant.parse("2019-06-01T00:00:00Z"), 1.0),
                energy("000000000001", at(0), 2.0), energy("000000000001", Instant.parse("2031-12-31T23:59:59Z"), 3.0)));
        assertEquals(1, rowsIn("reading_p201906"));
        assertEquals(1, rowsIn("reading_p203112"));
        assertEquals(0, rowsIn("reading_default"));
    }

    @Test
    void reopeningKeepsTheSchemaAndTheReadings() throws SQLException {
        store.write(List.of(energy("000000000001", at(0), 1.0)));
        store.close();
        store = PostgresStore.open(withSchema(baseUrl, schema), null, null, StoreOptions.defaults(), JANUARY);
        assertEquals(1, store.count());
        assertTrue(store.describe().contains("schema v" + LATEST), store.describe());
        // a fresh process knows no series ids yet: the stored series is found, not created again
        assertEquals(1, store.write(List.of(energy("000000000001", at(15), 2.0))));
        assertEquals(List.of(energy("000000000001", at(0), 1.0), energy("000000000001", at(15), 2.0)),
                store.between("000000000001", ENERGY, at(0), at(60)));
        assertEquals(1, rowsIn("series"));
    }

    @Test
    void retentionDropsWholeMonthsOlderThanIt() throws SQLException {
        store.write(List.of(energy("000000000001", Instant.parse("2025-06-10T00:00:00Z"), 1.0), energy("000000000001", at(0), 2.0)));
        store.close();
        store = PostgresStore.open(withSchema(baseUrl, schema), null, null,
                StoreOptions.defaults().withRetention(java.time.Duration.ofDays(90)), JANUARY);
        assertEquals(List.of(energy("000000000001", at(0), 2.0)),
                store.between("000000000001", ENERGY, Instant.parse("2025-01-01T00:00:00Z"), at(60)));
        assertTrue(store.describe().contains("1 dropped by retention"), store.describe());
    }

    @Test
    void lastPerMeterFollowsWhatAnotherProcessWritesToTheSameDatabase() throws SQLException {
        store.write(List.of(energy("000000000001", at(0), 1.0)));
        assertEquals(List.of(energy("000000000001", at(0), 1.0)), store.lastPerMeter(ENERGY));
        try (ReadingStore other = PostgresStore.open(withSchema(baseUrl, schema), null, null, StoreOptions.defaults(), JANUARY)) {
            other.write(List.of(energy("000000000001", at(15), 2.0), energy("000000000002", at(15), 5.0)));
        }
        assertEquals(List.of(energy("000000000001", at(15), 2.0), energy("000000000002", at(15), 5.0)),
                store.lastPerMeter(ENERGY));
    }

    @Test
    void lastPerMeterSeesAChangeCommittedAfterItByATransactionStartedBefore() throws SQLException {
        store.write(List.of(energy("000000000001", at(0), 1.0), energy("000000000002", at(0), 1.0)));
        try (Connection slow = DriverManager.getConnection(withSchema(baseUrl, schema))) {
            slow.setAutoCommit(false);
            slow.createStatement().execute("SELECT pg_current_xact_id()"); // its xid is now older than what follows
            store.write(List.of(energy("000000000002", at(15), 2.0)));
            assertEquals(List.of(energy("000000000001", at(0), 1.0), energy("000000000002", at(15), 2.0)),
                    store.lastPerMeter(ENERGY));
            // as the store's merge moves a series (schema V5), committed after the call above
            slow.createStatement().execute("UPDATE series SET last_time = '" + at(30) + "', last_value = 3.0,"
                    + " last_xid = pg_current_xact_id() WHERE meter = '000000000001'");
            slow.commit();
        }
        assertEquals(List.of(energy("000000000001", at(30), 3.0), energy("000000000002", at(15), 2.0)),
                store.lastPerMeter(ENERGY));
    }

    @Test
    void ownWritesAreAppliedToTheLastReadingsAndNotFetchedAgainWhileOthersAre() throws SQLException {
        List<Reading> cycle = new java.util.ArrayList<>();
        for (int m = 1; m <= 50; m++) {
            cycle.add(energy(String.format("%012d", m), at(0), m));
        }
        store.write(cycle);
        assertEquals(cycle, store.lastPerMeter(ENERGY));
        List<Reading> next = cycle.stream().map(r -> energy(r.meter(), at(15), r.value() + 1)).toList();
        store.write(next);
        assertEquals(next, store.lastPerMeter(ENERGY));
        assertEquals(0, ((PostgresStore) store).lastPerMeterFetched(), "this process's own cycle is not fetched again");

        try (ReadingStore other = PostgresStore.open(withSchema(baseUrl, schema), null, null, StoreOptions.defaults(), JANUARY)) {
            other.write(List.of(energy("000000000001", at(30), 100.0), energy("000000000002", at(30), 200.0)));
        }
        store.write(List.of(energy("000000000002", at(45), 300.0)));
        List<Reading> got = store.lastPerMeter(ENERGY);
        assertEquals(energy("000000000001", at(30), 100.0), got.get(0), "another process's newer reading");
        assertEquals(energy("000000000002", at(45), 300.0), got.get(1), "our newer reading over theirs");
        assertEquals(next.get(2), got.get(2));
        assertEquals(1, ((PostgresStore) store).lastPerMeterFetched(), "only the row the other process moved last");

        // a rewrite of a stored key with another value: the stored value stands, here as in the database
        store.write(List.of(energy("000000000003", at(15), 99.0), energy("000000000003", at(60), 4.0)));
        store.write(List.of(energy("000000000003", at(60), 77.0), energy("000000000004", at(60), 5.0)));
        got = store.lastPerMeter(ENERGY);
        assertEquals(energy("000000000003", at(60), 4.0), got.get(2));
        assertEquals(energy("000000000004", at(60), 5.0), got.get(3));
    }

    @Test
    void aroundAnswersProbesOfSeveralChunksInTheirOrder() {
        store.write(List.of(energy("000000000001", at(0), 1.0), energy("000000000001", at(60), 2.0),
                energy("000000000002", at(30), 5.0)));
        List<MeterTime> probes = new java.util.ArrayList<>();
        for (int i = 0; i < 2 * PostgresAround.CHUNK + 7; i++) { // three chunks, on more than one connection
            probes.add(new MeterTime(i % 3 == 2 ? "000000000002" : "000000000001", at(i % 90)));
        }
        List<ReadingsAround> got = store.around(ENERGY, probes, java.time.Duration.ofHours(1));
        assertEquals(probes.size(), got.size());
        for (int i = 0; i < probes.size(); i++) {
            MeterTime p = probes.get(i);
            assertEquals(p, got.get(i).at(), "answer " + i + " is its probe's");
            Instant before = p.meter().endsWith("2") ? (p.time().isBefore(at(30)) ? null : at(30))
                    : p.time().isBefore(at(60)) ? at(0) : at(60);
            assertEquals(before, got.get(i).before() == null ? null : got.get(i).before().time(), "before of answer " + i);
        }
    }

    @Test
    void userAndPasswordMayComeFromTheEnvironmentWhenTheUrlHasNone() {
        // a wrong user from the "environment" must reach the server: the error proves it was used
        String noUser = baseUrl.replaceAll("[?&]user=[^&]*", "").replaceAll("[?&]password=[^&]*", "");
        StoreException e = assertThrows(StoreException.class, () -> PostgresStore.open(
                noUser, "no_such_role_headend", "x", StoreOptions.defaults(), JANUARY));
        assertTrue(e.getMessage().contains("no_such_role_headend"), e.getMessage());
    }

    /** The columns of reading's primary key, in key order, e.g. "series,time". */
    String readingKey() throws SQLException {
        try (Connection c = DriverManager.getConnection(withSchema(baseUrl, schema))) {
            var rs = c.createStatement().executeQuery("SELECT string_agg(a.attname, ',' ORDER BY k.ord) "
                    + "FROM pg_index i JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(att, ord) ON true "
                    + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.att "
                    + "WHERE i.indrelid = 'reading'::regclass AND i.indisprimary");
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void anEmptyDatabaseGetsTheLatestSchemaWithReadingsKeyedBySeriesThenTime() throws SQLException {
        assertEquals("series,time", readingKey());
        assertEquals(0, rowsIn("pg_indexes WHERE schemaname = current_schema() AND indexname = 'reading_by_series'"));
        assertEquals(LATEST, rowsIn("schema_version WHERE variant = 'partitioned'"));
        assertEquals(2, rowsIn("pg_tables WHERE schemaname = current_schema() AND tablename IN ('meter_event', 'poll_day')"));
    }

    /** Closes the test's store and remakes its schema as migration {@code version} left it, empty. */
    private Connection emptySchemaAtVersion(int version) throws SQLException {
        store.close();
        sql(baseUrl, "DROP SCHEMA " + schema + " CASCADE");
        sql(baseUrl, "CREATE SCHEMA " + schema);
        Connection c = DriverManager.getConnection(withSchema(baseUrl, schema));
        assertEquals(version, new Migrator("postgresql", PARTITIONED_VARIANT, null).migrate(c, version));
        return c;
    }

    @Test
    void aVersion7DatabaseIsMigratedKeepingItsComparedChecks() throws SQLException {
        try (Connection c = emptySchemaAtVersion(7)) {
            ReadingStoreContract.compareChecksAsVersion7Did(c);
        }
        store = PostgresStore.open(withSchema(baseUrl, schema), null, null, StoreOptions.defaults(), JANUARY);
        ReadingStoreContract.assertVersion7ChecksKept(store);
    }

    @Test
    void aVersion1DatabaseIsMigratedKeepingItsReadingsAndLastReadings() throws SQLException {
        try (Connection c = emptySchemaAtVersion(1)) {
            var s = c.createStatement();
            // as the V1 store left them: a monthly partition, series with its last reading, two readings
            s.execute("CREATE TABLE reading_p202601 PARTITION OF reading FOR VALUES FROM ('2026-01-01') TO ('2026-02-01')");
            s.execute("INSERT INTO series (quantity, meter, last_time, last_value, last_unit, last_quality, last_source) "
                    + "VALUES ('" + ENERGY + "', '000000000001', '" + at(15) + "', 2.0, 'kWh', 0, 0)");
            s.execute("INSERT INTO reading (time, value, series, quality, source, unit) SELECT t, v, id, 0, 0, 'kWh' "
                    + "FROM series, (VALUES (timestamptz '" + at(0) + "', 1.0), (timestamptz '" + at(15) + "', 2.0)) r(t, v)");
        }
        assertEquals("time,series", readingKey());

        store = PostgresStore.open(withSchema(baseUrl, schema), null, null, StoreOptions.defaults(), JANUARY);
        assertTrue(store.describe().contains("schema v" + LATEST), store.describe());
        assertEquals("series,time", readingKey());
        assertEquals(List.of(energy("000000000001", at(0), 1.0), energy("000000000001", at(15), 2.0)),
                store.between("000000000001", ENERGY, at(0), at(60)));
        assertEquals(List.of(energy("000000000001", at(15), 2.0)), store.lastPerMeter(ENERGY));
        // the new key still makes a rewrite harmless, and the last reading moves on
        assertEquals(1, store.write(List.of(energy("000000000001", at(15), 2.0), energy("000000000001", at(30), 3.0))));
        assertEquals(energy("000000000001", at(30), 3.0), store.last("000000000001", ENERGY).orElseThrow());
        assertEquals(3, store.count());
    }
}
