package org.headend.collector.config;

import java.time.Duration;
import java.util.Objects;
import org.headend.collector.channel.LineProtocol;
import org.headend.protocol.serial.SerialFormat;

/**
 * One RS-485 line on a local serial port ({@code lines.<name>} in YAML): one request outstanding at
 * a time, a frame gap of silence before each.
 *
 * @param device          serial device, e.g. {@code /dev/ttyUSB0} (a symlink is fine)
 * @param protocol        what the meters on the line speak; sets the default format and gap
 * @param baud            line speed, bits per second
 * @param dataBits        5..8
 * @param parity          none, even or odd
 * @param stopBits        1 or 2
 * @param frameGap        least silence between the last byte on the line and the next request
 * @param echoSuppression drop our own request when a 2-wire adapter hands it back
 * @param timing          the keys every bus has (request timeout, retries, backoffs, preamble),
 *                        inherited from {@code busDefaults} unless the line sets them
 */
public record LineSettings(String device, LineProtocol protocol, int baud, int dataBits, SerialFormat.Parity parity,
                           int stopBits, Duration frameGap, boolean echoSuppression, BusDefaults timing) {

    public LineSettings {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(parity, "parity");
        Objects.requireNonNull(frameGap, "frameGap");
        Objects.requireNonNull(timing, "timing");
    }

    /** A line on {@code device} at its protocol's default format and gap, timing from {@code d}. */
    public static LineSettings of(String device, LineProtocol protocol, BusDefaults d) {
        SerialFormat f = protocol.defaultFormat();
        return new LineSettings(device, protocol, f.baud(), f.dataBits(), f.parity(), f.stopBits(), protocol.frameGap(f),
                false, d);
    }

    /**
     * The serial format.
     *
     * @throws IllegalArgumentException when a part is out of range (a validated config never has one)
     */
    public SerialFormat format() {
        return new SerialFormat(baud, dataBits, parity, stopBits);
    }

    /** This line at another format, with the gap its protocol derives from it. */
    public LineSettings withFormat(SerialFormat f) {
        return new LineSettings(device, protocol, f.baud(), f.dataBits(), f.parity(), f.stopBits(), protocol.frameGap(f),
                echoSuppression, timing);
    }

    public LineSettings withFrameGap(Duration gap) {
        return new LineSettings(device, protocol, baud, dataBits, parity, stopBits, gap, echoSuppression, timing);
    }

    public LineSettings withEchoSuppression(boolean on) {
        return new LineSettings(device, protocol, baud, dataBits, parity, stopBits, frameGap, on, timing);
    }

    public LineSettings withTiming(BusDefaults t) {
        return new LineSettings(device, protocol, baud, dataBits, parity, stopBits, frameGap, echoSuppression, t);
    }
}
