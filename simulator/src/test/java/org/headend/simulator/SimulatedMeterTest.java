package org.headend.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.dlt645.Dlt645Exception;
import org.headend.protocol.dlt645.Dlt645Frame;
import org.headend.protocol.dlt645.Dlt645Messages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatedMeterTest {

    static final Instant START = Instant.parse("2026-03-02T10:15:00Z");
    final MutableClock clock = new MutableClock(START);
    Simulator sim;

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
        }
    }

    static List<SimulatedMeter> fleet(int meters, long seed) {
        List<SimulatedMeter> all = new ArrayList<>();
        Fleet.generate(SimulatorConfig.defaults().withMeters(meters).withGateways(2).withSeed(seed)).forEach(all::addAll);
        return all;
    }

    static Instant local(String isoLocal) {
        return OffsetDateTime.parse(isoLocal + "+08:00").toInstant();
    }

    static Dlt645Frame read(SimulatedMeter m, long di) {
        return Dlt645Messages.readRequest(Dlt645Edition.V2007, m.address(), di);
    }

    @Test
    void registersNeverDecreaseAndTariffsSumToTheTotalOverAWeek() {
        for (SimulatedMeter m : fleet(60, 7)) {
            long[] previous = m.forwardActive(START);
            for (Instant t = START; t.isBefore(START.plus(Duration.ofDays(8))); t = t.plus(Duration.ofMinutes(10))) {
                long[] now = m.forwardActive(t);
                for (int k = 0; k < 5; k++) {
                    assertTrue(now[k] >= previous[k], m + " element " + k + " went back at " + t);
                }
                assertEquals(now[1] + now[2] + now[3] + now[4], now[0], m + " at " + t);
                previous = now;
            }
        }
    }

    @Test
    void registersStayAtTheirHighestWhenTheClockGoesBack() {
        SimulatedMeter m = fleet(1, 3).get(0);
        long[] later = m.forwardActive(START.plus(Duration.ofDays(3)));
        assertArrayEquals(later, m.forwardActive(START));
    }

    @Test
    void energyInAnHourIsThePowerOfThatHour() {
        Instant from = local("2026-03-04T02:00:00");
        for (SimulatedMeter m : fleet(40, 11)) {
            long watts = m.activePowerWatts(from.plus(Duration.ofMinutes(30)));
            long before = m.forwardActive(from)[0];
            long delta = m.forwardActive(from.plus(Duration.ofHours(1)))[0] - before;
            // One hour at W watts is W Wh = W/10 units of 0.01 kWh; flooring loses at most one unit.
            assertTrue(Math.abs(delta - watts / 10.0) <= 1, m + ": " + watts + " W for 1 h gave " + delta + " x 0.01 kWh");
        }
    }

    @Test
    void loadFollowsTheCustomerClassCurve() {
        Instant night = local("2026-03-04T03:30:00");
        Instant evening = local("2026-03-04T20:30:00");
        Instant midday = local("2026-03-04T11:30:00");
        for (SimulatedMeter m : fleet(200, 5)) {
            int n = m.activePowerWatts(night);
            switch (m.customerClass()) {
                case RESIDENTIAL -> assertTrue(m.activePowerWatts(evening) > 3 * n, m + " has an evening peak");
                case COMMERCIAL -> assertTrue(m.activePowerWatts(midday) > 3 * n, m + " works in the daytime");
                case INDUSTRIAL -> {
                    double ratio = (double) m.activePowerWatts(midday) / n;
                    assertTrue(ratio > 0.6 && ratio < 1.7, m + " runs flat-ish, midday/night = " + ratio);
                }
            }
        }
    }

    @Test
    void transformerRatiosFollowTheCustomerClass() {
        List<SimulatedMeter> all = fleet(300, 9);
        for (SimulatedMeter m : all) {
            switch (m.customerClass()) {
                case RESIDENTIAL -> assertEquals(1, m.multiplier(), m.toString());
                case COMMERCIAL -> assertTrue(m.ctRatio() >= 10 && m.vtRatio() == 1, m.toString());
                case INDUSTRIAL -> assertTrue(m.ctRatio() >= 10 && m.vtRatio() == 100, m.toString());
            }
        }
        assertTrue(all.stream().anyMatch(m -> m.customerClass() == CustomerClass.INDUSTRIAL), "300 meters include industry");
        assertTrue(all.stream().anyMatch(m -> m.customerClass() == CustomerClass.COMMERCIAL));
    }

    @Test
    void powerEqualsVoltageTimesCurrentTimesPowerFactor() {
        for (SimulatedMeter m : fleet(200, 13)) {
            Instantaneous x = m.instantaneous(START);
            double pf = x.powerFactor() / 1000.0;
            double watts = x.power() / 10.0;
            double computed = switch (m.wiring()) {
                case SINGLE_PHASE -> x.voltage()[0] / 10.0 * x.current()[0] / 1000.0 * pf;
                case THREE_PHASE_FOUR_WIRE -> {
                    double s = 0;
                    for (int p = 0; p < 3; p++) {
                        s += x.voltage()[p] / 10.0 * x.current()[p] / 1000.0 * pf;
                    }
                    yield s;
                }
                case THREE_PHASE_THREE_WIRE -> Math.sqrt(3) * (x.voltage()[0] + x.voltage()[2]) / 20.0 * x.current()[0] / 1000.0 * pf;
            };
            assertEquals(watts, computed, Math.max(1.0, watts * 0.01), m.toString());
            double nominal = m.wiring() == Wiring.THREE_PHASE_THREE_WIRE ? 100 : 220;
            assertEquals(nominal, x.voltage()[0] / 10.0, nominal * 0.021, m + " voltage");
            assertTrue(x.frequency() >= 4995 && x.frequency() <= 5005, "frequency " + x.frequency());
        }
    }

    @Test
    void singlePhaseMetersReportPhasesBAndCAsNotAvailable() {
        SimulatedMeter m = fleet(50, 17).stream().filter(x -> x.wiring() == Wiring.SINGLE_PHASE).findFirst().orElseThrow();
        long[] volts = m.read(0x0201FF00L, START).orElseThrow();
        assertTrue(volts[0] > 2000);
        assertEquals(SimulatedMeter.NOT_AVAILABLE, volts[1]);
        assertEquals(SimulatedMeter.NOT_AVAILABLE, volts[2]);
    }

    @Test
    void sameSeedGivesTheSameReadingsAtTheSameInstants() {
        List<SimulatedMeter> a = fleet(30, 21);
        List<SimulatedMeter> b = fleet(30, 21);
        long[] dis = {0x0001FF00L, 0x0201FF00L, 0x0202FF00L, 0x02030000L, 0x02060000L, 0x02800002L, 0x04000102L};
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).toString(), b.get(i).toString());
            for (long di : dis) {
                Instant t = START.plus(Duration.ofHours(i * 7L));
                assertArrayEquals(a.get(i).read(di, t).orElseThrow(), b.get(i).read(di, t).orElseThrow());
            }
        }
        assertFalse(a.get(0).toString().equals(fleet(30, 22).get(0).toString()), "another seed, other meters");
    }

    @Test
    void meterClockReadsDateAndTimeWithItsOwnOffset() {
        SimulatedMeter m = fleet(1, 3).get(0);
        Instant t = local("2026-03-04T23:59:59");
        long time = m.read(0x04000102L, t).orElseThrow()[0];
        long date = m.read(0x04000101L, t).orElseThrow()[0];
        Instant meterTime = m.clock(t);
        assertTrue(Math.abs(Duration.between(t, meterTime).toSeconds()) <= 30);
        var local = java.time.LocalDateTime.ofInstant(meterTime, java.time.ZoneOffset.ofHours(8));
        assertEquals(local.getHour() * 10000L + local.getMinute() * 100L + local.getSecond(), time);
        assertEquals(local.getDayOfMonth(), date / 100 % 100);
        assertEquals(local.getDayOfWeek().getValue() % 7, date % 100);
    }

    @Test
    void silentMeterNeverAnswersUntilTheFaultIsCleared() throws IOException {
        sim = Simulator.start(SimulatorConfig.defaults().withMeters(4).withGateways(1), clock);
        SimulatedGateway gw = sim.gateways().get(0);
        SimulatedMeter silent = gw.meters().get(0);
        SimulatedMeter other = gw.meters().get(1);
        silent.fault(MeterFault.SILENT);
        try (MeterClient c = new MeterClient(gw)) {
            c.send(read(silent, 0x00010000L), read(other, 0x00010000L));
            assertEquals(other.address(), c.awaitFrames(1).get(0).address());
            silent.clearFaults();
            c.send(read(silent, 0x00010000L));
            assertEquals(silent.address(), c.awaitFrames(2).get(1).address());
        }
    }

    @Test
    void badChecksumReplyIsDroppedByTheExtractorAndNotRecordedAsServed() throws IOException {
        sim = Simulator.start(SimulatorConfig.defaults().withMeters(4).withGateways(1), clock);
        SimulatedGateway gw = sim.gateways().get(0);
        SimulatedMeter bad = gw.meters().get(2);
        SimulatedMeter good = gw.meters().get(3);
        bad.fault(MeterFault.BAD_CHECKSUM);
        try (MeterClient c = new MeterClient(gw)) {
            c.send(read(bad, 0x00010000L), read(good, 0x00010000L));
            List<Dlt645Frame> frames = c.awaitFrames(1);
            assertEquals(good.address(), frames.get(0).address());
            assertEquals(1, c.frames.size());
            // The extractor then resyncs on the bad frame's second 68, which costs a BAD_START drop too.
            assertEquals(Dlt645Exception.Reason.BAD_CHECKSUM, c.drops.get(0));
            assertTrue(bad.lastServed(0x00010000L).isEmpty());
        }
    }

    @Test
    void lateMeterAnswersOnlyAfterTheLateDelay() throws IOException {
        Duration late = Duration.ofMillis(400);
        sim = Simulator.start(SimulatorConfig.defaults().withMeters(2).withGateways(1)
                .withResponseDelay(Duration.ZERO).withLateDelay(late), clock);
        SimulatedGateway gw = sim.gateways().get(0);
        SimulatedMeter m = gw.meters().get(0);
        m.fault(MeterFault.LATE);
        try (MeterClient c = new MeterClient(gw)) {
            long sent = System.nanoTime();
            c.send(read(m, 0x00010000L));
            assertEquals(m.address(), c.awaitFrames(1).get(0).address());
            long waited = c.arrivalNanos.get(0) - sent;
            assertTrue(waited >= late.toNanos(), "answered after " + waited / 1_000_000 + " ms");
        }
    }

    @Test
    void faultProbabilityReplaysFromTheSeed() throws IOException {
        assertEquals(checksumPattern(), checksumPattern());
        String pattern = checksumPattern();
        assertTrue(pattern.contains("good") && pattern.contains("bad"), pattern);
    }

    /** 24 reads of a meter that garbles half its checksums: which ones were bad. */
    private String checksumPattern() throws IOException {
        try (Simulator s = Simulator.start(SimulatorConfig.defaults().withMeters(2).withGateways(1)
                .withResponseDelay(Duration.ZERO).withSeed(99), clock)) {
            SimulatedGateway gw = s.gateways().get(0);
            SimulatedMeter m = gw.meters().get(0);
            m.fault(MeterFault.BAD_CHECKSUM, 0.5);
            StringBuilder sb = new StringBuilder();
            try (MeterClient c = new MeterClient(gw)) {
                for (int i = 0; i < 24; i++) {
                    int before = c.frames.size();
                    // Each read is followed by a clean one from the other meter, so we know when to look.
                    c.send(read(m, 0x00010000L), read(gw.meters().get(1), 0x00010000L));
                    c.awaitFrames(before + 1);
                    if (c.frames.get(before).address().equals(m.address())) {
                        c.awaitFrames(before + 2);
                        sb.append("good ");
                    } else {
                        sb.append("bad ");
                    }
                }
            }
            return sb.toString();
        }
    }
}
