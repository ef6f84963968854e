package org.headend.simulator;

import io.netty.channel.EventLoop;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.headend.protocol.modbus.ModbusFrameCodec;
import org.headend.protocol.modbus.ModbusLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Modbus RTU units of one simulated gateway on an RS-485 line served on a serial device
 * ({@link SerialMaster}): requests are cut out of the bytes by their function code and answered by
 * the gateway's {@link ModbusResponder}. Confined to the line's event loop; nothing blocks.
 *
 * <p>Timing, when the line is paced: the request's last byte reaches the units one wire time after
 * the master wrote it (a pty delivers it at once), the 3.5-character silence after it ends the
 * frame, then the unit's turnaround; the reply's bytes then leave one character time apart. A reply
 * never starts before the previous one is off the line and a gap has passed. A partial request
 * followed by a silence longer than {@link #STALE_NANOS} is dropped, as a unit discards a frame
 * that stopped (protocols.md §4.1; longer than t1.5 so that a loaded machine's thread delays do not
 * cut whole requests).
 */
final class ModbusSerialSlave implements SerialMaster.Receiver {

    private static final Logger log = LoggerFactory.getLogger(ModbusSerialSlave.class);
    static final long STALE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ModbusResponder responder;
    private final SimulatedGateway.Counters counters;
    private final EventLoop loop;
    private final long byteNanos;
    private final long gapNanos;
    private final long turnaroundNanos;
    private byte[] pending = new byte[0];
    private long lastByteNanos;
    /** When the last reply's last byte is off the line. */
    private long lineFreeNanos = System.nanoTime();

    ModbusSerialSlave(ModbusResponder responder, ModbusSettings settings, SerialLines lines,
                      SimulatedGateway.Counters counters, EventLoop loop) {
        this.responder = responder;
        this.counters = counters;
        this.loop = loop;
        this.byteNanos = lines.byteNanos();
        this.gapNanos = lines.paced() ? ModbusLimits.rtuFrameGap(lines.format()).toNanos() : 0;
        this.turnaroundNanos = settings.responseDelay().toNanos();
    }

    @Override
    public void received(SerialMaster from, byte[] chunk) {
        long now = System.nanoTime();
        if (pending.length > 0 && now - lastByteNanos > STALE_NANOS) {
            log.debug("serial: dropped {} bytes of a request that stopped", pending.length);
            pending = new byte[0];
        }
        lastByteNanos = now;
        pending = Bus.concat(pending, chunk);
        while (pending.length > 0) {
            int length = ModbusFrameCodec.rtuRequestLength(pending, 0, pending.length);
            if (length > ModbusLimits.MAX_RTU_ADU) {
                log.debug("serial: a request of {} bytes announced, dropped", length);
                pending = new byte[0];
                return;
            }
            if (length < 0 || pending.length < length) {
                return;
            }
            byte[] request = Arrays.copyOf(pending, length);
            pending = Arrays.copyOfRange(pending, length, pending.length);
            answer(from, request, now);
        }
    }

    private void answer(SerialMaster master, byte[] request, long arrivedNanos) {
        counters.requests.incrementAndGet();
        byte[] reply = responder.answer(request);
        if (reply == null) {
            counters.silences.incrementAndGet();
            return;
        }
        counters.answers.incrementAndGet();
        long heardEnd = arrivedNanos + request.length * byteNanos + gapNanos;
        long start = Math.max(heardEnd + turnaroundNanos, lineFreeNanos + gapNanos);
        lineFreeNanos = start + reply.length * byteNanos;
        new PacedReply(master, reply, start).run();
    }

    /** Writes the reply's bytes as they come due, one character time apart from {@code start}, all at once unpaced. */
    private final class PacedReply implements Runnable {
        private final SerialMaster master;
        private final byte[] reply;
        private final long start;
        private int sent;

        PacedReply(SerialMaster master, byte[] reply, long start) {
            this.master = master;
            this.reply = reply;
            this.start = start;
        }

        /** Due time of byte {@code i}: when its stop bit has left. */
        private long due(int i) {
            return start + (byteNanos == 0 ? 0 : (i + 1) * byteNanos);
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            int upTo = sent;
            while (upTo < reply.length && due(upTo) - now <= 0) {
                upTo++;
            }
            if (upTo > sent && master.isOpen()) {
                master.write(Arrays.copyOfRange(reply, sent, upTo));
            }
            sent = upTo;
            if (sent < reply.length) {
                loop.schedule(this, due(sent) - now, TimeUnit.NANOSECONDS);
            }
        }
    }
}
