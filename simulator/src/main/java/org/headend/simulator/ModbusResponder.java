package org.headend.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.headend.protocol.modbus.ModbusDirection;
import org.headend.protocol.modbus.ModbusException;
import org.headend.protocol.modbus.ModbusExceptionCode;
import org.headend.protocol.modbus.ModbusFrame;
import org.headend.protocol.modbus.ModbusFrameCodec;
import org.headend.protocol.modbus.ModbusFraming;
import org.headend.protocol.modbus.ModbusPdu;
import org.headend.protocol.modbus.ReadBlock;
import org.headend.protocol.modbus.RegisterEntry;
import org.headend.protocol.modbus.RegisterTable;
import org.headend.protocol.modbus.RegisterType;

/**
 * The register image of one Modbus gateway's meters: a request frame in, the reply frame out (or
 * nothing). Pure apart from the meters' registers, which follow the clock. Rules in {@link ModbusSettings};
 * a meter switched {@link MeterFault#SILENT} is answered for as a unit the gateway does not have.
 */
final class ModbusResponder {

    private final Map<Integer, SimulatedMeter> units;
    private final ModbusSettings settings;
    private final List<ReadBlock> served;
    private final Clock clock;
    /** Draws {@link MeterFault#SILENT} with a probability below 1, in request order (one loop per gateway). */
    private final Random random;

    ModbusResponder(Map<Integer, SimulatedMeter> units, ModbusSettings settings, Clock clock, Random random) {
        this.units = Map.copyOf(units);
        this.settings = settings;
        this.served = settings.map().blocks(125);
        this.clock = clock;
        this.random = random;
    }

    /** The reply to one whole request frame, or null for silence. */
    byte[] answer(byte[] request) {
        ModbusFraming framing = settings.framing();
        ModbusFrame frame;
        try {
            frame = ModbusFrameCodec.decode(framing, request, ModbusDirection.REQUEST);
        } catch (ModbusException e) {
            return refusal(framing, request, e);
        }
        SimulatedMeter meter = units.get(frame.unit());
        if (meter == null || meter.faultSwitch().strikes(MeterFault.SILENT, random)) {
            return framing == ModbusFraming.TCP
                    ? reply(frame, exception(frame.pdu().function(), ModbusExceptionCode.GATEWAY_TARGET_FAILED_TO_RESPOND))
                    : null;
        }
        if (!(frame.pdu() instanceof ModbusPdu.ReadRequest r) || !r.registers()) {
            return reply(frame, exception(frame.pdu().function(), ModbusExceptionCode.ILLEGAL_FUNCTION));
        }
        RegisterTable table = RegisterTable.ofFunction(r.function());
        boolean inside = served.stream().anyMatch(b -> b.table() == table && b.start() <= r.start()
                && r.start() + r.quantity() <= b.start() + b.count());
        if (!inside) {
            return reply(frame, exception(r.function(), ModbusExceptionCode.ILLEGAL_DATA_ADDRESS));
        }
        return reply(frame, new ModbusPdu.RegistersReply(r.function(), registers(meter, table, r.start(), r.quantity(), clock.instant())));
    }

    /** The registers {@code [start, start+count)} of {@code table}: every map entry overlapping them, encoded. */
    int[] registers(SimulatedMeter meter, RegisterTable table, int start, int count, Instant at) {
        Map<String, Double> values = meter.measurements(at);
        int[] words = new int[count];
        for (RegisterEntry e : settings.map().entries()) {
            if (e.table() != table || e.end() <= start || e.register() >= start + count) {
                continue;
            }
            Double v = values.get(e.quantity());
            boolean phaseMissing = v == null && e.quantity().matches("(voltage|current|power\\.active)\\.[abc]");
            double value = v != null ? v : phaseMissing && e.type() == RegisterType.FLOAT32 ? Double.NaN : 0;
            int[] w = e.encode(value);
            for (int i = 0; i < w.length; i++) {
                int at2 = e.register() + i - start;
                if (at2 >= 0 && at2 < count) {
                    words[at2] = w[i];
                }
            }
        }
        return words;
    }

    /** A request that does not decode: exception 03/02 when the device can tell (bad quantity or range), else silence. */
    private static byte[] refusal(ModbusFraming framing, byte[] request, ModbusException e) {
        int headerEnd = framing == ModbusFraming.TCP ? 8 : 2;
        boolean rangeProblem = e.reason() == ModbusException.Reason.BAD_QUANTITY || e.reason() == ModbusException.Reason.BAD_ADDRESS;
        if (!rangeProblem || request.length < headerEnd) {
            return null;
        }
        int unit = request[headerEnd - 2] & 0xFF;
        int fc = request[headerEnd - 1] & 0x7F;
        ModbusPdu x = exception(fc, e.reason() == ModbusException.Reason.BAD_QUANTITY
                ? ModbusExceptionCode.ILLEGAL_DATA_VALUE : ModbusExceptionCode.ILLEGAL_DATA_ADDRESS);
        ModbusFrame reply = framing == ModbusFraming.TCP
                ? ModbusFrame.tcp((request[0] & 0xFF) << 8 | (request[1] & 0xFF), unit, ModbusDirection.RESPONSE, x)
                : ModbusFrame.rtu(unit, ModbusDirection.RESPONSE, x);
        return ModbusFrameCodec.encode(reply);
    }

    private static ModbusPdu exception(int function, ModbusExceptionCode code) {
        return new ModbusPdu.ExceptionReply(function, code.code());
    }

    private static byte[] reply(ModbusFrame request, ModbusPdu pdu) {
        return ModbusFrameCodec.encode(new ModbusFrame(request.framing(), request.transaction(), request.unit(),
                ModbusDirection.RESPONSE, pdu));
    }
}
