package org.headend.collector.archive;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * What the archive knows of a meter's site beyond polling it: the fields an on-site check verifies
 * (domain.md, "What a check on site verifies") and what plans the crew's route. All from optional
 * archive columns; text is empty when absent, numbers and dates are null when absent (read them
 * through the {@code Optional} accessors).
 *
 * @param account       customer account number
 * @param customerName  customer name as on the contract
 * @param meterSerial   serial printed on the meter (may differ from its communication address)
 * @param ctSerial      current-transformer serial(s)
 * @param vtSerial      voltage-transformer serial(s)
 * @param seals         seal numbers as recorded at the last sealing
 * @param voltageLevel  supply voltage level as written, e.g. {@code 0.4kV}, {@code 10kV}
 * @param readingMethod remote, concentrator or manual
 * @param remoteSince   date the meter was switched to remote reading, or null
 * @param latitude      WGS84 degrees, or null
 * @param longitude     WGS84 degrees, or null
 * @param accuracyClass the meter's accuracy class in percent (e.g. 1.0, 2.0), or null
 */
public record MeterSite(String account, String customerName, String meterSerial, String ctSerial, String vtSerial,
                        String seals, String voltageLevel, ReadingMethod readingMethod, LocalDate remoteSince,
                        Double latitude, Double longitude, BigDecimal accuracyClass) {

    /** A meter whose archive row has none of the optional columns: remote-read, nothing else known. */
    public static final MeterSite NONE = new MeterSite("", "", "", "", "", "", "", ReadingMethod.REMOTE,
            null, null, null, null);

    public MeterSite {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(customerName, "customerName");
        Objects.requireNonNull(meterSerial, "meterSerial");
        Objects.requireNonNull(ctSerial, "ctSerial");
        Objects.requireNonNull(vtSerial, "vtSerial");
        Objects.requireNonNull(seals, "seals");
        Objects.requireNonNull(voltageLevel, "voltageLevel");
        Objects.requireNonNull(readingMethod, "readingMethod");
        if ((latitude == null) != (longitude == null)) {
            throw new IllegalArgumentException("latitude and longitude come together; got " + latitude + ", " + longitude);
        }
        if (latitude != null && (!(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180))) {
            throw new IllegalArgumentException("coordinates " + latitude + ", " + longitude + " are outside -90..90, -180..180");
        }
    }

    public Optional<LocalDate> remoteSinceDate() {
        return Optional.ofNullable(remoteSince);
    }

    public boolean hasCoordinates() {
        return latitude != null;
    }

    public Optional<BigDecimal> accuracyClassPercent() {
        return Optional.ofNullable(accuracyClass);
    }

    /**
     * The voltage level in kV, parsed from texts like {@code 10kV}, {@code 0.4 kV}, {@code 380V},
     * {@code 10}; empty when blank or not understood.
     */
    public Optional<Double> voltageKv() {
        String t = voltageLevel.strip().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
        double scale = 1;
        if (t.endsWith("kv")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("v")) {
            t = t.substring(0, t.length() - 1);
            scale = 0.001;
        }
        try {
            double v = Double.parseDouble(t) * scale;
            return v > 0 && Double.isFinite(v) ? Optional.of(v) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
