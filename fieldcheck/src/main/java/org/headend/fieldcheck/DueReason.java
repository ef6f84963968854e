package org.headend.fieldcheck;

/** Why a meter is on the due list (issue 7, "Who is due"). */
public enum DueReason {
    /** No accepted check in the current period (calendar quarter, or 90 days since the last). */
    PERIODIC("periodic"),
    /** One of its first billing cycles after it was switched to remote reading, not checked in this cycle. */
    NEW_REMOTE("new_remote"),
    /** Zero consumption for the last cycles in a row, and drawn in the sample of its voltage level and class. */
    ZERO_CONSUMPTION("zero_consumption");

    private final String code;

    DueReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
