package org.headend.collector.archive;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.headend.protocol.dlt645.Dlt645Edition;

/**
 * How the collector talks to a meter, as written in the archive's {@code protocol} column.
 *
 * <p>Each code names a protocol family and, for DL/T 645, its edition (protocols.md §1, §2).
 * Codes are stored text, so each constant keeps its code explicitly.
 */
public enum MeterProtocol {
    DLT645_2007("dlt645-2007", Dlt645Edition.V2007),
    DLT645_1997("dlt645-1997", Dlt645Edition.V1997),
    /** Modbus TCP (MBAP framing) to the meter or a TCP gateway; the meter row names its unit and register map. */
    MODBUS_TCP("modbus-tcp", null),
    /** Modbus RTU frames, over a serial line or tunnelled over TCP by a transparent gateway. */
    MODBUS_RTU("modbus-rtu", null);

    /** Codes the archive format reserves for protocols the collector will read later. */
    private static final Map<String, String> NOT_YET = Map.of(
            "gw376", "Q/GDW 1376.1 concentrators");

    private static final Map<String, MeterProtocol> BY_CODE = byCode();

    private final String code;
    private final Dlt645Edition edition;

    MeterProtocol(String code, Dlt645Edition edition) {
        this.code = code;
        this.edition = edition;
    }

    /** The text in the archive and the value of the {@code protocol} metric tag. */
    public String code() {
        return code;
    }

    /** The DL/T 645 edition this protocol speaks; null for Modbus. */
    public Dlt645Edition edition() {
        return edition;
    }

    public boolean isModbus() {
        return edition == null;
    }

    /** The protocols read by data identifier (DL/T 645), which {@code schedule.reads} lists. */
    public static List<MeterProtocol> dlt645() {
        return List.of(DLT645_2007, DLT645_1997);
    }

    /** The protocol for a code, ignoring case and surrounding blanks. */
    public static Optional<MeterProtocol> ofCode(String code) {
        return Optional.ofNullable(BY_CODE.get(code.strip().toLowerCase(java.util.Locale.ROOT)));
    }

    /** Why {@code code} is refused: a reserved but not yet supported protocol, or an unknown one. */
    static String refusal(String code) {
        String c = code.strip().toLowerCase(java.util.Locale.ROOT);
        String later = NOT_YET.get(c);
        if (later != null) {
            return "protocol '" + code + "' (" + later + ") is not supported yet; this release reads "
                    + String.join(", ", BY_CODE.keySet());
        }
        return "protocol '" + code + "' is unknown; expected one of " + String.join(", ", BY_CODE.keySet());
    }

    private static Map<String, MeterProtocol> byCode() {
        Map<String, MeterProtocol> m = new java.util.LinkedHashMap<>();
        for (MeterProtocol p : values()) {
            if (m.put(p.code, p) != null) {
                throw new IllegalStateException("protocol code " + p.code + " is used twice");
            }
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
