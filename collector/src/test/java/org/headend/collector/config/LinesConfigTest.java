package org.headend.collector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.headend.collector.channel.LineProtocol;
import org.headend.protocol.serial.SerialFormat;
import org.junit.jupiter.api.Test;

/** Serial lines and fairness in the YAML config. */
class LinesConfigTest {

    @Test
    void aLineNeedsOnlyItsDeviceAndGetsItsProtocolsFormatAndGap() {
        CollectorConfig c = CollectorConfig.parse("""
                lines:
                  rs485-1: {device: /dev/ttyUSB0}
                  rs485-2: {device: /dev/ttyUSB1, protocol: modbus-rtu}
                """);

        LineSettings dlt = c.lines().get("rs485-1");
        assertEquals("/dev/ttyUSB0", dlt.device());
        assertEquals(LineProtocol.DLT645, dlt.protocol());
        assertEquals(new SerialFormat(2400, 8, SerialFormat.Parity.EVEN, 1), dlt.format());
        assertEquals(Duration.ofNanos(11 * 1_000_000_000L / 2400), dlt.frameGap(), "one 11-bit character at 2400");
        assertFalse(dlt.echoSuppression());
        assertEquals(c.busDefaults().requestTimeout(), dlt.timing().requestTimeout());
        assertEquals(c.busDefaults().preamble(), dlt.timing().preamble());

        LineSettings modbus = c.lines().get("rs485-2");
        assertEquals(SerialFormat.parse("9600 8N1"), modbus.format());
        // 3.5 characters of 10 bits at 9600 bps
        assertEquals(Duration.ofNanos(7 * (10 * 1_000_000_000L / 9600) / 2), modbus.frameGap());
    }

    @Test
    void theGapFollowsTheLinesSpeedUnlessSet() {
        CollectorConfig c = CollectorConfig.parse("""
                busDefaults: {requestTimeout: 3s}
                lines:
                  a: {device: /dev/ttyS1, baud: 1200}
                  b: {device: /dev/ttyS2, protocol: modbus-rtu, baud: 38400, parity: E}
                  c: {device: /dev/ttyS3, frameGap: 50ms, echoSuppression: true, requestTimeout: 1s, preamble: 2}
                """);

        assertEquals(Duration.ofNanos(11 * 1_000_000_000L / 1200), c.lines().get("a").frameGap());
        assertEquals(Duration.ofSeconds(3), c.lines().get("a").timing().requestTimeout(), "inherited from busDefaults");
        assertEquals(Duration.ofNanos(1_750_000), c.lines().get("b").frameGap(), "fixed 1.75 ms above 19200 bps");
        assertEquals(SerialFormat.Parity.EVEN, c.lines().get("b").parity());
        LineSettings l = c.lines().get("c");
        assertEquals(Duration.ofMillis(50), l.frameGap());
        assertTrue(l.echoSuppression());
        assertEquals(Duration.ofSeconds(1), l.timing().requestTimeout());
        assertEquals(2, l.timing().preamble());
    }

    @Test
    void fairnessHasDefaultsAndCanBeSet() {
        assertEquals(FairnessSettings.DEFAULTS, CollectorConfig.parse("").fairness());
        FairnessSettings f = CollectorConfig.parse("""
                fairness: {timeoutFloor: 300ms, deviations: 3, quarantineAfter: 5, probeBackoff: {min: 30s, max: 2h}}
                """).fairness();
        assertEquals(new FairnessSettings(Duration.ofMillis(300), 3, 5, new Backoff(Duration.ofSeconds(30), Duration.ofHours(2))), f);
    }

    @Test
    void linesAndFairnessSurviveAYamlRoundTrip() {
        CollectorConfig c = CollectorConfig.builder()
                .bus("gw-01", "10.0.0.1", 4001)
                .line("rs485-1", LineSettings.of("/dev/ttyUSB0", LineProtocol.DLT645, BusDefaults.STANDARD)
                        .withFormat(SerialFormat.parse("1200 8E1")).withEchoSuppression(true))
                .line("rs485-2", LineSettings.of("/dev/ttyUSB1", LineProtocol.MODBUS_RTU, BusDefaults.STANDARD)
                        .withFrameGap(Duration.ofMillis(5)).withTiming(new BusDefaults(Duration.ofMillis(800), 0,
                                Duration.ZERO, new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)), 0)))
                .fairness(new FairnessSettings(Duration.ofMillis(250), 2, 0, new Backoff(Duration.ofMinutes(5), Duration.ofHours(6))))
                .build();

        assertEquals(c, CollectorConfig.parse(c.toYaml()));
        assertTrue(c.toYaml().contains("parity: even"), c.toYaml());
    }

    @Test
    void everyProblemOfALineIsReportedAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> CollectorConfig.parse("""
                buses:
                  gw-01: {host: 10.0.0.1, port: 4001}
                fairness: {timeoutFloor: 10ms, quarantineAfter: -1, probeBackoff: {min: 1h, max: 1m}}
                lines:
                  gw-01: {device: /dev/ttyS0}
                  bad: {protocol: iec62056, baud: 100, dataBits: 9, parity: mark, stopBits: 3, frameGap: 5s, echoSuppression: maybe, speed: 9600}
                """));

        assertEquals(List.of(
                "lines.bad.speed is not a known key; known here are baud, dataBits, device, echoSuppression, frameGap, "
                        + "parity, preamble, protocol, reconnectBackoff, requestTimeout, retries, retryBackoff, stopBits",
                "lines.bad.protocol was 'iec62056' but must be one of dlt645, modbus-rtu",
                "lines.bad.parity was 'mark' but must be none, even or odd",
                "lines.bad.echoSuppression was 'maybe' but must be true or false",
                "fairness.timeoutFloor was 10ms but must be 100ms..1m",
                "fairness.quarantineAfter was -1 but must be 0..100",
                "fairness.probeBackoff.max was 1m but must be at least fairness.probeBackoff.min (1h)",
                "lines.gw-01 has the name of a bus; the archive's bus column must name one bus or line",
                "lines.bad.device is missing or blank but must be set",
                "lines.bad.baud was 100 but must be 300..921600",
                "lines.bad.dataBits was 9 but must be 5..8",
                "lines.bad.stopBits was 3 but must be 1..2",
                "lines.bad.frameGap was 5s but must be 0s..1s"), e.problems());
    }
}
