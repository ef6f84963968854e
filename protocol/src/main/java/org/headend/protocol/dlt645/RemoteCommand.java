package org.headend.protocol.dlt645;

import java.util.Optional;

/**
 * N1 of a 2007 remote-control command (§1.9). Trip and the two closes are confirmed [HOLLEY];
 * alarm and power-hold ⚠ follow the standard's table as commonly implemented.
 */
public enum RemoteCommand {
    TRIP(0x1A, "trip (disconnect)"),
    CLOSE_ALLOWED(0x1B, "close allowed (customer closes locally)"),
    CLOSE_DIRECT(0x1C, "close directly"),
    ALARM_ON(0x2A, "alarm on"),
    ALARM_OFF(0x2B, "alarm off"),
    HOLD_ON(0x3A, "power hold on"),
    HOLD_OFF(0x3B, "power hold off");

    private static final RemoteCommand[] BY_CODE = new RemoteCommand[256];

    static {
        for (RemoteCommand c : values()) {
            if (BY_CODE[c.code] != null) {
                throw new ExceptionInInitializerError("duplicate remote command code " + c.code);
            }
            BY_CODE[c.code] = c;
        }
    }

    private final int code;
    private final String description;

    RemoteCommand(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    public static Optional<RemoteCommand> ofCode(int code) {
        return code >= 0 && code < 256 ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
    }
}
