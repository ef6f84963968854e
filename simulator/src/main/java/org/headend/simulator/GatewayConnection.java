package org.headend.simulator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.headend.protocol.dlt645.Dlt645Exception;
import org.headend.protocol.dlt645.Dlt645Extractor;
import org.headend.protocol.dlt645.Dlt645Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection to a gateway: cuts request frames out of the byte stream with the protocol
 * module's extractor and hands them to the bus. Runs on the bus's event loop.
 */
final class GatewayConnection extends ChannelInboundHandlerAdapter implements Dlt645Extractor.Sink, Master {

    private static final Logger log = LoggerFactory.getLogger(GatewayConnection.class);

    private final Bus bus;
    private final Dlt645Extractor extractor = new Dlt645Extractor();
    private ChannelHandlerContext ctx;

    GatewayConnection(Bus bus) {
        this.bus = bus;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            extractor.feed(ByteBufUtil.getBytes(buf), this);
        } finally {
            buf.release();
        }
    }

    @Override
    public void frame(Dlt645Frame frame) {
        bus.submit(this, frame);
    }

    @Override
    public boolean isOpen() {
        return ctx.channel().isActive();
    }

    @Override
    public void write(byte[] bytes) {
        ctx.channel().writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }

    @Override
    public void hangUp() {
        ctx.close();
    }

    @Override
    public void dropped(Dlt645Exception.Reason reason, int bytes) {
        log.debug("{}: dropped {} bytes of a request ({})", ctx.channel().remoteAddress(), bytes, reason.tag());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        bus.forget(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("{}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
