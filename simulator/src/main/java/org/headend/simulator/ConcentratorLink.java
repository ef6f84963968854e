package org.headend.simulator;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.headend.protocol.gw376.Gw376Encoder;
import org.headend.protocol.gw376.Gw376Extractor;
import org.headend.protocol.gw376.Gw376Frame;
import org.headend.protocol.gw376.Gw376Messages;
import org.headend.protocol.gw376.Gw376Seq;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a simulated concentrator dials in (protocols.md §3.10): connect to the master, log in
 * (AFN 02 F1), heartbeat (F3 with the terminal clock) every period, answer the master's requests,
 * and when the connection drops or the login is denied, dial again after a backoff that doubles up
 * to the maximum (with seeded jitter) and resets after a confirmed login. Faults from
 * {@link ConcentratorFault} bend each step. Confined to one event loop.
 */
public final class ConcentratorLink {

    private static final Logger log = LoggerFactory.getLogger(ConcentratorLink.class);

    /** Counters: logins sent, logins the master confirmed, connections made, whether logged in now. */
    public record Stats(long loginsSent, long loginsConfirmed, long connections, boolean loggedIn) {
    }

    private final SimulatedConcentrator terminal;
    private final ConcentratorFleetConfig config;
    private final EventLoop loop;
    private volatile InetSocketAddress master;
    private final InetSocketAddress source;
    private final Random random;
    private Channel channel;
    private boolean loggedIn;
    private boolean enabled = true;
    private long backoffMs;
    private int pseq;
    private long ticks; // heartbeat ticks so far, for faults that act every few
    private long loginsSent;
    private long loginsConfirmed;
    private long connections;

