package org.headend.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How long a long-running command lives: until its --duration ends or the user presses Ctrl-C
 * (SIGINT/SIGTERM). On a signal the JVM waits, in the shutdown hook, for the command to finish
 * its orderly close ({@link #closed()}), so the last batch of readings is still written.
 */
final class Lifetime implements AutoCloseable {

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean signalled;

    Lifetime(String name) {
        hook = new Thread(() -> {
            signalled = true;
            stop.countDown();
            try {
                closed.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Waits for the duration (null = forever) or a signal; true if it was a signal. */
    boolean await(Duration duration, Runnable every2s) throws InterruptedException {
        long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0 || stop.await(Math.min(left, TimeUnit.SECONDS.toNanos(2)), TimeUnit.NANOSECONDS)) {
                return signalled;
            }
            every2s.run();
        }
    }

    /** The command has closed everything; a waiting shutdown hook may let the JVM go. */
    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and waited for us
        }
    }
}
