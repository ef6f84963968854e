package org.headend.collector.channel;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;

/** One TCP connection to an RS-485-to-Ethernet gateway, through Netty on the bus's own event loop. */
final class TcpLink implements Link {

    private final InetSocketAddress remote;
    private final Bootstrap bootstrap;
    private Events events;
    private Channel channel;
    private String error;

    TcpLink(InetSocketAddress remote, EventLoop loop, Duration connectTimeout) {
        this.remote = remote;
        this.bootstrap = new Bootstrap().group(loop).channel(Transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(10_000, connectTimeout.toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new Inbound());
                    }
                });
    }

    @Override
    public void open(Events events) {
        this.events = events;
        bootstrap.connect(remote).addListener(f -> {
            if (f.isSuccess()) {
                channel = ((ChannelFuture) f).channel();
                events.opened();
            } else {
                events.closed("cannot connect: " + f.cause().getMessage());
            }
        });
    }

    @Override
    public void write(byte[] bytes) {
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            ch.writeAndFlush(Unpooled.wrappedBuffer(bytes), ch.voidPromise());
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public String describe() {
        return remote.getHostString() + ":" + remote.getPort();
    }

    @Override
    public boolean gateway() {
        return true;
    }

    /** The thin Netty end: bytes and the end of the connection go to the bus. */
    private final class Inbound extends ChannelInboundHandlerAdapter {
        private byte[] chunk = new byte[256];

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                int n = buf.readableBytes();
                if (chunk.length < n) {
                    chunk = new byte[Math.max(n, chunk.length * 2)];
                }
                buf.readBytes(chunk, 0, n);
                events.received(chunk, 0, n);
            } finally {
                buf.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == channel) {
                channel = null;
            }
            events.closed(error != null ? "connection error: " + error : "the gateway closed the connection");
            error = null;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            error = cause.toString();
            ctx.close(); // channelInactive reports it
        }
    }
}
