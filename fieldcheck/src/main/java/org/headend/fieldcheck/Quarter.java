package org.headend.fieldcheck;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A calendar quarter, written {@code 2026Q3}. Its bounds are midnight in the utility's zone.
 *
 * @param year    the year
 * @param quarter 1..4
 */
public record Quarter(int year, int quarter) implements Comparable<Quarter> {
    private static final Pattern TEXT = Pattern.compile("(\\d{4})-?[Qq]([1-4])");

    public Quarter {
        if (quarter < 1 || quarter > 4) {
            throw new IllegalArgumentException("quarter was " + quarter + " but must be 1..4");
        }
        if (year < 1970 || year > 9999) {
            throw new IllegalArgumentException("year was " + year + " but must be 1970..9999");
        }
    }

    public static Quarter of(LocalDate date) {
        return new Quarter(date.getYear(), (date.getMonthValue() - 1) / 3 + 1);
    }

    public static Quarter of(Instant t, ZoneId zone) {
        return of(LocalDate.ofInstant(t, zone));
    }

    /** Parses {@code 2026Q3} (also {@code 2026-q3}). */
    public static Quarter parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("quarter was '" + text + "' but must look like 2026Q3");
        }
        return new Quarter(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    public LocalDate firstDay() {
        return LocalDate.of(year, (quarter - 1) * 3 + 1, 1);
    }

    /** The first day after the quarter. */
    public LocalDate endDay() {
        return firstDay().plusMonths(3);
    }

    public Instant start(ZoneId zone) {
        return firstDay().atStartOfDay(zone).toInstant();
    }

    /** The first instant after the quarter. */
    public Instant end(ZoneId zone) {
        return endDay().atStartOfDay(zone).toInstant();
    }

    public Quarter previous() {
        return quarter == 1 ? new Quarter(year - 1, 4) : new Quarter(year, quarter - 1);
    }

    @Override
    public int compareTo(Quarter o) {
        return year != o.year ? Integer.compare(year, o.year) : Integer.compare(quarter, o.quarter);
    }

    @Override
    public String toString() {
        return year + "Q" + quarter;
    }
}
