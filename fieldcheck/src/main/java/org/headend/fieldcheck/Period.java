package org.headend.fieldcheck;

/** How "at least once every three months" is counted (issue 7, "Who is due"). */
public enum Period {
    /** Once in every calendar quarter (Jan-Mar, Apr-Jun, Jul-Sep, Oct-Dec): the default. */
    CALENDAR_QUARTER("quarter"),
    /** Within 90 days of the last accepted check. */
    ROLLING_90_DAYS("rolling90");

    private final String code;

    Period(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Period ofCode(String code) {
        for (Period p : values()) {
            if (p.code.equalsIgnoreCase(code.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("period was '" + code + "' but must be quarter or rolling90");
    }
}
