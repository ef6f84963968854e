package org.headend.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.headend.protocol.dlt645.ControlCode;
import org.headend.protocol.dlt645.DataFormat;
import org.headend.protocol.dlt645.DataItem;
import org.headend.protocol.dlt645.Dlt645Address;
import org.headend.protocol.dlt645.Dlt645Catalogue;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.dlt645.Dlt645Frame;
import org.headend.protocol.dlt645.Dlt645Function;
import org.headend.protocol.dlt645.Dlt645Messages;

/**
 * What the meters of one bus say to one request, as a pure function of the request, the meters
 * and the instant. Frames are built with the protocol module's messages and catalogue; DIs the
 * catalogue does not list yet are encoded through {@link DataItem}s declared here.
 *
 * <p>Rules (protocols.md §1.3-§1.5): broadcast 99…99 gets no answer; only a meter whose address
 * {@link Dlt645Address#answers answers} the target replies; a wildcard matching several meters
 * collides on the wire, so nobody is heard; read 11 of an unknown DI gets D1 with ERR bit 1 (no
 * requested data); read address 13 gets 93 with the real address; write and control functions get
 * the abnormal reply with ERR bit 2 (not authorised: the simulator takes no passwords yet).
 */
final class Responder {

    static final int ERR_OTHER = 0x01;
    static final int ERR_NO_DATA = 0x02;
    static final int ERR_NOT_AUTHORISED = 0x04;

    /** The outcome of one request. */
    sealed interface Outcome {
    }

    /** Nobody answers; {@code why} is for logs and counters. */
    record Silence(String why) implements Outcome {
    }

    /** {@code meter} answers with {@code reply}; {@code values} are what a read served (null otherwise). */
    record Answer(SimulatedMeter meter, Dlt645Frame reply, long dataId, long[] values) implements Outcome {
    }

    /** Items the standard catalogue does not carry yet; the catalogue wins once it does. */
    private static final Map<Long, DataItem> SUPPLEMENT = Map.ofEntries(
            item(0x00010100L, "forward active energy T1", "T1", "energy.active.import.t1", "XXXXXX.XX", "kWh"),
            item(0x00010200L, "forward active energy T2", "T2", "energy.active.import.t2", "XXXXXX.XX", "kWh"),
            item(0x00010300L, "forward active energy T3", "T3", "energy.active.import.t3", "XXXXXX.XX", "kWh"),
            item(0x00010400L, "forward active energy T4", "T4", "energy.active.import.t4", "XXXXXX.XX", "kWh"),
            item(0x02030100L, "phase A active power", "Pa", "power.active.a", "-XX.XXXX", "kW"),
            item(0x02030200L, "phase B active power", "Pb", "power.active.b", "-XX.XXXX", "kW"),
            item(0x02030300L, "phase C active power", "Pc", "power.active.c", "-XX.XXXX", "kW"),
            item(0x04000101L, "date and weekday", "date", "clock.date", "XXXXXXXX", ""),
            item(0x04000102L, "time", "time", "clock.time", "XXXXXX", ""),
            item(0x04000401L, "communication address", "address", "meter.address", "XXXXXXXXXXXX", ""));

    private Responder() {
    }

    static Outcome respond(List<SimulatedMeter> meters, Dlt645Frame request, Instant at) {
        ControlCode c = request.control();
        if (c.isResponse()) {
            return new Silence("not a request: C=" + c);
        }
        if (request.address().isBroadcast()) {
            return new Silence("broadcast");
        }
        Optional<Dlt645Function> function = c.function().filter(f -> f.belongsTo(Dlt645Edition.V2007));
        if (function.isEmpty()) {
            return new Silence("no 2007 function " + c);
        }
        SimulatedMeter meter = null;
        for (SimulatedMeter m : meters) {
            if (m.address().answers(request.address())) {
                if (meter != null) {
                    return new Silence("collision: " + request.address() + " matches several meters");
                }
                meter = m;
            }
        }
        if (meter == null) {
            return new Silence("no meter " + request.address());
        }
        return switch (function.get()) {
            case READ -> read(meter, request, at);
            case READ_ADDRESS -> new Answer(meter, addressReply(meter.address()), -1, null);
            case READ_FOLLOW_UP -> error(meter, Dlt645Function.READ_FOLLOW_UP, ERR_NO_DATA);
            case WRITE_ADDRESS, BROADCAST_TIME -> new Silence(function.get() + " is not simulated");
            default -> error(meter, function.get(), ERR_NOT_AUTHORISED);
        };
    }

