package org.headend.collector.concentrator;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.headend.collector.metrics.ConcentratorMetrics;
import org.headend.protocol.gw376.Gw376Address;
import org.headend.protocol.gw376.Gw376Encoder;
import org.headend.protocol.gw376.Gw376Frame;

/**
 * One logged-in terminal's connection, from the master's side: requests multiplexed by PSEQ
 * (protocols.md §3.5, §3.10), each with a timeout and retries under a fresh PSEQ, multi-frame
 * replies (FIR ... FIN, RSEQ counting on from the PSEQ) put back together, and replies that answer
 * nothing outstanding counted and dropped.
 *
 * <p>Confined to the connection's event loop: {@link #request} may be called from any thread and
 * hops onto it; replies and timeouts run on it. At most {@code maxInFlight} requests are on the
 * wire; more wait in order. A PSEQ is not reused while a request holds it, nor while a
 * multi-frame reply may still count through it.
 */
public final class ConcentratorSession {

    /** A reply put together: its frames in order (one for most replies). */
    public record Reply(List<Gw376Frame> frames, long roundTripNanos) {
        public Gw376Frame first() {
            return frames.get(0);
        }

        /** AFN 00 F2 (denied, or no data for what was asked). */
        public boolean denied() {
            return first().afn() == 0 && first().unit(0, 2).isPresent();
        }
    }

    private final class Pending {
        final IntFunction<Gw376Frame> build;
        final CompletableFuture<Reply> done = new CompletableFuture<>();
        final String afn;
        Gw376Frame sent;
        int attempts;
        long startNanos;
        ScheduledFuture<?> timer;
        List<Gw376Frame> parts;
        int nextSeq;

        Pending(IntFunction<Gw376Frame> build, String afn) {
            this.build = build;
            this.afn = afn;
        }
    }

    private final Channel channel;
    private final Gw376Address address;
    private final SessionRules rules;
    private final ConcentratorMetrics metrics;
    private final Pending[] bySeq = new Pending[16];
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private int inFlight;
    private int nextPseq;
    private volatile long lastHeartbeatNanos;
    private volatile Gw376Frame.EventCounters eventCounters;
    private long unexpected;
    private long roundTrips;
    private long roundTripNanos;
    private boolean closed;

    ConcentratorSession(Channel channel, Gw376Address terminal, SessionRules rules, ConcentratorMetrics metrics) {
        this.channel = channel;
        this.address = terminal.withMaster(rules.masterAddress());
        this.rules = rules;
        this.metrics = metrics;
        this.lastHeartbeatNanos = System.nanoTime();
    }

    /** The terminal as this master addresses it (its MSA in A3). */
    public Gw376Address address() {
        return address;
    }

    public long terminalKey() {
        return address.terminalKey();
    }

    public Channel channel() {
        return channel;
    }

    /** Replies whose RSEQ matched nothing outstanding (late replies, wrong PSEQ). */
    public long unexpectedReplies() {
        return unexpected;
    }

    /** Mean round trip of this terminal's replies so far, in ns (0 before the first). */
    public long meanRoundTripNanos() {
        return roundTrips == 0 ? 0 : roundTripNanos / roundTrips;
    }

    /** EC of the last uplink frame with ACD = 1, or null when none came yet: the terminal's event counters. */
    public Gw376Frame.EventCounters eventCounters() {
        return eventCounters;
    }

    void eventCounters(Gw376Frame.EventCounters ec) {
        eventCounters = ec;
    }

    void heartbeat() {
        lastHeartbeatNanos = System.nanoTime();
    }

    long lastHeartbeatNanos() {
        return lastHeartbeatNanos;
    }

    public boolean open() {
        return channel.isActive() && !closed;
    }

    /**
     * Sends the frame {@code build} makes for a PSEQ and completes with the whole reply, or with
     * {@link RequestFailed} after the timeout and retries or when the session ends.
     */
    public CompletableFuture<Reply> request(IntFunction<Gw376Frame> build, int afn) {
        Pending p = new Pending(build, String.format("%02X", afn));
        channel.eventLoop().execute(() -> {
            if (closed) {
                p.done.completeExceptionally(new RequestFailed(RequestFailed.Kind.CLOSED, "session of " + address + " is closed"));
                return;
            }
            waiting.add(p);
            pump();
        });
        return p.done;
    }

