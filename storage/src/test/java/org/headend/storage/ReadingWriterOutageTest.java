package org.headend.storage;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, "How it is checked": the database lost mid-run (a TCP proxy that drops and refuses
 * connections; a real PostgreSQL cluster stopped and started) and the writer's process killed
 * with SIGKILL while spooling. Every time: readings stored = readings accepted, none twice, and
 * the spool drains in the order the readings were accepted. Needs HEADEND_TEST_JDBC_URL like
 * {@link PostgresStoreTest}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadingWriterOutageTest {
    static final int BATCH = 50;
    static String baseUrl;

    @TempDir
    Path dir;
    final List<String> schemas = new ArrayList<>();

    /** Made while the other tests run: creating a cluster takes 5-15 s on a loaded machine. */
    static CompletableFuture<TestCluster> cluster;

    @BeforeAll
    static void pickDatabase() {
        baseUrl = PostgresStoreTest.database();
        if (baseUrl != null) {
            cluster = CompletableFuture.supplyAsync(() -> {
                try {
                    return TestCluster.create();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while creating the test cluster", e);
                }
            });
        }
    }

    @AfterAll
    static void dropCluster() throws IOException {
        if (cluster != null) {
            TestCluster c = cluster.join();
            if (c != null) {
                c.close();
            }
        }
    }

    @AfterEach
    void dropSchemas() throws SQLException {
        for (String s : schemas) {
            PostgresStoreTest.sql(baseUrl, "DROP SCHEMA IF EXISTS " + s + " CASCADE");
        }
    }

    /** A fresh schema on the test database, dropped after the test; the URL reaching it via {@code port}. */
    String freshSchema(int port) throws SQLException {
        Assumptions.assumeTrue(baseUrl != null, PostgresStoreTest.skipReason);
        String schema = "o_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        PostgresStoreTest.sql(baseUrl, "CREATE SCHEMA " + schema);
        schemas.add(schema);
        String url = port < 0 ? baseUrl : baseUrl.replaceFirst("//[^/]+/", "//127.0.0.1:" + port + "/");
        return PostgresStoreTest.withSchema(url, schema);
    }

    static WriterSettings spooled(Path spool) {
        return WriterSettings.defaults().withBatchSize(BATCH).withInterval(Duration.ofMillis(20))
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).withCloseTimeout(Duration.ofSeconds(20))
                .withSpool(spool, 16L << 20);
    }

    @Test
    @Order(1)
    void theSpoolKeepsAcceptingWhileAProxyDropsTheDatabaseAndDrainsInOrderAfter() throws Exception {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", port(baseUrl()))) {
            String url = freshSchema(proxy.port());
            outageRun(url, new Outage() {
                @Override
                public void begin() throws IOException {
                    proxy.cut();
                }

                @Override
                public void end() throws IOException {
                    proxy.restore();
                }
            });
        }
    }

    @Test
    @Order(3)
    void aStoppedAndRestartedClusterLosesNothingAndDuplicatesNothing() throws Exception {
        Assumptions.assumeTrue(baseUrl != null, PostgresStoreTest.skipReason);
        TestCluster made = cluster.join(); // dropped in @AfterAll
        Assumptions.assumeTrue(made != null, TestCluster.skipReason);
        String url = "jdbc:postgresql://127.0.0.1:" + made.port() + "/postgres?user=postgres";
        outageRun(url, new Outage() {
            @Override
            public void begin() throws IOException, InterruptedException {
                made.stop();
            }

            @Override
            public void end() throws IOException, InterruptedException {
                made.start();
            }
        });
    }

    @Test
    @Order(2)
    void whatAKilledWriterSpooledIsStoredOnceByTheNextWriter() throws Exception {
        String url = freshSchema(-1);
        Path spool = dir.resolve("spool");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                SpoolingChild.class.getName(), spool.toString(),
                "jdbc:postgresql://127.0.0.1:" + closedPort() + "/headend?user=postgres", String.valueOf(BATCH))
                .redirectError(dir.resolve("child.err").toFile()).start();
        long acknowledged = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged < 20 * BATCH && (line = out.readLine()) != null) {
                if (line.startsWith("SPOOLED ")) {
                    acknowledged = Long.parseLong(line.substring(8).strip());
                }
            }
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close()
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        assertTrue(acknowledged >= 20 * BATCH, "child spooled only " + acknowledged + " readings; its stderr: "
                + Files.readString(dir.resolve("child.err")));
        assertEquals(137, child.exitValue(), "killed by SIGKILL");

        try (ReadingStore store = PostgresStore.open(url, null, null, StoreOptions.defaults(), PostgresStoreTest.JANUARY)) {
            ReadingWriter writer = ReadingWriter.start(store, spooled(spool));
            writer.close();
            long stored = store.count();
            assertTrue(stored >= acknowledged, "stored " + stored + " < acknowledged " + acknowledged);
            assertEquals(0, stored % BATCH, "whole batches only: " + stored);
            assertEquals(stored, writer.stats().stored(), "each reading new exactly once");
            assertEquals(0, writer.stats().backlogBatches());
            assertStoredExactly(store, ReadingWriterTest.readings(0, (int) stored));
        }
    }

    interface Outage {
        void begin() throws IOException, InterruptedException;

        void end() throws IOException, InterruptedException;
    }

    /** Writes, loses the database, keeps accepting, gets it back, and checks what was stored. */
    void outageRun(String url, Outage outage) throws Exception {
        List<Reading> all = ReadingWriterTest.readings(0, 20 * BATCH);
        try (Recorded store = new Recorded(Stores.openDeferred(url, StoreOptions.defaults()))) {
            ReadingWriter writer = ReadingWriter.start(store, spooled(dir.resolve("spool")));
            writer.acceptAll(all.subList(0, 5 * BATCH));
            await().atMost(Duration.ofSeconds(20)).until(() -> writer.stats().written() == 5 * BATCH);

            outage.begin();
            writer.acceptAll(all.subList(5 * BATCH, 15 * BATCH)); // returns: nothing waits for the database
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.stats().failures() >= 2
                    && writer.stats().backlogBatches() >= 2);
            assertTrue(writer.stats().spooledBytes() > 0, writer.stats().toString());
            outage.end();

            writer.acceptAll(all.subList(15 * BATCH, all.size()));
            await().atMost(Duration.ofSeconds(40)).until(() -> writer.stats().written() == all.size());
            writer.close();
            ReadingWriter.Stats stats = writer.stats();
            assertEquals(all.size(), stats.accepted());
            assertEquals(all.size(), stats.stored(), "each reading new exactly once: " + stats);
            assertEquals(all.size(), store.count());
            assertStoredExactly(store, all);
            // in order: the batches the store committed, first sightings, are the accepted sequence
            LinkedHashSet<Reading> firstSeen = new LinkedHashSet<>();
            store.committed.forEach(firstSeen::addAll);
            assertEquals(all, new ArrayList<>(firstSeen));
        }
    }

    static void assertStoredExactly(ReadingStore store, List<Reading> expected) {
        for (String meter : expected.stream().map(Reading::meter).distinct().toList()) {
            List<Reading> want = expected.stream().filter(r -> r.meter().equals(meter)).toList();
            assertEquals(want, store.between(meter, want.get(0).quantity(), want.get(0).time(),
                    want.get(want.size() - 1).time().plusSeconds(1)), "readings of meter " + meter);
        }
    }

    static String baseUrl() {
        Assumptions.assumeTrue(baseUrl != null, PostgresStoreTest.skipReason);
        return baseUrl;
    }

    static int port(String url) {
        var m = java.util.regex.Pattern.compile("//[^/:]+:(\\d+)/").matcher(url);
        return m.find() ? Integer.parseInt(m.group(1)) : 5432;
    }

    /** A port nothing listens on: bound, then released. */
    static int closedPort() throws IOException {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The real store, remembering each batch it committed, in commit order. */
    static final class Recorded extends ForwardingStore {
        final List<List<Reading>> committed = new CopyOnWriteArrayList<>();

        Recorded(ReadingStore real) {
            super(real);
        }

        @Override
        public int write(List<Reading> batch) {
            int n = real.write(batch);
            committed.add(List.copyOf(batch));
            return n;
        }
    }
}
