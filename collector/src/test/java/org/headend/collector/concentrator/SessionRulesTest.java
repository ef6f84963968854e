package org.headend.collector.concentrator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import org.headend.collector.archive.Meter;
import org.headend.collector.archive.MeterProtocol;
import org.headend.collector.archive.Placement;
import org.headend.collector.config.ConcentratorSettings;
import org.headend.collector.metrics.ConcentratorMetrics;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.gw376.Gw376Address;
import org.headend.protocol.gw376.Gw376Encoder;
import org.headend.protocol.gw376.Gw376Extractor;
import org.headend.protocol.gw376.Gw376Frame;
import org.headend.protocol.gw376.Gw376Messages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The front end's session rules, against a terminal played by hand over a real socket (protocols.md §3.10, issue 5). */
class SessionRulesTest {

    static final Gw376Address A = Gw376Address.of(0x1000, 1, 0);
    static final Gw376Address B = Gw376Address.of(0x1000, 2, 0);
    static final Gw376Address UNKNOWN = Gw376Address.of(0x1000, 99, 0);

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ConcentratorFront front;

    @BeforeEach
    void start() throws IOException {
        start(1000, Duration.ofSeconds(2));
    }

    void start(int loginsPerMinute, Duration heartbeat) throws IOException {
        if (front != null) {
            front.close();
        }
        List<Meter> meters = List.of(meter("1"), meter("2"));
        List<Placement> placements = List.of(new Placement(meters.get(0).address(), 0x1000, 1, 1),
                new Placement(meters.get(1).address(), 0x1000, 2, 1));
        ConcentratorSettings s = ConcentratorSettings.DEFAULTS.withPort("127.0.0.1", 0)
                .withSessions(heartbeat, 2, Duration.ofMillis(500), 0).withLoginsPerMinute(loginsPerMinute);
        front = ConcentratorFront.start(s, meters, placements, Map.of(Dlt645Edition.V2007, List.of(0x00010000L)), r -> { },
                null, ConcentratorMetrics.of(registry), java.time.Clock.systemUTC());
    }

    private static Meter meter(String address) {
        return new Meter(address, MeterProtocol.DLT645_2007, "ct", BigDecimal.ONE, BigDecimal.ONE, "residential", "");
    }

    @AfterEach
    void stop() {
        front.close();
    }

