package org.headend.storage;

/** How far a stored value can be trusted. Codes are stored; never reuse one. */
public enum Quality {
    /** Read from the meter and passed the checks. */
    ACTUAL(0),
    /** Computed within the estimation rules because a read failed; flagged on every report. */
    ESTIMATED(1),
    /** Read from the meter but failed a plausibility check; kept, not billed until confirmed. */
    SUSPECT(2),
    /** Replaced by a field check's value; the remote value stays stored beside it. */
    CORRECTED(3);

    private final int code;

    Quality(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Quality ofCode(int code) {
        for (Quality q : values()) {
            if (q.code == code) {
                return q;
            }
        }
        throw new IllegalArgumentException("no quality with code " + code);
    }
}
