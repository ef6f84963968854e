package org.headend.protocol.dlt645;

import java.util.Optional;

/**
 * The control byte C (protocols.md §1.3): D7 direction (1 = meter to master), D6 abnormal reply,
 * D5 follow-up frames exist, D4..D0 function code.
 */
public record ControlCode(int value) {

    static final int RESPONSE = 0x80;
    static final int ABNORMAL = 0x40;
    static final int FOLLOW_UP = 0x20;

    public ControlCode {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("control code is one byte, got " + value);
        }
    }

    /** All 256 values, so decoding a frame allocates no control code. */
    private static final ControlCode[] ALL = new ControlCode[256];

    static {
        for (int i = 0; i < ALL.length; i++) {
            ALL[i] = new ControlCode(i);
        }
    }

    /** The shared instance for {@code value} (0..255). */
    public static ControlCode of(int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("control code is one byte, got " + value);
        }
        return ALL[value];
    }

    public static ControlCode request(Dlt645Function f) {
        return of(f.code());
    }

    public static ControlCode normalReply(Dlt645Function f) {
        return of(RESPONSE | f.code());
    }

    public static ControlCode followUpReply(Dlt645Function f) {
        return of(RESPONSE | FOLLOW_UP | f.code());
    }

    public static ControlCode abnormalReply(Dlt645Function f) {
        return of(RESPONSE | ABNORMAL | f.code());
    }

    /** "normal", "abnormal" or "follow-up" (D6, D5). */
    public String kind() {
        return isAbnormal() ? "abnormal" : (hasFollowUp() ? "follow-up" : "normal");
    }

    /** True for meter-to-master frames (D7). */
    public boolean isResponse() {
        return (value & RESPONSE) != 0;
    }

    /** True for an abnormal (error) reply (D6). */
    public boolean isAbnormal() {
        return (value & ABNORMAL) != 0;
    }

    /** True when more frames follow this reply (D5). */
    public boolean hasFollowUp() {
        return (value & FOLLOW_UP) != 0;
    }

    public int functionCode() {
        return value & 0x1F;
    }

    public Optional<Dlt645Function> function() {
        return Dlt645Function.ofCode(functionCode());
    }

    /** What the byte says, e.g. "slave->master, normal, read data". */
    public String describe() {
        String fn = function().map(Dlt645Function::description).orElse("unknown function");
        String dir = isResponse() ? "slave->master" : "master->slave";
        String kind = isAbnormal() ? "abnormal" : (hasFollowUp() ? "normal, follow-up frames" : "normal");
        return dir + ", " + kind + ", " + fn;
    }

    @Override
    public String toString() {
        return String.format("%02X", value);
    }
}
