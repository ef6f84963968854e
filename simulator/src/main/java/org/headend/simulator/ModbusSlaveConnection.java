package org.headend.simulator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.headend.protocol.modbus.ModbusFrameCodec;
import org.headend.protocol.modbus.ModbusFraming;
import org.headend.protocol.modbus.ModbusLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection to a simulated Modbus gateway: cuts request frames out of the stream (MBAP
 * length, or the RTU request length of the function code), answers each in order after the
 * device's turnaround. A stream that cannot be framed (an MBAP length over the limit) is closed,
 * as a device would drop it.
 */
final class ModbusSlaveConnection extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(ModbusSlaveConnection.class);

    private final ModbusResponder responder;
    private final ModbusFraming framing;
    private final long delayNanos;
    private final SimulatedGateway.Counters counters;

    ModbusSlaveConnection(ModbusResponder responder, ModbusSettings settings, SimulatedGateway.Counters counters) {
        this.responder = responder;
        this.framing = settings.framing();
        this.delayNanos = settings.responseDelay().toNanos();
        this.counters = counters;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int available = in.readableBytes();
            byte[] head = new byte[Math.min(available, 7)];
            in.getBytes(in.readerIndex(), head);
            int length = framing == ModbusFraming.TCP ? ModbusFrameCodec.tcpFrameLength(head, 0, head.length)
                    : ModbusFrameCodec.rtuRequestLength(head, 0, head.length);
            int max = framing == ModbusFraming.TCP ? ModbusLimits.MAX_TCP_ADU : ModbusLimits.MAX_RTU_ADU;
            if (length > max) {
                log.debug("{}: frame of {} bytes announced, closing", ctx.channel().remoteAddress(), length);
                in.skipBytes(available);
                ctx.close();
                return;
            }
            if (length < 0 || available < length) {
                return;
            }
            byte[] frame = new byte[length];
            in.readBytes(frame);
            counters.requests.incrementAndGet();
            byte[] reply = responder.answer(frame);
            if (reply == null) {
                counters.silences.incrementAndGet();
                continue;
            }
            counters.answers.incrementAndGet();
            if (delayNanos == 0) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(reply));
            } else {
                ctx.executor().schedule(() -> ctx.writeAndFlush(Unpooled.wrappedBuffer(reply)), delayNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("{}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
