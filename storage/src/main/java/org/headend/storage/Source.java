package org.headend.storage;

/** How a reading was obtained. Codes are stored; never reuse one. */
public enum Source {
    /** By the interval schedule. */
    SCHEDULED(0),
    /** By an operator's or a system's on-demand request. */
    ON_DEMAND(1),
    /** Re-read later from the meter's frozen data to fill a gap. */
    BACKFILL(2),
    /** Taken on site by a field crew. */
    FIELD(3);

    private final int code;

    Source(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Source ofCode(int code) {
        for (Source s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("no source with code " + code);
    }
}
