package org.headend.protocol.dlt645;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Function codes (D4..D0 of the control byte), per edition (protocols.md §1.3 and §2).
 * {@code BROADCAST_TIME} (08) exists in both editions with the same layout.
 */
public enum Dlt645Function {
    BROADCAST_TIME(0x08, "broadcast time sync", EnumSet.of(Dlt645Edition.V2007, Dlt645Edition.V1997)),
    READ(0x11, "read data", EnumSet.of(Dlt645Edition.V2007)),
    READ_FOLLOW_UP(0x12, "read follow-up data", EnumSet.of(Dlt645Edition.V2007)),
    READ_ADDRESS(0x13, "read communication address", EnumSet.of(Dlt645Edition.V2007)),
    WRITE(0x14, "write data", EnumSet.of(Dlt645Edition.V2007)),
    WRITE_ADDRESS(0x15, "write communication address", EnumSet.of(Dlt645Edition.V2007)),
    FREEZE(0x16, "freeze", EnumSet.of(Dlt645Edition.V2007)),
    CHANGE_BAUD(0x17, "change baud rate", EnumSet.of(Dlt645Edition.V2007)),
    CHANGE_PASSWORD(0x18, "change password", EnumSet.of(Dlt645Edition.V2007)),
    CLEAR_DEMAND(0x19, "clear maximum demand", EnumSet.of(Dlt645Edition.V2007)),
    CLEAR_METER(0x1A, "clear meter", EnumSet.of(Dlt645Edition.V2007)),
    CLEAR_EVENTS(0x1B, "clear events", EnumSet.of(Dlt645Edition.V2007)),
    REMOTE_CONTROL(0x1C, "remote control (trip/close)", EnumSet.of(Dlt645Edition.V2007)),

    READ_1997(0x01, "read data", EnumSet.of(Dlt645Edition.V1997)),
    READ_FOLLOW_UP_1997(0x02, "read follow-up data", EnumSet.of(Dlt645Edition.V1997)),
    REREAD_1997(0x03, "re-read data", EnumSet.of(Dlt645Edition.V1997)),
    WRITE_1997(0x04, "write data", EnumSet.of(Dlt645Edition.V1997)),
    WRITE_ADDRESS_1997(0x0A, "write communication address", EnumSet.of(Dlt645Edition.V1997)),
    CHANGE_BAUD_1997(0x0C, "change baud rate", EnumSet.of(Dlt645Edition.V1997)),
    CHANGE_PASSWORD_1997(0x0F, "change password", EnumSet.of(Dlt645Edition.V1997)),
    CLEAR_DEMAND_1997(0x10, "clear maximum demand", EnumSet.of(Dlt645Edition.V1997));

    private static final Dlt645Function[] BY_CODE = new Dlt645Function[32];

    static {
        for (Dlt645Function f : values()) {
            if (BY_CODE[f.code] != null) {
                throw new ExceptionInInitializerError("duplicate function code " + f.code);
            }
            BY_CODE[f.code] = f;
        }
    }

    private final int code;
    private final String description;
    private final Set<Dlt645Edition> editions;
    /** Cached from {@link #editions}: asked for every decoded frame. */
    private final boolean in2007;
    private final boolean in1997;
    private final Dlt645Edition onlyEdition;

    Dlt645Function(int code, String description, Set<Dlt645Edition> editions) {
        this.code = code;
        this.description = description;
        this.editions = editions;
        this.in2007 = editions.contains(Dlt645Edition.V2007);
        this.in1997 = editions.contains(Dlt645Edition.V1997);
        this.onlyEdition = in2007 == in1997 ? null : (in2007 ? Dlt645Edition.V2007 : Dlt645Edition.V1997);
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    public boolean belongsTo(Dlt645Edition edition) {
        return edition == Dlt645Edition.V2007 ? in2007 : (edition == Dlt645Edition.V1997 && in1997);
    }

    /** The edition this code implies, or empty when it exists in both (08). */
    public Optional<Dlt645Edition> impliedEdition() {
        return editions.size() == 1 ? Optional.of(editions.iterator().next()) : Optional.empty();
    }

    public static Optional<Dlt645Function> ofCode(int code) {
        return Optional.ofNullable(byCode(code));
    }

    /** The function for D4..D0, or null; no allocation (decoder hot path). */
    static Dlt645Function byCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The only edition with this code, or null when both have it (08). */
    Dlt645Edition onlyEdition() {
        return onlyEdition;
    }

    @Override
    public String toString() {
        return name() + "(" + String.format("%02X", code) + ")";
    }
}
