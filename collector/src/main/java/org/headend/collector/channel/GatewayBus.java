package org.headend.collector.channel;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.headend.collector.poll.JobResult;
import org.headend.collector.poll.MeterJob;
import org.headend.collector.poll.PollOutcome;
import org.headend.protocol.dlt645.Dlt645Exception;
import org.headend.protocol.dlt645.Dlt645Frame;
import org.headend.protocol.dlt645.Dlt645FrameCodec;
import org.headend.protocol.dlt645.Dlt645Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One half-duplex bus behind an RS-485-to-Ethernet gateway, reached over one TCP connection.
 *
 * <p>Guarantees: at most one request is outstanding on the bus; on-demand jobs go before
 * scheduled ones; scheduled jobs are served in arrival order, one job per meter at a time (a
 * meter whose previous job is still queued is skipped, so a dead gateway does not pile up work);
 * a lost connection is retried with capped, doubling backoff, and the job in flight is resumed.
 * All state is confined to one Netty event loop, so nothing here locks.
 */
public final class GatewayBus {

    private static final Logger log = LoggerFactory.getLogger(GatewayBus.class);

    private final String name;
    private final InetSocketAddress remote;
    private final BusTiming settings;
    private final EventLoop loop;
    private final BusListener listener;
    private final Clock clock;
    private final Bootstrap bootstrap;

    private final ArrayDeque<MeterJob> onDemand = new ArrayDeque<>();
    private final ArrayDeque<MeterJob> scheduled = new ArrayDeque<>();
    /** Meters with a scheduled job queued or in flight; added on the caller's thread, removed on the loop. */
    private final Set<Long> scheduledMeters = ConcurrentHashMap.newKeySet();
    private Channel channel;
    private Exchange current;
    private long reconnectDelayMillis;
    private int sendSeq;
    private boolean closed;
    private final Promise<Void> closedPromise;
    private volatile int depth;
    private volatile boolean up;

