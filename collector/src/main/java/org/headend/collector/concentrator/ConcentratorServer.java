package org.headend.collector.concentrator;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.headend.collector.channel.Transport;
import org.headend.collector.config.ConcentratorSettings;
import org.headend.collector.metrics.ConcentratorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP server concentrators dial in to, and the registry of their sessions: one session per
 * terminal; a terminal that logs in again replaces its old session (the old connection is
 * closed); a session without a heartbeat for {@code idlePeriods} heartbeat periods is closed by
 * the {@link IdleSweep}. Idle time is measured on the monotonic clock, so a wall-clock jump never
 * closes sessions.
 */
final class ConcentratorServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConcentratorServer.class);

    private final ConcentratorSettings settings;
    private final SessionRules rules;
    private final LoginGate gate;
    private final ConcentratorMetrics metrics;
    private final EventLoopGroup group;
    private final Map<Long, ConcentratorSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong logins = new AtomicLong();
    private final AtomicLong replaced = new AtomicLong();
    private final AtomicLong idleClosed = new AtomicLong();
    private Channel server;

    ConcentratorServer(ConcentratorSettings settings, Set<Long> allowed, ConcentratorMetrics metrics, EventLoopGroup group) {
        this.settings = settings;
        this.rules = SessionRules.of(settings);
        this.gate = new LoginGate(allowed, settings.loginsPerMinute());
        this.metrics = metrics;
        this.group = group;
    }

    /** Binds and starts the idle sweep; returns once listening. */
    void start() throws IOException {
        ServerBootstrap b = new ServerBootstrap().group(group, group).channel(Transport.serverSocketChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new TerminalLink(ConcentratorServer.this));
                    }
                });
        try {
            server = b.bind(settings.host(), settings.port()).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding the concentrator server", e);
        } catch (Exception e) {
            throw new IOException("the concentrator server cannot listen on " + settings.host() + ":" + settings.port()
                    + ": " + e.getMessage() + "; choose another concentrators.port", e);
        }
        long every = Math.max(50_000_000L, settings.heartbeatPeriod().toNanos() / 2);
        group.next().scheduleAtFixedRate(new IdleSweep(), every, every, TimeUnit.NANOSECONDS);
        log.info("concentrator server listening on {} ({})", server.localAddress(), Transport.describe());
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    ConcentratorSettings settings() {
        return settings;
    }

    SessionRules rules() {
        return rules;
    }

    LoginGate gate() {
        return gate;
    }

    ConcentratorMetrics metrics() {
        return metrics;
    }

    /** A terminal logged in; an older session of it is closed. */
    void online(ConcentratorSession s) {
        ConcentratorSession old = sessions.put(s.terminalKey(), s);
        logins.incrementAndGet();
        metrics.loginAccepted();
        if (old != null && old != s) {
            replaced.incrementAndGet();
            log.info("terminal {} logged in again from {}; its session from {} is replaced", s.address(),
                    s.channel().remoteAddress(), old.channel().remoteAddress());
            old.channel().close();
        }
        metrics.sessionsOnline(sessions.size());
    }

    /** A session's connection closed; a newer session of the same terminal stays. */
    void offline(ConcentratorSession s) {
        sessions.remove(s.terminalKey(), s);
        metrics.sessionsOnline(sessions.size());
    }

    ConcentratorSession session(long terminalKey) {
        return sessions.get(terminalKey);
    }

    Collection<ConcentratorSession> sessions() {
        return sessions.values();
    }

    long logins() {
        return logins.get();
    }

    long replaced() {
        return replaced.get();
    }

    long idleClosed() {
        return idleClosed.get();
    }

    /** Closes sessions whose terminal stopped sending heartbeats; forgets rate buckets that are full again. */
    private final class IdleSweep implements Runnable {
        @Override
        public void run() {
            try {
                long now = System.nanoTime();
                long limit = settings.idleTimeout().toNanos();
                List<ConcentratorSession> idle = new ArrayList<>();
                for (ConcentratorSession s : sessions.values()) {
                    if (now - s.lastHeartbeatNanos() > limit) {
                        idle.add(s);
                    }
                }
                for (ConcentratorSession s : idle) {
                    idleClosed.incrementAndGet();
                    log.info("terminal {} sent no heartbeat for {} periods; session closed", s.address(), settings.idlePeriods());
                    s.channel().close();
                }
                gate.prune(now);
            } catch (Throwable t) {
                log.warn("idle sweep failed; it runs again", t);
            }
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        for (ConcentratorSession s : sessions.values()) {
            s.channel().close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
    }
}
