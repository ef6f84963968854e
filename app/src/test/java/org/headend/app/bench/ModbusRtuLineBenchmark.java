package org.headend.app.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.headend.collector.Collector;
import org.headend.collector.archive.MeterArchive;
import org.headend.collector.channel.BusTiming;
import org.headend.collector.channel.LineProtocol;
import org.headend.collector.channel.LinkSpec;
import org.headend.collector.config.DeviceQuirks;
import org.headend.protocol.modbus.ModbusFraming;
import org.headend.protocol.modbus.ModbusLimits;
import org.headend.protocol.modbus.ReadBlock;
import org.headend.protocol.serial.SerialFormat;
import org.headend.simulator.MeterFault;
import org.headend.simulator.ModbusSettings;
import org.headend.simulator.PtyPair;
import org.headend.simulator.SerialLines;
import org.headend.simulator.Simulator;
import org.headend.simulator.SimulatorConfig;
import org.headend.storage.ReadingStore;
import org.headend.storage.Stores;

/**
 * Modbus RTU reads per second on one paced RS-485 line against the wire limit (issue 6): SDM630-style
 * units served by the simulator on a socat pty, every byte paced at 9600 8N1, no turnaround beyond
 * the 3.5-character silence that ends each request; the collector's modbus-rtu line (j2mod's serial
 * master) with its default frame gap and fairness. Two phases after a 15 s warm-up that is not
 * counted: every unit alive, then one of them dead from the start. Not a test: run it with
 * bench/modbus-rtu.sh.
 *
 * <p>Wire limit: one meter read is one request per block of the map (at most 125 registers); each
 * block costs (8 request bytes + 5 + 2 x registers reply bytes) x 10 bits, plus two 3.5-character
 * silences (after the request, before the reply; after the reply, before the next request).
 *
 * <p>Arguments: meters on the line (10), seconds per phase (60).
 */
public final class ModbusRtuLineBenchmark {

    private static final SerialFormat FORMAT = SerialFormat.MODBUS_RTU;
    private static final ModbusSettings MODBUS = ModbusSettings.of(1, "sdm630", ModbusFraming.RTU);
    private static final int REQUEST_BYTES = 8;

    public static void main(String[] args) throws Exception {
        int meters = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        List<ReadBlock> blocks = MODBUS.map().blocks(DeviceQuirks.DEFAULTS.maxRegisters());
        long bits = 0;
        int bytes = 0;
        for (ReadBlock b : blocks) {
            int exchange = REQUEST_BYTES + 5 + 2 * b.count();
            bytes += exchange;
            bits += exchange * (long) FORMAT.bitsPerCharacter();
        }
        long gapNanos = ModbusLimits.rtuFrameGap(FORMAT).toNanos();
        double leastRead = bits / (double) FORMAT.baud() + 2 * blocks.size() * gapNanos / 1e9;
        double wireLimit = 1 / leastRead;
        Duration gap = LineProtocol.MODBUS_RTU.frameGap(FORMAT);
        System.out.printf(Locale.ROOT, "line: %s, %d meters, map %s: %d blocks, %d bytes per read, frame gap %.2f ms "
                        + "(j2mod sleeps whole ms: %d)%n", FORMAT, meters, MODBUS.map().name(), blocks.size(), bytes,
                gap.toNanos() / 1e6, (gap.toNanos() + 999_999) / 1_000_000);
        System.out.printf(Locale.ROOT, "wire limit: %.1f ms per read, %.3f reads/s%n", leastRead * 1000, wireLimit);

        SerialLineBenchmark.threePhases(seconds, wireLimit, (name, secs, oneDead) -> phase(name, meters, secs, oneDead, gap));
    }

    /** One phase on a fresh pty pair; returns meter reads per second. */
    private static double phase(String name, int meters, int seconds, boolean oneDead, Duration gap) throws Exception {
        Path dir = Files.createTempDirectory("headend-rtu-bench");
        SimulatorConfig simConfig = SimulatorConfig.defaults().withMeters(meters).withGateways(1);
        try (PtyPair pty = PtyPair.start(dir);
             Simulator sim = Simulator.start(simConfig, MODBUS, Clock.systemUTC(),
                     new SerialLines(List.of(pty.meterEnd().toString()), FORMAT, true, false));
             ReadingStore store = Stores.open("embedded:" + dir.resolve("bench.db"))) {
            if (oneDead) {
                sim.meters().get(meters / 2).fault(MeterFault.SILENT);
            }
            Path archive = dir.resolve("archive.csv");
            sim.writeArchive(archive);
            var load = MeterArchive.read(archive);
            BusTiming timing = BusTiming.DEFAULTS.withFrameGap(gap);
            List<Collector.BusEndpoint> line = List.of(new Collector.BusEndpoint(sim.gateways().get(0).name(),
                    new LinkSpec.Serial(pty.masterEnd().toString(), FORMAT, false), timing, DeviceQuirks.DEFAULTS));
            return SerialLineBenchmark.measure(name, line, load.meters(), store, seconds,
                    c -> c.modbusLines().values().iterator().next().quarantined());
        }
    }
}
