package org.headend.collector.concentrator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.headend.protocol.gw376.Gw376Encoder;
import org.headend.protocol.gw376.Gw376Exception;
import org.headend.protocol.gw376.Gw376Extractor;
import org.headend.protocol.gw376.Gw376Frame;
import org.headend.protocol.gw376.Gw376Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One concentrator connection, before and after its login (protocols.md §3.10, issue 5): bytes
 * through a {@link Gw376Extractor}; a login (AFN 02 F1) first, or the connection is closed; a
 * login from a terminal not in the archive or beyond its source's rate is denied and closed; after
 * the login, a frame with another terminal address closes the connection, heartbeats keep the
 * session alive, replies go to the {@link ConcentratorSession}. Every uplink frame with CON = 1 is
 * confirmed (AFN 00 F1). A connection that does not log in within one heartbeat period is closed.
 */
final class TerminalLink extends ChannelInboundHandlerAdapter implements Gw376Extractor.Sink {

    private static final Logger log = LoggerFactory.getLogger(TerminalLink.class);

    private final ConcentratorServer front;
    private final Gw376Extractor extractor = new Gw376Extractor();
    private ChannelHandlerContext ctx;
    private ConcentratorSession session;
    private ScheduledFuture<?> loginDeadline;

    TerminalLink(ConcentratorServer front) {
        this.front = front;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        loginDeadline = ctx.executor().schedule(() -> {
            if (session == null) {
                refuse(null, LoginGate.Refusal.NOT_LOGGED_IN, "no login within " + front.settings().heartbeatPeriod());
            }
        }, front.settings().heartbeatPeriod().toNanos(), TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            byte[] bytes = new byte[in.readableBytes()];
            in.readBytes(bytes);
            extractor.feed(bytes, this);
        } finally {
            ReferenceCountUtil.release(in);
        }
    }

    @Override
    public void dropped(Gw376Exception.Reason reason, int bytes) {
        front.metrics().frameDropped(reason.tag());
    }

    @Override
    public void frame(Gw376Frame f) {
        if (!ctx.channel().isActive()) {
            return;
        }
        front.metrics().frame("in", String.format("%02X", f.afn()));
        if (!f.control().up()) {
            log.debug("downlink frame from {} dropped: {}", ctx.channel().remoteAddress(), f);
            return;
        }
        if (f.isLogin()) {
            login(f);
            return;
        }
        if (session == null) {
            refuse(null, LoginGate.Refusal.NOT_LOGGED_IN, "AFN " + f.afn() + " from " + f.address() + " before a login");
            return;
        }
        if (f.address().terminalKey() != session.terminalKey()) {
            refuse(null, LoginGate.Refusal.WRONG_ADDRESS, "frame from " + f.address() + " on the session of " + session.address());
            return;
        }
        if (f.ec() != null) {
            session.eventCounters(f.ec()); // before the reply completes: the round reads the events after it
        }
        if (!f.control().primary()) {
            session.reply(f);
            return;
        }
        if (f.isHeartbeat()) {
            session.heartbeat();
            front.metrics().heartbeat();
        }
        if (f.seq().con()) {
            write(Gw376Messages.confirm(f));
        }
        if (f.isLogout()) {
            ctx.close();
        }
    }

    private void login(Gw376Frame f) {
        long key = f.address().terminalKey();
        if (session != null) {
            if (session.terminalKey() != key) {
                refuse(f, LoginGate.Refusal.WRONG_ADDRESS, "login of " + f.address() + " on the session of " + session.address());
                return;
            }
            session.heartbeat();
            write(Gw376Messages.confirm(f));
            return;
        }
        InetSocketAddress from = (InetSocketAddress) ctx.channel().remoteAddress();
        LoginGate.Refusal r = front.gate().admit(from.getAddress(), key, System.nanoTime());
        if (r != null) {
            refuse(f, r, "login of " + f.address() + " from " + from);
            return;
        }
        loginDeadline.cancel(false);
        session = new ConcentratorSession(ctx.channel(), f.address(), front.rules(), front.metrics());
        if (f.ec() != null) {
            session.eventCounters(f.ec());
        }
        front.online(session);
        write(Gw376Messages.confirm(f));
    }

    /** Denies {@code login} (when there is one), counts why, and closes. */
    private void refuse(Gw376Frame login, LoginGate.Refusal why, String detail) {
        front.metrics().loginRefused(why.tag);
        log.info("concentrator connection {} closed: {} ({})", ctx.channel().remoteAddress(), why.tag, detail);
        if (login != null) {
            front.metrics().frame("out", "00");
            ctx.writeAndFlush(Unpooled.wrappedBuffer(Gw376Encoder.encode(Gw376Messages.deny(login))))
                    .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private void write(Gw376Frame f) {
        front.metrics().frame("out", String.format("%02X", f.afn()));
        ctx.writeAndFlush(Unpooled.wrappedBuffer(Gw376Encoder.encode(f)));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (loginDeadline != null) {
            loginDeadline.cancel(false);
        }
        if (session != null) {
            session.closed();
            front.offline(session);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("concentrator connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
