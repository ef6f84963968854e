package org.headend.collector.channel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.headend.protocol.dlt645.Dlt645Exception;
import org.headend.protocol.dlt645.Dlt645Extractor;
import org.headend.protocol.dlt645.Dlt645Frame;

/**
 * The thin Netty end of one gateway connection: received bytes go through this connection's own
 * {@link Dlt645Extractor}; frames, drops and the end of the connection go to the bus.
 */
final class BusInbound extends ChannelInboundHandlerAdapter implements Dlt645Extractor.Sink {

    /** What the bus does with what arrives; called on the connection's event loop. */
    interface Events {
        void bytesIn(int n);

        void frame(Dlt645Frame frame);

        void dropped(Dlt645Exception.Reason reason);

        void disconnected();

        void failed(Throwable cause);
    }

    private final Dlt645Extractor extractor = new Dlt645Extractor();
    private final Events events;
    private byte[] chunk = new byte[256];

    BusInbound(Events events) {
        this.events = events;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            int n = buf.readableBytes();
            events.bytesIn(n);
            if (chunk.length < n) {
                chunk = new byte[Math.max(n, chunk.length * 2)];
            }
            buf.readBytes(chunk, 0, n);
            extractor.feed(chunk, 0, n, this);
        } finally {
            buf.release();
        }
    }

    @Override
    public void frame(Dlt645Frame frame) {
        events.frame(frame);
    }

    @Override
    public void dropped(Dlt645Exception.Reason reason, int bytes) {
        events.dropped(reason);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        events.disconnected();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        events.failed(cause);
        ctx.close();
    }
}