    private static Outcome read(SimulatedMeter meter, Dlt645Frame request, Instant at) {
        if (request.dataLength() < Dlt645Edition.V2007.dataIdLength()) {
            return error(meter, Dlt645Function.READ, ERR_OTHER);
        }
        long di = request.dataId(Dlt645Edition.V2007);
        Optional<long[]> values = meter.read(di, at);
        Optional<DataItem> item = values.flatMap(v -> itemFor(di, v.length));
        if (values.isEmpty() || item.isEmpty()) {
            return error(meter, Dlt645Function.READ, ERR_NO_DATA);
        }
        byte[] bytes = encode(item.get(), values.get());
        return new Answer(meter, Dlt645Messages.readReply(Dlt645Edition.V2007, meter.address(), di, bytes), di, values.get());
    }

    /** The catalogue's item for {@code di} when it has {@code count} elements, else ours. */
    static Optional<DataItem> itemFor(long di, int count) {
        // the meter model gives numbers: a catalogue item of dates or times (04000101/02) is written
        // through our BCD twin, whose bytes are the same (YYMMDDWW and hhmmss are BCD digits on the wire)
        Optional<DataItem> standard = Dlt645Catalogue.standard().find(Dlt645Edition.V2007, di)
                .filter(i -> i.elements().size() == count)
                .filter(i -> i.elements().stream().allMatch(e -> e.format().kind() == DataFormat.Kind.BCD
                        || e.format().kind() == DataFormat.Kind.DIGITS));
        return standard.isPresent() ? standard : Optional.ofNullable(SUPPLEMENT.get(di));
    }

    /** Encodes through the item, then marks unavailable elements as FF bytes (§1.6). */
    private static byte[] encode(DataItem item, long[] values) {
        long[] numbers = values.clone();
        for (int i = 0; i < numbers.length; i++) {
            if (numbers[i] == SimulatedMeter.NOT_AVAILABLE) {
                numbers[i] = 0;
            }
        }
        byte[] out = item.encode(numbers);
        int off = 0;
        for (int i = 0; i < values.length; i++) {
            int n = item.elements().get(i).format().bytes();
            if (values[i] == SimulatedMeter.NOT_AVAILABLE) {
                java.util.Arrays.fill(out, off, off + n, (byte) 0xFF);
            }
            off += n;
        }
        return out;
    }

    /** 93 with the meter's 6-byte address, low byte first (§1.3, vector D07-012). */
    private static Dlt645Frame addressReply(Dlt645Address address) {
        byte[] data = new byte[Dlt645Address.WIRE_LENGTH];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (address.nibbles() >>> (8 * i));
        }
        return new Dlt645Frame(address, ControlCode.normalReply(Dlt645Function.READ_ADDRESS), data);
    }

    private static Answer error(SimulatedMeter meter, Dlt645Function function, int err) {
        return new Answer(meter, Dlt645Messages.errorReply(meter.address(), function, err), -1, null);
    }

    private static Map.Entry<Long, DataItem> item(long di, String name, String element, String quantity, String format, String unit) {
        return Map.entry(di, new DataItem(Dlt645Edition.V2007, di, name,
                List.of(new DataItem.Element(element, quantity, DataFormat.parse(format), unit))));
    }
}