    private void pump() {
        while (inFlight < rules.maxInFlight() && !waiting.isEmpty()) {
            int seq = freeSeq();
            if (seq < 0) {
                return;
            }
            send(waiting.poll(), seq);
        }
    }

    /** The next PSEQ after the last one used that no request holds. */
    private int freeSeq() {
        for (int i = 0; i < 16; i++) {
            int s = (nextPseq + i) & 0x0F;
            if (bySeq[s] == null) {
                nextPseq = (s + 1) & 0x0F;
                return s;
            }
        }
        return -1;
    }

    private void send(Pending p, int seq) {
        Gw376Frame f = p.build.apply(seq);
        p.sent = f;
        p.attempts++;
        p.parts = null;
        bySeq[seq] = p;
        inFlight++;
        p.startNanos = System.nanoTime();
        p.timer = channel.eventLoop().schedule(() -> timedOut(p, seq), rules.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        metrics.frame("out", p.afn);
        channel.writeAndFlush(Unpooled.wrappedBuffer(Gw376Encoder.encode(f)));
    }

    private void release(Pending p, int seq) {
        if (bySeq[seq] == p) {
            bySeq[seq] = null;
            inFlight--;
        }
        if (p.timer != null) {
            p.timer.cancel(false);
        }
    }

    private void timedOut(Pending p, int seq) {
        if (bySeq[seq] != p) {
            return;
        }
        release(p, seq);
        metrics.requestTimedOut(p.afn);
        if (p.attempts <= rules.retries() && !closed) {
            // a new PSEQ, so a late reply to the first attempt cannot be taken for the second's
            waiting.addFirst(p);
        } else {
            p.done.completeExceptionally(new RequestFailed(RequestFailed.Kind.TIMEOUT, "no whole reply from " + address
                    + " to AFN " + p.afn + " within " + rules.requestTimeout().toMillis() + " ms, " + p.attempts + " attempts"));
        }
        pump();
    }

    /** An uplink frame with PRM = 0 (a reply); called on the event loop. */
    void reply(Gw376Frame f) {
        int seq = f.sequence();
        Pending p = bySeq[seq];
        if (f.seq().fir()) {
            if (p == null || p.parts != null || !f.answers(p.sent)) {
                unexpected();
                return;
            }
            p.parts = new ArrayList<>(2);
        } else {
            p = continuation(seq);
            if (p == null) {
                unexpected();
                return;
            }
        }
        p.parts.add(f);
        if (!f.seq().fin()) {
            p.nextSeq = (seq + 1) & 0x0F;
            return;
        }
        int held = indexOf(p);
        release(p, held);
        long rt = System.nanoTime() - p.startNanos;
        roundTrips++;
        roundTripNanos += rt;
        metrics.roundTrip(p.afn, rt);
        p.done.complete(new Reply(List.copyOf(p.parts), rt));
        pump();
    }

    /** The request whose multi-frame reply continues with {@code seq}, the oldest if several could. */
    private Pending continuation(int seq) {
        for (Pending p : bySeq) {
            if (p != null && p.parts != null && p.nextSeq == seq) {
                return p;
            }
        }
        return null;
    }

    private int indexOf(Pending p) {
        for (int i = 0; i < 16; i++) {
            if (bySeq[i] == p) {
                return i;
            }
        }
        return -1;
    }

    private void unexpected() {
        unexpected++;
        metrics.unexpectedReply();
    }

    /** The connection is gone: everything outstanding or waiting fails as CLOSED. Called on the event loop. */
    void closed() {
        if (closed) {
            return;
        }
        closed = true;
        RequestFailed gone = new RequestFailed(RequestFailed.Kind.CLOSED, "session of " + address + " closed");
        for (int i = 0; i < 16; i++) {
            Pending p = bySeq[i];
            if (p != null) {
                release(p, i);
                p.done.completeExceptionally(gone);
            }
        }
        for (Pending p : waiting) {
            p.done.completeExceptionally(gone);
        }
        waiting.clear();
    }

    @Override
    public String toString() {
        return "ConcentratorSession[" + address + ", " + channel.remoteAddress() + "]";
    }
}
