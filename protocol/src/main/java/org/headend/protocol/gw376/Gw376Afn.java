package org.headend.protocol.gw376;

import java.util.Optional;

/**
 * Application function codes (protocols.md §3.4), each with its wire code. A frame keeps the AFN
 * byte as an int, so a code outside this table still decodes (its units stay raw).
 */
public enum Gw376Afn {
    CONFIRM(0x00, "confirm/deny"),
    RESET(0x01, "reset"),
    LINK_TEST(0x02, "link test"),
    RELAY(0x03, "relay station command"),
    SET_PARAMETERS(0x04, "set parameters"),
    CONTROL(0x05, "control"),
    AUTHENTICATION(0x06, "authentication / key agreement"),
    CASCADE(0x08, "request cascaded terminal report"),
    CONFIGURATION(0x09, "terminal configuration"),
    QUERY_PARAMETERS(0x0A, "query parameters"),
    TASK_DATA(0x0B, "task data"),
    CLASS1(0x0C, "class-1 (realtime) data"),
    CLASS2(0x0D, "class-2 (historical) data"),
    CLASS3(0x0E, "class-3 (event) data"),
    FILE_TRANSFER(0x0F, "file transfer"),
    FORWARDING(0x10, "data forwarding");

    private static final Gw376Afn[] BY_CODE = new Gw376Afn[256];

    static {
        for (Gw376Afn a : values()) {
            if (BY_CODE[a.code] != null) {
                throw new ExceptionInInitializerError("AFN " + a.code + " twice");
            }
            BY_CODE[a.code] = a;
        }
    }

    private final int code;
    private final String description;

    Gw376Afn(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    public static Optional<Gw376Afn> find(int code) {
        return code < 0 || code > 0xFF ? Optional.empty() : Optional.ofNullable(BY_CODE[code]);
    }

    /** Downlink frames of these AFNs carry PW (§3.7). */
    static boolean downlinkHasPw(int afn) {
        return afn == 0x01 || afn == 0x04 || afn == 0x05 || afn == 0x06 || afn == 0x0F || afn == 0x10;
    }
}
