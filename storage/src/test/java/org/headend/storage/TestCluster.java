package org.headend.storage;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of its own for a test, made with Debian's postgresql-common tools
 * ({@code pg_createcluster}, {@code pg_ctlcluster}, {@code pg_dropcluster}) on a free port, trust
 * auth, dropped at close. Needs those tools and the rights to run them (root or postgres):
 * without them {@link #create()} returns null with {@link #skipReason}; on CI that is a failure.
 */
final class TestCluster implements AutoCloseable {
    static String skipReason;

    private final String version;
    private final String name;
    private final int port;

    private TestCluster(String version, String name, int port) {
        this.version = version;
        this.name = name;
        this.port = port;
    }

    static TestCluster create() throws IOException, InterruptedException {
        String version = installedVersion();
        if (version == null || !onPath("pg_ctlcluster") || !onPath("pg_createcluster")) {
            skipReason = "outage test on a real cluster skipped: pg_createcluster/pg_ctlcluster not on PATH"
                    + " or no /usr/lib/postgresql/<version>";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and " + skipReason);
            }
            System.err.println(skipReason);
            return null;
        }
        int port = ReadingWriterOutageTest.closedPort();
        String name = "headend_outage_" + port;
        run("pg_createcluster", version, name, "-p", String.valueOf(port), "--", "--auth=trust");
        TestCluster c = new TestCluster(version, name, port);
        try {
            c.start();
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    int port() {
        return port;
    }

    void start() throws IOException, InterruptedException {
        run("pg_ctlcluster", version, name, "start");
    }

    /** A fast shutdown: sessions are ended, in-flight transactions rolled back. */
    void stop() throws IOException, InterruptedException {
        run("pg_ctlcluster", version, name, "stop", "-m", "fast");
    }

    @Override
    public void close() throws IOException {
        try {
            // immediate: a throwaway cluster needs no clean shutdown, and a smart one waits for clients
            try {
                run("pg_ctlcluster", version, name, "stop", "-m", "immediate");
            } catch (IOException e) {
                // already stopped: dropping is what matters
            }
            run("pg_dropcluster", version, name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String installedVersion() throws IOException {
        Path lib = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(lib)) {
            return null;
        }
        try (var dirs = Files.list(lib)) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/initdb")))
                    .map(d -> d.getFileName().toString()).filter(v -> v.matches("\\d+"))
                    .max(Comparator.comparingInt(Integer::parseInt)).orElse(null);
        }
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        }
    }
}
