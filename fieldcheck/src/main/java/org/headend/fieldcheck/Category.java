package org.headend.fieldcheck;

import java.util.HashMap;
import java.util.Map;

/**
 * What a comparison of a field check with the archive and the remote readings can find (issue 7,
 * "The comparison"). Codes are stored; each constant keeps its own.
 */
public enum Category {
    /** The remote register at the check time is above what the crew read, beyond tolerance. */
    REMOTE_HIGH("remote_high"),
    /** The remote register at the check time is below what the crew read, beyond tolerance. */
    REMOTE_LOW("remote_low"),
    /** No remote reading within the window around the check time: the register could not be compared. */
    NO_REMOTE_READING("no_remote_reading"),
    /** The meter, CT or VT serial found differs from the archive's (a replaced meter or transformer). */
    SERIAL_DIFFERS("serial_differs"),
    /** The CT ratio found differs from the archive's; the factor is archive / found. */
    CT_RATIO_DIFFERS("ct_ratio_differs"),
    /** The VT ratio found differs from the archive's; the factor is archive / found. */
    VT_RATIO_DIFFERS("vt_ratio_differs"),
    /** A seal is broken or missing. */
    SEAL_BROKEN("seal_broken"),
    /** The meter's clock is off by more than the limit. */
    CLOCK_DRIFT("clock_drift"),
    /** The watt-second method's error is beyond the meter's accuracy class (domain.md). */
    WATT_SECOND_ERROR("watt_second_error"),
    /** The clamp meter's primary power disagrees with the meter's own power times the multiplier. */
    CLAMP_INCONSISTENT("clamp_inconsistent"),
    /** A meter found on site that the archive has no record of. */
    METER_WITHOUT_RECORD("meter_without_record"),
    /** A record whose meter the crew did not find. */
    RECORD_WITHOUT_METER("record_without_meter");

    private static final Map<String, Category> BY_CODE = new HashMap<>();

    static {
        for (Category c : values()) {
            if (BY_CODE.put(c.code, c) != null) {
                throw new IllegalStateException("category code " + c.code + " is used twice");
            }
        }
    }

    private final String code;

    Category(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Category ofCode(String code) {
        Category c = BY_CODE.get(code.strip().toLowerCase(java.util.Locale.ROOT));
        if (c == null) {
            throw new IllegalArgumentException("category '" + code + "' is unknown; expected one of " + BY_CODE.keySet());
        }
        return c;
    }
}
