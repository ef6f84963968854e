package org.headend.collector.channel;

import java.time.Duration;
import java.util.Optional;
import org.headend.protocol.modbus.ModbusLimits;
import org.headend.protocol.serial.SerialFormat;

/**
 * The protocol spoken on a serial line, which sets the line's default format and the silence the
 * master leaves between frames.
 */
public enum LineProtocol {

    /**
     * DL/T 645 frames carry their own start, length and end bytes, so silence does not separate
     * them; the standard's delays (turnaround 20..500 ms, bytes at most 500 ms apart, protocols.md
     * §1.1) bind the meter and shape the reply timeout. The master's gap only lets the last meter's
     * transceiver release the line after its stop bit: one character time, and the FE preamble in
     * front of every request is there to be partly lost while receivers wake up.
     */
    DLT645("dlt645", SerialFormat.DLT645) {
        @Override
        public Duration frameGap(SerialFormat f) {
            return Duration.ofNanos(f.characterNanos());
        }
    },
    /** Modbus RTU frames end with 3.5 character times of silence; fixed 1.75 ms above 19200 bps (§4.1). */
    MODBUS_RTU("modbus-rtu", SerialFormat.MODBUS_RTU) {
        @Override
        public Duration frameGap(SerialFormat f) {
            return ModbusLimits.rtuFrameGap(f);
        }
    };

    private final String code;
    private final SerialFormat defaultFormat;

    LineProtocol(String code, SerialFormat defaultFormat) {
        this.code = code;
        this.defaultFormat = defaultFormat;
    }

    /** As written in the config, e.g. {@code modbus-rtu}. */
    public String code() {
        return code;
    }

    public SerialFormat defaultFormat() {
        return defaultFormat;
    }

    /** The least silence between the end of one frame on the line and the start of the next request. */
    public abstract Duration frameGap(SerialFormat format);

    public static Optional<LineProtocol> ofCode(String code) {
        for (LineProtocol p : values()) {
            if (p.code.equals(code)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
