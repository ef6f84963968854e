package org.headend.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Two pseudo-terminals joined by {@code socat}: what one end writes, the other reads, like the two
 * sides of a serial cable. The simulator serves its meters on {@link #meterEnd()}, the collector
 * opens {@link #masterEnd()}. Needs the {@code socat} program (Debian package {@code socat}).
 *
 * <p>A pty keeps no parity and paces nothing (dependencies.md §2): the simulator paces its bytes
 * itself, and a pty opened once with parity cannot be opened again at the same speed with parity,
 * so use a fresh pair for each master.
 */
public final class PtyPair implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(10);

    private final Path meterEnd;
    private final Path masterEnd;
    private final Process socat;

    private PtyPair(Path meterEnd, Path masterEnd, Process socat) {
        this.meterEnd = meterEnd;
        this.masterEnd = masterEnd;
        this.socat = socat;
    }

    /**
     * Starts socat with its two ptys linked as {@code dir/ttyMeters} and {@code dir/ttyMaster}, and
     * waits until it moves data.
     *
     * @throws IOException when socat is not installed, exits, or is not ready within 10 s (its log is in the message)
     */
    public static PtyPair start(Path dir) throws IOException {
        Path a = dir.resolve("ttyMeters");
        Path b = dir.resolve("ttyMaster");
        Path log = dir.resolve("socat.log");
        Process p;
        try {
            p = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot run socat, needed for pty pairs (apt-get install socat): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        try {
            // socat prints this once both ptys exist; polling a file is all there is to wait on
            while (!ready(log, a, b)) {
                if (!p.isAlive() || System.nanoTime() - deadline > 0) {
                    p.destroy();
                    throw new IOException("socat did not open a pty pair in " + dir + ": " + Files.readString(log, StandardCharsets.UTF_8));
                }
                p.waitFor(10, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for socat", e);
        }
        return new PtyPair(a, b, p);
    }

    private static boolean ready(Path log, Path a, Path b) throws IOException {
        return Files.exists(a) && Files.exists(b) && Files.exists(log)
                && Files.readString(log, StandardCharsets.UTF_8).contains("starting data transfer loop");
    }

    /** The end the simulator serves its meters on. */
    public Path meterEnd() {
        return meterEnd;
    }

    /** The end the master (the collector) opens. */
    public Path masterEnd() {
        return masterEnd;
    }

    /** Stops socat; both ptys vanish. */
    @Override
    public void close() {
        socat.destroy();
        try {
            if (!socat.waitFor(5, TimeUnit.SECONDS)) {
                socat.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