    private double refused(String reason) {
        var c = registry.find("headend.concentrator.refused").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    /** A terminal played by hand: writes frames, reads the master's frames with a timeout. */
    final class Terminal implements AutoCloseable {
        final Socket socket;
        final Gw376Extractor extractor = new Gw376Extractor();
        final ArrayDeque<Gw376Frame> frames = new ArrayDeque<>();

        Terminal() throws IOException {
            socket = new Socket();
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), front.port()), 2000);
            socket.setSoTimeout(3000);
        }

        void send(Gw376Frame f) throws IOException {
            socket.getOutputStream().write(Gw376Encoder.encode(f));
            socket.getOutputStream().flush();
        }

        /** The next frame from the master, or null when the master closed the connection. */
        Gw376Frame next() throws IOException {
            InputStream in = socket.getInputStream();
            byte[] b = new byte[512];
            while (frames.isEmpty()) {
                int n;
                try {
                    n = in.read(b);
                } catch (java.net.SocketException e) {
                    return null;
                }
                if (n < 0) {
                    return null;
                }
                extractor.feed(b, 0, n, frames::add);
            }
            return frames.poll();
        }

        /** Reads until the master closes; fails on a read timeout. */
        void awaitClosed() throws IOException {
            while (next() != null) {
                // frames before the close are allowed (a deny)
            }
        }

        Gw376Frame login(Gw376Address a, int seq) throws IOException {
            send(Gw376Messages.login(a, seq));
            return next();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aLoginIsConfirmedWithItsAddressAndSequence() throws Exception {
        try (Terminal t = new Terminal()) {
            Gw376Frame c = t.login(A, 5);
            assertNotNull(c);
            assertEquals(0x00, c.afn());
            assertTrue(c.unit(0, 1).isPresent(), "AFN 00 F1: " + c);
            assertEquals(5, c.sequence());
            assertEquals(A.terminalKey(), c.address().terminalKey());
            await().until(() -> front.online(0x1000, 1));
            t.send(Gw376Messages.heartbeat(A, 6));
            Gw376Frame hb = t.next();
            assertEquals(6, hb.sequence());
            assertTrue(hb.unit(0, 1).isPresent());
        }
    }

    @Test
    void aHeartbeatBeforeTheLoginClosesTheConnection() throws Exception {
        try (Terminal t = new Terminal()) {
            t.send(Gw376Messages.heartbeat(A, 1));
            t.awaitClosed();
        }
        assertEquals(1, refused("not_logged_in"));
        assertEquals(0, front.online());
    }

    @Test
    void aFrameWithAnotherAddressClosesTheSession() throws Exception {
        try (Terminal t = new Terminal()) {
            t.login(A, 1);
            await().until(() -> front.online(0x1000, 1));
            t.send(Gw376Messages.heartbeat(B, 2));
            t.awaitClosed();
        }
        assertEquals(1, refused("wrong_address"));
        await().until(() -> !front.online(0x1000, 1));
    }

    @Test
    void aTerminalThatLogsInAgainReplacesItsOldSession() throws Exception {
        try (Terminal first = new Terminal(); Terminal second = new Terminal()) {
            first.login(A, 1);
            await().until(() -> front.online(0x1000, 1));
            Gw376Frame c = second.login(A, 2);
            assertTrue(c.unit(0, 1).isPresent());
            first.awaitClosed();
            assertEquals(1, front.replaced());
            assertTrue(front.online(0x1000, 1));
            second.send(Gw376Messages.heartbeat(A, 3));
            assertEquals(3, second.next().sequence(), "the new session is the one kept");
        }
    }

    @Test
    void aSessionWithoutHeartbeatsIsClosedAfterItsIdlePeriods() throws Exception {
        start(1000, Duration.ofMillis(300));
        try (Terminal t = new Terminal()) {
            t.login(A, 1);
            Instant loggedIn = Instant.now();
            t.awaitClosed();
            // heartbeat 300 ms x 2 periods: not before 600 ms
            assertTrue(Duration.between(loggedIn, Instant.now()).toMillis() >= 550);
        }
        assertEquals(1, front.idleClosed());
    }

    @Test
    void aConnectionThatNeverLogsInIsClosed() throws Exception {
        start(1000, Duration.ofMillis(300));
        try (Terminal t = new Terminal()) {
            t.awaitClosed();
        }
        assertEquals(1, refused("not_logged_in"));
    }

    @Test
    void aTerminalNotInTheArchiveIsDeniedAndCounted() throws Exception {
        try (Terminal t = new Terminal()) {
            Gw376Frame deny = t.login(UNKNOWN, 1);
            assertNotNull(deny);
            assertTrue(deny.unit(0, 2).isPresent(), "AFN 00 F2: " + deny);
            t.awaitClosed();
        }
        assertEquals(1, refused("unknown_terminal"));
        assertEquals(0, front.logins());
    }

    @Test
    void loginsBeyondTheRateOfASourceAddressAreRefused() throws Exception {
        start(3, Duration.ofSeconds(2));
        for (int i = 0; i < 3; i++) {
            try (Terminal t = new Terminal()) {
                assertTrue(t.login(A, i).unit(0, 1).isPresent(), "login " + i + " within the rate");
            }
        }
        try (Terminal t = new Terminal()) {
            assertTrue(t.login(A, 3).unit(0, 2).isPresent(), "the fourth login in a minute is denied");
            t.awaitClosed();
        }
        assertEquals(1, refused("rate_limited"));
        assertEquals(3, front.logins());
    }

    @Test
    void garbageBeforeAFrameIsSkippedAndCounted() throws Exception {
        try (Terminal t = new Terminal()) {
            t.socket.getOutputStream().write(new byte[] {0x68, 0x01, 0x02, 0x03, 0x68, 0x11});
            assertTrue(t.login(A, 1).unit(0, 1).isPresent());
        }
        var dropped = registry.find("headend.concentrator.frames.dropped").counters();
        assertTrue(dropped.stream().mapToDouble(c -> c.count()).sum() >= 1, "the false start was counted");
    }

    @Test
    void aTimedOutRequestFailsAndItsLateReplyIsCountedAsUnexpected() throws Exception {
        try (Terminal t = new Terminal()) {
            t.login(A, 1);
            await().until(() -> front.online(0x1000, 1));
            ConcentratorSession s = front.session(0x1000, 1);
            var f = s.request(seq -> Gw376Messages.readClock(s.address(), seq), 0x0C);
            Gw376Frame request = t.next();
            assertEquals(0x0C, request.afn());
            var failure = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> f.get(5, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(RequestFailed.Kind.TIMEOUT, ((RequestFailed) failure.getCause()).kind());
            t.send(Gw376Messages.reply(request, List.of(org.headend.protocol.gw376.Gw376Group.of(0, 2,
                    org.headend.protocol.gw376.Gw376Data.Clock.of(java.time.LocalDateTime.of(2026, 3, 2, 10, 0))))));
            await().until(() -> s.unexpectedReplies() == 1);
        }
    }
}