    public GatewayBus(String name, InetSocketAddress remote, BusTiming settings, EventLoop loop,
                      BusListener listener, Clock clock) {
        this.name = name;
        this.remote = remote;
        this.settings = settings;
        this.loop = loop;
        this.listener = listener;
        this.clock = clock;
        this.reconnectDelayMillis = settings.reconnectMin().toMillis();
        this.closedPromise = loop.newPromise();
        this.bootstrap = new Bootstrap().group(loop).channel(Transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(10_000, settings.requestTimeout().toMillis() * 5))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new BusInbound(new Events()));
                    }
                });
    }

    public String name() {
        return name;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    /** Starts connecting; jobs submitted before the connection is up wait in the queue. */
    public void start() {
        loop.execute(this::connect);
    }

    /**
     * Queues a job; thread-safe. The job's callback runs on this bus's event loop.
     *
     * @return false, without queueing, for a scheduled job whose meter still has one queued or in
     *         flight: a cycle that comes before the last one finished skips the meter, and costs
     *         nothing on the bus (its caller counts the skip)
     */
    public boolean submit(MeterJob job) {
        if (!job.onDemand() && !scheduledMeters.add(job.address().nibbles())) {
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

    /**
     * Stops the bus: queued jobs end as SKIPPED; the exchange in flight may finish (within its
     * timeout) so that a value the meter has already sent is not thrown away; then the
     * connection closes and the returned future completes.
     */
    public Future<Void> close() {
        loop.execute(() -> {
            closed = true;
            drain(onDemand);
            drain(scheduled);
            if (current == null) {
                closeChannel();
            }
        });
        return closedPromise;
    }

    private void closeChannel() {
        if (channel != null) {
            channel.close().addListener(f -> closedPromise.trySuccess(null));
        } else {
            closedPromise.trySuccess(null);
        }
    }

    private void drain(ArrayDeque<MeterJob> queue) {
        MeterJob job;
        while ((job = queue.poll()) != null) {
            complete(new JobResult(job, PollOutcome.SKIPPED, Map.of(), clock.instant(), 0));
        }
    }

    private void enqueue(MeterJob job) {
        if (closed) {
            complete(new JobResult(job, PollOutcome.SKIPPED, Map.of(), clock.instant(), 0));
            return;
        }
        if (job.onDemand()) {
            onDemand.add(job);
        } else if (scheduled.size() >= settings.maxQueue()) {
            complete(new JobResult(job, PollOutcome.SKIPPED, Map.of(), clock.instant(), 0));
            return;
        } else {
            scheduled.add(job);
        }
        updateDepth();
        pump();
    }

    private void pump() {
        if (closed || current != null || channel == null || !channel.isActive()) {
            return;
        }
        MeterJob next = onDemand.poll();
        if (next == null) {
            next = scheduled.poll();
        }
        if (next == null) {
            return;
        }
        current = new Exchange(next);
        send();
    }

    private void send() {
        Exchange ex = current;
        if (ex != null && closed) {
            finish(PollOutcome.SKIPPED); // a retry that came due after close()
            return;
        }
        if (ex == null || channel == null || !channel.isActive()) {
            return; // resumed when the connection is back
        }
        Dlt645Frame request = Dlt645Messages.readRequest(ex.job.edition(), ex.job.address(), ex.dataId());
        byte[] bytes = Dlt645FrameCodec.encode(request, settings.preamble());
        ex.attempt++;
        ex.totalAttempts++;
        ex.awaiting = true;
        ex.sentAtNanos = System.nanoTime();
        int seq = ++sendSeq;
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes), channel.voidPromise());
        listener.bytesOut(name, bytes.length);
        ex.timeout = loop.schedule(() -> onTimeout(seq), settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void onFrame(Dlt645Frame f) {
        Exchange ex = current;
        if (ex == null || !ex.awaiting || !answers(ex, f)) {
            listener.unexpectedFrame(name);
            return;
        }
        cancelTimeout();
        listener.roundTrip(name, System.nanoTime() - ex.sentAtNanos);
        ex.awaiting = false;
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

    /** A reply answers the request when it comes from the meter asked, for the function and DI asked. */
    private static boolean answers(Exchange ex, Dlt645Frame f) {
        MeterJob job = ex.job;
        if (!f.control().isResponse()
                || f.control().functionCode() != Dlt645Messages.readFunction(job.edition()).code()) {
            return false;
        }
        boolean addressOk = job.address().hasWildcard() || f.address().hasWildcard() || f.address().equals(job.address());
        if (!addressOk) {
            return false;
        }
        return f.control().isAbnormal() || (f.dataLength() >= job.edition().dataIdLength()
                && f.dataId(job.edition()) == ex.dataId());
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
        ex.awaiting = false;
        listener.timeout(name);
        retryOrFinish(PollOutcome.TIMEOUT, settings.timeoutRetries());
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
            closeChannel();
            return;
        }
        pump();
    }

    private void complete(JobResult result) {
        if (!result.job().onDemand()) {
            scheduledMeters.remove(result.job().address().nibbles());
        }
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
        depth = onDemand.size() + scheduled.size() + (current != null ? 1 : 0);
    }

    private void connect() {
        if (closed) {
            return;
        }
        bootstrap.connect(remote).addListener(f -> {
            if (f.isSuccess()) {
                onConnected(((io.netty.channel.ChannelFuture) f).channel());
            } else {
                log.warn("bus {}: cannot connect to gateway {}: {}; retrying in {} ms", name, remote,
                        f.cause().getMessage(), reconnectDelayMillis);
                scheduleReconnect();
            }
        });
    }

    private void onConnected(Channel ch) {
        if (closed) {
            ch.close();
            return;
        }
        channel = ch;
        up = true;
        reconnectDelayMillis = settings.reconnectMin().toMillis();
        listener.connected(name, true);
        log.info("bus {}: connected to gateway {}", name, remote);
        if (current != null && !current.awaiting) {
            send();
        } else {
            pump();
        }
    }

    private void onDisconnected() {
        channel = null;
        if (up) {
            up = false;
            listener.connected(name, false);
        }
        Exchange ex = current;
        if (ex != null && ex.awaiting) {
            cancelTimeout();
            ex.awaiting = false;
            if (ex.attempt <= settings.retries() && !closed) {
                listener.retry(name); // resent when the connection is back
            } else {
                finish(PollOutcome.DISCONNECTED);
            }
        }
        if (!closed) {
            log.warn("bus {}: gateway {} dropped the connection; reconnecting in {} ms", name, remote, reconnectDelayMillis);
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        if (closed) {
            return;
        }
        loop.schedule(this::connect, reconnectDelayMillis, TimeUnit.MILLISECONDS);
        reconnectDelayMillis = Math.min(reconnectDelayMillis * 2, settings.reconnectMax().toMillis());
    }

    /** Connection events, forwarded into the bus's state machine. */
    private final class Events implements BusInbound.Events {
        @Override
        public void bytesIn(int n) {
            listener.bytesIn(name, n);
        }

        @Override
        public void frame(Dlt645Frame frame) {
            onFrame(frame);
        }

        @Override
        public void dropped(Dlt645Exception.Reason reason) {
            onDrop(reason);
        }

        @Override
        public void disconnected() {
            onDisconnected();
        }

        @Override
        public void failed(Throwable cause) {
            log.warn("bus {}: connection error: {}", name, cause.toString());
        }
    }
}
