package org.headend.app.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.headend.collector.channel.Transport;
import org.headend.protocol.dlt645.Dlt645Address;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.dlt645.Dlt645FrameCodec;
import org.headend.protocol.dlt645.Dlt645Messages;

/**
 * The baseline of the end-to-end benchmark: the least a Netty client can do to read the same
 * meters over the same connections. One connection per gateway, one request outstanding, the
 * same pre-encoded request frames; a reply is "complete" when its 16 end byte arrives after
 * the L it announced. No decoding of values, no storage, no metrics.
 */
final class BareNettyLoop {

    private final LongAdder replies = new LongAdder();
    private final List<Channel> channels = new ArrayList<>();
    private volatile boolean running = true;

    /** Connects one client per gateway; each cycles through its meters' requests. */
    void start(EventLoopGroup group, List<InetSocketAddress> gateways, List<List<String>> metersPerGateway, long dataId)
            throws InterruptedException {
        for (int g = 0; g < gateways.size(); g++) {
            List<byte[]> requests = new ArrayList<>();
            for (String m : metersPerGateway.get(g)) {
                requests.add(Dlt645FrameCodec.encode(
                        Dlt645Messages.readRequest(Dlt645Edition.V2007, Dlt645Address.parse(m), dataId), 4));
            }
            Bootstrap b = new Bootstrap().group(group).channel(Transport.socketChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new Client(requests));
                        }
                    });
            channels.add(b.connect(gateways.get(g)).sync().channel());
        }
    }

    long replies() {
        return replies.sum();
    }

    void stop() {
        running = false;
        channels.forEach(Channel::close);
    }

    /** Sends request i, waits for one whole reply frame, sends request i+1. */
    private final class Client extends ChannelInboundHandlerAdapter {
        private final List<byte[]> requests;
        private int next;
        private int seen;       // bytes of the current reply since its first 68
        private int expected;   // total frame bytes once L is known

        Client(List<byte[]> requests) {
            this.requests = requests;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            send(ctx);
        }

        private void send(ChannelHandlerContext ctx) {
            if (!running) {
                return;
            }
            byte[] r = requests.get(next);
            next = (next + 1) % requests.size();
            seen = 0;
            expected = Integer.MAX_VALUE;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(r), ctx.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                while (buf.isReadable()) {
                    int b = buf.readUnsignedByte();
                    if (seen == 0 && b != 0x68) {
                        continue; // preamble
                    }
                    seen++;
                    if (seen == 10) {
                        expected = 12 + b;
                    }
                    if (seen == expected) {
                        replies.increment();
                        send(ctx);
                    }
                }
            } finally {
                buf.release();
            }
        }
    }
}
