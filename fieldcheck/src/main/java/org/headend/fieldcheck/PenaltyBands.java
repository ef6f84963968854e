package org.headend.fieldcheck;

import java.util.ArrayList;
import java.util.List;

/**
 * The energy bands reading errors are weighed in (domain.md, "Scoring"): up to 500 kWh,
 * 501-1000 kWh, further bands set by each utility, and above 10000 kWh. Given as ascending upper
 * bounds in kWh; the default is 500, 1000, 5000, 10000. A finding with no energy on it (a broken
 * seal) is in band {@value #NONE}.
 */
public record PenaltyBands(List<Long> upperBoundsKwh) {
    public static final String NONE = "none";
    public static final PenaltyBands DEFAULT = new PenaltyBands(List.of(500L, 1000L, 5000L, 10000L));

    public PenaltyBands {
        upperBoundsKwh = List.copyOf(upperBoundsKwh);
        if (upperBoundsKwh.isEmpty()) {
            throw new IllegalArgumentException("penalty bands need at least one upper bound");
        }
        long prev = 0;
        for (long b : upperBoundsKwh) {
            if (b <= prev) {
                throw new IllegalArgumentException("penalty band bounds were " + upperBoundsKwh
                        + " but must be positive and ascending");
            }
            prev = b;
        }
    }

    /** Parses {@code 500,1000,5000,10000}. */
    public static PenaltyBands parse(String text) {
        List<Long> bounds = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                bounds.add(Long.parseLong(part.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("penalty bands were '" + text + "' but must be kWh bounds like 500,1000,5000,10000");
            }
        }
        return new PenaltyBands(bounds);
    }

    /** Every label, in order, {@value #NONE} first. */
    public List<String> labels() {
        List<String> out = new ArrayList<>();
        out.add(NONE);
        long low = 0;
        for (long b : upperBoundsKwh) {
            out.add(low == 0 ? "0-" + b : (low + 1) + "-" + b);
            low = b;
        }
        out.add(">" + low);
        return out;
    }

    /** The band of an energy, by its magnitude in kWh. */
    public String band(double energyKwh) {
        double e = Math.abs(energyKwh);
        if (e == 0) {
            return NONE;
        }
        List<String> labels = labels();
        for (int i = 0; i < upperBoundsKwh.size(); i++) {
            if (e <= upperBoundsKwh.get(i)) {
                return labels.get(i + 1);
            }
        }
        return labels.get(labels.size() - 1);
    }
}