    ConcentratorLink(SimulatedConcentrator terminal, ConcentratorFleetConfig config, EventLoop loop, InetSocketAddress source,
                     long seed) {
        this.terminal = terminal;
        this.config = config;
        this.loop = loop;
        this.master = new InetSocketAddress(config.masterHost(), config.masterPort());
        this.source = source;
        this.random = new Random(seed);
        this.backoffMs = config.reconnectMin().toMillis();
        terminal.link = this;
        loop.scheduleAtFixedRate(this::tick, config.heartbeat().toMillis(), config.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Where to dial from now on. */
    void master(InetSocketAddress address) {
        this.master = address;
    }

    synchronized Stats stats() {
        return new Stats(loginsSent, loginsConfirmed, connections, loggedIn && channel != null && channel.isActive());
    }

    /** Dials in now (and again whenever dropped) or, with {@code false}, hangs up and stays away. */
    public void online(boolean on) {
        loop.execute(() -> {
            enabled = on;
            if (on) {
                if (channel == null || !channel.isActive()) {
                    connect();
                }
            } else if (channel != null) {
                channel.close();
            }
        });
    }

    /** Closes the connection as a failing modem would; the link dials again after its backoff. */
    public void drop() {
        loop.execute(() -> {
            if (channel != null) {
                channel.close();
            }
        });
    }

    void connect() {
        Bootstrap b = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new Handler());
        ChannelFuture f = source == null ? b.connect(master) : b.connect(master, source);
        Channel ch = f.channel();
        channel = ch;
        f.addListener(x -> {
            if (!x.isSuccess()) {
                log.debug("{} cannot reach the master at {}: {}", terminal.name(), master, x.cause().toString());
                if (ch == channel) {
                    redial();
                }
            }
        });
    }

    private void redial() {
        if (!enabled) {
            return;
        }
        long jitter = backoffMs / 4 == 0 ? 0 : (long) (random.nextDouble() * (backoffMs / 4));
        long wait = backoffMs + jitter;
        backoffMs = Math.min(config.reconnectMax().toMillis(), backoffMs * 2);
        loop.schedule(() -> {
            if (enabled && (channel == null || !channel.isActive())) {
                connect();
            }
        }, wait, TimeUnit.MILLISECONDS);
    }

    private int nextSeq() {
        int s = pseq;
        pseq = (pseq + 1) & 0x0F;
        return s;
    }

    /** Every heartbeat period: a heartbeat, and what the faults ask for. */
    private void tick() {
        try {
            ticks++;
            if (terminal.hasFault(ConcentratorFault.CLOCK_DRIFT)) {
                terminal.shiftClock(java.time.Duration.ofSeconds(1));
            }
            if (terminal.hasFault(ConcentratorFault.METER_CLOCK_DRIFT) && !terminal.meters().isEmpty()) {
                terminal.meters().get(0).shiftClock(java.time.Duration.ofSeconds(1));
            }
            if (terminal.hasFault(ConcentratorFault.POWER_CUTS) && ticks % ConcentratorFault.POWER_CUT_TICKS == 0) {
                LocalDateTime back = LocalDateTime.ofInstant(terminal.clockNow(), LoadCurve.ZONE).withSecond(0).withNano(0);
                terminal.powerCycle(back.minusMinutes(1), back);
            }
            if (!enabled || channel == null || !channel.isActive() || !loggedIn) {
                return;
            }
            if (terminal.hasFault(ConcentratorFault.RELOGIN_STORM)) {
                connect(); // the old connection stays open: the master must replace it
                return;
            }
            LocalDateTime now = LocalDateTime.ofInstant(terminal.clockNow(), LoadCurve.ZONE).withNano(0);
            write(channel, terminal.flagged(List.of(Gw376Messages.heartbeat(terminal.address(), nextSeq(), now))).get(0));
        } catch (Throwable t) {
            log.warn("{}: heartbeat tick failed", terminal.name(), t);
        }
    }

    private void write(Channel ch, Gw376Frame f) {
        byte[] bytes = Gw376Encoder.encode(f);
        if (!terminal.hasFault(ConcentratorFault.SPLIT_FRAMES)) {
            ch.writeAndFlush(Unpooled.wrappedBuffer(bytes));
            return;
        }
        for (int i = 0; i < bytes.length; ) {
            int n = Math.min(bytes.length - i, 1 + random.nextInt(5));
            ch.writeAndFlush(Unpooled.wrappedBuffer(bytes, i, n));
            i += n;
        }
    }

    private void answer(Channel ch, Gw376Frame request) {
        if (terminal.hasFault(ConcentratorFault.SILENT)) {
            return;
        }
        List<Gw376Frame> replies = terminal.answer(request);
        if (terminal.hasFault(ConcentratorFault.WRONG_PSEQ)) {
            replies = replies.stream().map(ConcentratorLink::shifted).toList();
        }
        List<Gw376Frame> out = replies;
        if (terminal.hasFault(ConcentratorFault.SLOW)) {
            loop.schedule(() -> out.forEach(f -> write(ch, f)), config.slowDelay().toMillis(), TimeUnit.MILLISECONDS);
        } else {
            out.forEach(f -> write(ch, f));
        }
    }

    private static Gw376Frame shifted(Gw376Frame f) {
        Gw376Seq s = f.seq();
        return new Gw376Frame(f.protocolId(), f.control(), f.address(), f.afn(),
                new Gw376Seq(s.tpv(), s.fir(), s.fin(), s.con(), (s.number() + 1) & 0x0F), f.groups(), f.pw(), f.ec(), f.tp());
    }

    /** One connection's bytes: login on connect, frames from the master, redial when it closes. */
    private final class Handler extends ChannelInboundHandlerAdapter implements Gw376Extractor.Sink {
        private final Gw376Extractor extractor = new Gw376Extractor();
        private Channel ch;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ch = ctx.channel();
            synchronized (ConcentratorLink.this) {
                connections++;
                loginsSent++;
                loggedIn = false;
            }
            write(ch, Gw376Messages.login(terminal.address(), nextSeq()));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                byte[] b = new byte[in.readableBytes()];
                in.readBytes(b);
                extractor.feed(b, this);
            } finally {
                ReferenceCountUtil.release(in);
            }
        }

        @Override
        public void frame(Gw376Frame f) {
            if (f.control().up()) {
                return;
            }
            if (f.afn() == 0x00 && f.control().value() == 0x0B) {
                // the master's answer to a link test: F1 confirms, F2 denies a login
                if (f.unit(0, 2).isPresent()) {
                    ch.close();
                } else if (!loggedIn || ch != channel) {
                    synchronized (ConcentratorLink.this) {
                        loginsConfirmed++;
                        loggedIn = true;
                    }
                    backoffMs = config.reconnectMin().toMillis();
                    if (terminal.hasFault(ConcentratorFault.FLAPPING)) {
                        loop.schedule(() -> ch.close(), 50 + random.nextInt(200), TimeUnit.MILLISECONDS);
                    }
                }
                return;
            }
            if (f.control().primary()) {
                answer(ch, f);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == channel) {
                synchronized (ConcentratorLink.this) {
                    loggedIn = false;
                }
                redial();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
