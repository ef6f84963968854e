package org.headend.collector.archive;

import java.util.Locale;
import java.util.Optional;

/**
 * How a meter is read for billing, the archive's optional {@code reading_method} column. Remote and
 * concentrator-read meters must be checked on site every quarter (domain.md, "Reading rules");
 * manually read ones are not. Stored as text: each constant keeps its code.
 */
public enum ReadingMethod {
    /** Read by the head-end directly (gateway, bus); the default when the column is absent or blank. */
    REMOTE("remote"),
    /** Read through a concentrator. */
    CONCENTRATOR("concentrator"),
    /** Read by hand on site. */
    MANUAL("manual");

    private final String code;

    ReadingMethod(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Whether the meter falls under the quarterly on-site verification of remote-read meters. */
    public boolean isRemote() {
        return this != MANUAL;
    }

    /** The method for a code, ignoring case and surrounding blanks. */
    public static Optional<ReadingMethod> ofCode(String code) {
        String c = code.strip().toLowerCase(Locale.ROOT);
        for (ReadingMethod m : values()) {
            if (m.code.equals(c)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
