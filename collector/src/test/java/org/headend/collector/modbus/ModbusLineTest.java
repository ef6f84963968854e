package org.headend.collector.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.headend.collector.archive.Meter;
import org.headend.collector.archive.MeterProtocol;
import org.headend.collector.archive.ModbusTarget;
import org.headend.collector.channel.BusListener;
import org.headend.collector.channel.BusTiming;
import org.headend.collector.config.DeviceQuirks;
import org.headend.collector.poll.PollOutcome;
import org.headend.protocol.modbus.MapValue;
import org.headend.protocol.modbus.ModbusPdu;
import org.headend.protocol.modbus.RegisterMap;
import org.junit.jupiter.api.Test;

/** One Modbus line against a scripted device on a real socket: quirks, retries, exceptions. */
class ModbusLineTest {

    /** Two quantities 0x20 registers apart: one block of 125, two of at most 16. */
    static final RegisterMap MAP = RegisterMap.parse("""
            @map two
            0x0000 holding uint16 ABCD 0.1 V voltage.a
            0x0020 holding uint32 ABCD 0.01 kWh energy.active.import.total
            """, "two.map");
    static final BusTiming TIMING = new BusTiming(Duration.ofMillis(500), 2, 0, Duration.ofMillis(10),
            Duration.ofMillis(20), Duration.ofMillis(200), 0, 100);
    static final Meter METER = new Meter("1", MeterProtocol.MODBUS_TCP, "mb", BigDecimal.ONE, BigDecimal.ONE, "c", "a",
            new ModbusTarget(5, MAP));

    /** Answers every read with register value = its address + 100. */
    static ModbusPdu answer(ModbusPdu request) {
        ModbusPdu.ReadRequest r = (ModbusPdu.ReadRequest) request;
        int[] w = new int[r.quantity()];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.start() + i + 100;
        }
        return new ModbusPdu.RegistersReply(r.function(), w);
    }

    /** The j2mod connection, noting when connect() returned and each read() was called, as the line sees them. */
    static final class Timed implements ModbusConnection {
        final ModbusConnection inner;
        final List<Long> connected = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Long> reads = new java.util.concurrent.CopyOnWriteArrayList<>();

        Timed(ModbusConnection inner) {
            this.inner = inner;
        }

        @Override
        public void connect() throws java.io.IOException {
            inner.connect();
            connected.add(System.nanoTime());
        }

        @Override
        public boolean isConnected() {
            return inner.isConnected();
        }

        @Override
        public int[] read(int unit, org.headend.protocol.modbus.ReadBlock block, java.time.Duration timeout) throws java.io.IOException, ModbusDeviceException {
            reads.add(System.nanoTime());
            return inner.read(unit, block, timeout);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    static Timed timed;

    static ModbusResult readOnce(ScriptedModbusDevice device, DeviceQuirks quirks, BusListener listener) throws Exception {
        Timed c = new Timed(J2modConnection.tcp("127.0.0.1", device.address().getPort(), TIMING.requestTimeout(), false));
        timed = c;
        ModbusLine line = new ModbusLine("mb", "modbus-tcp", c, TIMING, quirks, listener, Clock.systemUTC());
        line.start();
        try {
            CompletableFuture<ModbusResult> done = new CompletableFuture<>();
            assertTrue(line.submit(new ModbusRead(METER, false, done::complete)));
            return done.get(10, TimeUnit.SECONDS);
        } finally {
            line.close();
        }
    }

    static double value(ModbusResult r, String quantity) {
        return r.values().stream().filter(v -> v.quantity().equals(quantity)).mapToDouble(MapValue::value).findFirst().orElseThrow();
    }

    @Test
    void waitsTheDevicesPauseAfterConnectingAndReadsInBlocksItAllows() throws Exception {
        try (ScriptedModbusDevice device = new ScriptedModbusDevice((conn, f) -> answer(f.pdu()))) {
            ModbusResult r = readOnce(device, new DeviceQuirks(Duration.ofMillis(300), 16), BusListener.NONE);
            assertEquals(PollOutcome.OK, r.outcome());
            assertEquals(10.0, value(r, "voltage.a"));                                         // 100 x 0.1
            assertEquals(((0x20 + 100L) << 16 | (0x21 + 100)) * 0.01, value(r, "energy.active.import.total"), 1e-9);
            long quiet = timed.reads.get(0) - timed.connected.get(0);
            assertTrue(quiet >= 300_000_000L, "first request " + quiet / 1_000_000 + " ms after connecting");
            assertEquals(2, device.requests.size(), "two blocks of at most 16 registers");
            assertTrue(device.requests.stream().allMatch(a -> ((ModbusPdu.ReadRequest) a.frame().pdu()).quantity() <= 16));
            assertTrue(device.requests.stream().allMatch(a -> a.frame().unit() == 5 && a.frame().pdu().function() == 3));
        }
    }

    @Test
    void aDroppedConnectionIsRetriedOnANewOne() throws Exception {
        AtomicInteger retries = new AtomicInteger();
        BusListener listener = new BusListener() {
            @Override
            public void retry(String bus) {
                retries.incrementAndGet();
            }
        };
        // the first connection is closed at its first request, as a rebooting gateway would
        try (ScriptedModbusDevice device = new ScriptedModbusDevice((conn, f) -> conn == 1 ? null : answer(f.pdu()))) {
            ModbusResult r = readOnce(device, DeviceQuirks.DEFAULTS, listener);
            assertEquals(PollOutcome.OK, r.outcome());
            assertEquals(2, device.accepted.size());
            assertEquals(1, retries.get());
            assertEquals(2, r.requests(), "the lost request and its retry; one block of 125");
            assertEquals(List.of(1, 2), device.requests.stream().map(ScriptedModbusDevice.Arrival::connection).toList());
        }
    }

    @Test
    void anExceptionReplyIsCountedByNameAndTheOtherBlocksAreStillRead() throws Exception {
        Map<String, Integer> seen = new java.util.concurrent.ConcurrentHashMap<>();
        BusListener listener = new BusListener() {
            @Override
            public void deviceException(String bus, String exception) {
                seen.merge(bus + "/" + exception, 1, Integer::sum);
            }
        };
        try (ScriptedModbusDevice device = new ScriptedModbusDevice((conn, f) ->
                ((ModbusPdu.ReadRequest) f.pdu()).start() == 0x20 ? new ModbusPdu.ExceptionReply(3, 6) : answer(f.pdu()))) {
            ModbusResult r = readOnce(device, new DeviceQuirks(Duration.ZERO, 16), listener);
            assertEquals(PollOutcome.ERROR_REPLY, r.outcome());
            assertEquals(Map.of("slave_device_busy", 1), r.exceptions());
            assertEquals(Map.of("mb/slave_device_busy", 1), seen);
            assertEquals(List.of("voltage.a"), r.values().stream().map(MapValue::quantity).toList());
        }
    }
}
