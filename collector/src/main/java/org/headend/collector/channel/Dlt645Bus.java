package org.headend.collector.channel;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.headend.collector.poll.JobResult;
import org.headend.collector.poll.MeterJob;
import org.headend.collector.poll.PollOutcome;
import org.headend.protocol.dlt645.Dlt645Exception;
import org.headend.protocol.dlt645.Dlt645Extractor;
import org.headend.protocol.dlt645.Dlt645Frame;
import org.headend.protocol.dlt645.Dlt645FrameCodec;
import org.headend.protocol.dlt645.Dlt645Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One half-duplex bus of DL/T 645 meters, reached through a {@link Link}: a TCP connection to an
 * RS-485-to-Ethernet gateway or a local serial line.
 *
 * <p>Guarantees: at most one request is outstanding on the bus, and the next one waits for
 * {@link BusTiming#frameGap()} of silence; on-demand jobs go before scheduled ones; scheduled jobs
 * are served in arrival order, one job per meter at a time (a meter whose previous job is still
 * queued is skipped, so a dead bus does not pile up work); each meter's reply timeout adapts to its
 * round trips and a meter that stays silent is quarantined and only probed now and then
 * ({@link MeterHealth}); a lost link is reopened with capped, doubling backoff, and the job in
 * flight is resumed. All state is confined to one Netty event loop, so nothing here locks.
 */
public final class Dlt645Bus {

    private static final Logger log = LoggerFactory.getLogger(Dlt645Bus.class);
    /** A timeout that fires while reply bytes are still coming is put off by this much (up to the request timeout). */
    static final long REPLY_IN_PROGRESS_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String name;
    private final Link link;
    private final BusTiming settings;
    private final EventLoop loop;
    private final BusListener listener;
    private final Clock clock;
    private final MeterHealth health;
    private final long gapNanos;
    private final Events events = new Events();

    private final BusQueue queue;
    private Dlt645Extractor extractor;
    private boolean linkUp;
    private Exchange current;
    private long lastHeardNanos;
    private long reconnectDelayMillis;
    private int sendSeq;
    private boolean closed;
    private final Promise<Void> closedPromise;
    private volatile int depth;
    private volatile boolean up;
    private volatile int quarantined;

    public Dlt645Bus(String name, LinkSpec where, BusTiming settings, EventLoop loop, BusListener listener, Clock clock) {
        this.name = name;
        this.settings = settings;
        this.loop = loop;
        this.listener = listener;
        this.clock = clock;
        this.link = where.newLink(loop, settings);
        this.queue = new BusQueue(settings.maxQueue());
        this.health = new MeterHealth(settings.fairness(), settings.requestTimeout().toNanos());
        this.gapNanos = settings.frameGap().toNanos();
        this.reconnectDelayMillis = settings.reconnectMin().toMillis();
        this.closedPromise = loop.newPromise();
        this.lastHeardNanos = System.nanoTime();
    }

    public String name() {
        return name;
    }

    /** Where the bus's bytes go, for logs. */
    public String describe() {
        return link.describe();
    }

    /** True when the bus is reached through a gateway (TCP), false for a local serial line. */
    public boolean gateway() {
        return link.gateway();
    }

    /** Starts opening the link; jobs submitted before it is up wait in the queue. */
    public void start() {
        loop.execute(this::open);
    }

    /**
     * Queues a job; thread-safe. The job's callback runs on this bus's event loop.
     *
     * @return false, without queueing, for a scheduled job whose meter still has one queued or in
     *         flight: a cycle that comes before the last one finished skips the meter, and costs
     *         nothing on the bus (its caller counts the skip)
     */
    public boolean submit(MeterJob job) {
        if (!queue.claim(job)) {
            return false;
        }
        loop.execute(() -> enqueue(job));
        return true;
    }

    /** Jobs queued or in flight. */
    public int queueDepth() {
        return depth;
    }

    public boolean connected() {
        return up;
    }

    /** Meters of this bus now in quarantine. */
    public int quarantined() {
        return quarantined;
    }

    /**
     * Stops the bus: queued jobs end as SKIPPED; the exchange in flight may finish (within its
     * timeout) so that a value the meter has already sent is not thrown away; then the link
     * closes and the returned future completes.
     */
    public Future<Void> close() {
        loop.execute(() -> {
            closed = true;
            queue.drain(this::skip);
            if (current == null) {
                closeLink();
            }
        });
        return closedPromise;
    }

    private void closeLink() {
        if (linkUp) {
            link.close(); // Events.closed completes the promise
        } else {
            closedPromise.trySuccess(null);
        }
    }

    /** Ends a job that was not attempted. */
    private void skip(MeterJob job) {
        complete(new JobResult(job, PollOutcome.SKIPPED, Map.of(), clock.instant(), 0));
    }

    private void enqueue(MeterJob job) {
        if (closed || !queue.add(job)) {
            skip(job);
            return;
        }
        updateDepth();
        pump();
    }

    /** Starts the next job; a quarantined meter's scheduled job ends at once unless its probe is due. */
    private void pump() {
        while (!closed && current == null && linkUp) {
            MeterJob next = queue.poll();
            if (next == null) {
                return;
            }
            if (!next.onDemand() && health.turn(next.address().nibbles(), System.nanoTime()) == MeterHealth.Turn.SKIP) {
                complete(new JobResult(next, PollOutcome.QUARANTINED, Map.of(), clock.instant(), 0));
                continue;
            }
            current = new Exchange(next);
            send();
        }
    }

    private void send() {
        Exchange ex = current;
        if (ex == null || ex.awaiting) {
            return; // already sent (a second call, e.g. the link came back during the gap)
        }
        if (closed) {
            finish(PollOutcome.SKIPPED); // a retry that came due after close()
            return;
        }
        if (!linkUp) {
            return; // resumed when the link is back
        }
        long now = System.nanoTime();
        long quietFor = now - lastHeardNanos;
        if (quietFor < gapNanos) {
            loop.schedule(this::send, gapNanos - quietFor, TimeUnit.NANOSECONDS);
            return;
        }
        Dlt645Frame request = Dlt645Messages.readRequest(ex.job.edition(), ex.job.address(), ex.dataId());
        byte[] bytes = Dlt645FrameCodec.encode(request, settings.preamble());
        ex.attempt++;
        ex.totalAttempts++;
        ex.awaiting = true;
        ex.sentAtNanos = now;
        ex.timeoutNanos = health.timeoutNanos(ex.job.address().nibbles());
        int seq = ++sendSeq;
        link.write(bytes);
        listener.bytesOut(name, bytes.length);
        ex.timeout = loop.schedule(() -> onTimeout(seq), ex.timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void onFrame(Dlt645Frame f) {
        Exchange ex = current;
        if (ex == null || !ex.awaiting || !ReplyMatch.answers(ex, f)) {
            listener.unexpectedFrame(name);
            return;
        }
        cancelTimeout();
        long rtt = System.nanoTime() - ex.sentAtNanos;
        listener.roundTrip(name, rtt);
        ex.awaiting = false;
        long meter = ex.job.address().nibbles();
        boolean wasQuarantined = health.isQuarantined(meter);
        if (ex.attempt == 1) {
            health.replied(meter, rtt);
        } else {
            health.heard(meter); // Karn: whose reply a retried request got is ambiguous, so no sample
        }
        if (wasQuarantined) {
            log.info("bus {}: meter {} answers again, out of quarantine", name, ex.job.address());
            publishQuarantined();
        }
        if (f.control().isAbnormal()) {
            ex.errorReply = true;
            nextDataId();
            return;
        }
        try {
            ex.values.put(ex.dataId(), Dlt645Messages.values(ex.job.edition(), f));
        } catch (Dlt645Exception e) {
            listener.frameDropped(name, e.reason());
            retryOrFinish(PollOutcome.BAD_FRAME, settings.retries());
            return;
        }
        nextDataId();
    }

    private void onDrop(Dlt645Exception.Reason reason) {
        listener.frameDropped(name, reason);
        Exchange ex = current;
        // A corrupted frame while we wait is almost surely the reply: retry now instead of waiting out the timeout.
        if (ex != null && ex.awaiting && (reason == Dlt645Exception.Reason.BAD_CHECKSUM
                || reason == Dlt645Exception.Reason.BAD_END)) {
            cancelTimeout();
            ex.awaiting = false;
            retryOrFinish(PollOutcome.BAD_FRAME, settings.retries());
        }
    }

    private void onTimeout(int seq) {
        Exchange ex = current;
        if (ex == null || !ex.awaiting || seq != sendSeq) {
            return;
        }
        long now = System.nanoTime();
        long hardEnd = ex.sentAtNanos + settings.requestTimeout().toNanos();
        long stillComing = lastHeardNanos + REPLY_IN_PROGRESS_NANOS;
        if (lastHeardNanos - ex.sentAtNanos > 0 && stillComing - now > 0 && hardEnd - now > 0) {
            // bytes of a slow reply are arriving: give it until it pauses (or the request timeout)
            ex.timeout = loop.schedule(() -> onTimeout(seq), Math.min(stillComing, hardEnd) - now, TimeUnit.NANOSECONDS);
            return;
        }
        ex.awaiting = false;
        listener.timeout(name);
        listener.silence(name, now - ex.sentAtNanos);
        if (ex.attempt <= settings.timeoutRetries() && !closed) {
            retryOrFinish(PollOutcome.TIMEOUT, settings.timeoutRetries());
            return;
        }
        if (health.silent(ex.job.address().nibbles(), now)) {
            log.warn("bus {}: meter {} silent for {} polls in a row, quarantined (probed from time to time)", name,
                    ex.job.address(), settings.fairness().quarantineAfter());
            publishQuarantined();
        }
        finish(PollOutcome.TIMEOUT);
    }

    private void retryOrFinish(PollOutcome failure, int allowedRetries) {
        Exchange ex = current;
        if (ex.attempt <= allowedRetries && !closed) {
            listener.retry(name);
            long backoff = settings.retryBackoff().toNanos() << Math.min(ex.attempt - 1, 16);
            loop.schedule(this::send, backoff, TimeUnit.NANOSECONDS);
            return;
        }
        finish(failure);
    }

    private void nextDataId() {
        Exchange ex = current;
        ex.diIndex++;
        ex.attempt = 0;
        if (ex.diIndex < ex.job.dataIds().size()) {
            send();
        } else {
            finish(ex.errorReply ? PollOutcome.ERROR_REPLY : PollOutcome.OK);
        }
    }

    private void finish(PollOutcome outcome) {
        Exchange ex = current;
        current = null;
        JobResult result = new JobResult(ex.job, outcome, ex.values, clock.instant(), ex.totalAttempts);
        complete(result);
        if (closed) {
            closeLink();
            return;
        }
        pump();
    }

    private void complete(JobResult result) {
        queue.release(result.job());
        updateDepth();
        try {
            result.job().done().accept(result);
        } catch (Throwable t) {
            log.error("bus {}: the result handler of meter {} failed; the bus goes on", name, result.address(), t);
        }
        listener.jobDone(name, result);
    }

    private void cancelTimeout() {
        if (current != null && current.timeout != null) {
            current.timeout.cancel(false);
            current.timeout = null;
        }
    }

    private void updateDepth() {
        depth = queue.size() + (current != null ? 1 : 0);
    }

    private void publishQuarantined() {
        quarantined = health.quarantined();
        listener.quarantined(name, quarantined);
    }

    private void open() {
        if (!closed) {
            link.open(events);
        }
    }

    private void onOpened() {
        if (closed) {
            link.close();
            return;
        }
        extractor = new Dlt645Extractor(); // nothing half-read survives a reconnect
        linkUp = true;
        up = true;
        lastHeardNanos = System.nanoTime();
        reconnectDelayMillis = settings.reconnectMin().toMillis();
        listener.connected(name, true);
        log.info("bus {}: {} open", name, link.describe());
        if (current != null && !current.awaiting) {
            send();
        } else {
            pump();
        }
    }

    private void onClosed(String reason) {
        boolean wasUp = linkUp;
        linkUp = false;
        if (closed) {
            closedPromise.trySuccess(null);
            return;
        }
        if (up) {
            up = false;
            listener.connected(name, false);
        }
        Exchange ex = current;
        if (ex != null && ex.awaiting) {
            cancelTimeout();
            ex.awaiting = false;
            if (ex.attempt <= settings.retries()) {
                listener.retry(name); // resent when the link is back
            } else {
                finish(PollOutcome.DISCONNECTED);
            }
        }
        log.warn("bus {}: {} {}: {}; trying again in {} ms", name, link.describe(), wasUp ? "lost" : "not open",
                reason, reconnectDelayMillis);
        loop.schedule(this::open, reconnectDelayMillis, TimeUnit.MILLISECONDS);
        reconnectDelayMillis = Math.min(reconnectDelayMillis * 2, settings.reconnectMax().toMillis());
    }

    /** What the link reports, fed into the bus's state machine. */
    private final class Events implements Link.Events, Dlt645Extractor.Sink {
        @Override
        public void opened() {
            onOpened();
        }

        @Override
        public void received(byte[] bytes, int offset, int length) {
            listener.bytesIn(name, length);
            lastHeardNanos = System.nanoTime();
            if (extractor != null) {
                extractor.feed(bytes, offset, length, this);
            }
        }

        @Override
        public void closed(String reason) {
            onClosed(reason);
        }

        @Override
        public void frame(Dlt645Frame frame) {
            onFrame(frame);
        }

        @Override
        public void dropped(Dlt645Exception.Reason reason, int bytes) {
            onDrop(reason);
        }
    }
}
