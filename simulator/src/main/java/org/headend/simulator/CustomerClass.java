package org.headend.simulator;

/**
 * The tariff class of the customer behind a meter; it shapes the daily load curve and is recorded
 * in the archive under {@link #code()} (domain.md: read-rate targets differ per class).
 */
public enum CustomerClass {
    /** Evening peak, low at night; single-phase, direct connection. */
    RESIDENTIAL("residential"),
    /** Daytime plateau on working days; three-phase four-wire behind CTs. */
    COMMERCIAL("commercial"),
    /** Flat-ish three-shift load with dips at shift changes; 10 kV, CT and VT. */
    INDUSTRIAL("industrial");

    private final String code;

    CustomerClass(String code) {
        this.code = code;
    }

    /** The stored form, as written in the archive's {@code customer_class} column. */
    public String code() {
        return code;
    }
}
