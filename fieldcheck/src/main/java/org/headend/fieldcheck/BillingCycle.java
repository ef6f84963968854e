package org.headend.fieldcheck;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * One billing cycle: from its start day to the same day of the next month (exclusive). Utilities
 * read for billing on a fixed day of the month; with day 1 a cycle is a calendar month. The
 * collection rules count checks per cycle (the first three after the switch to remote reading)
 * and zero consumption over whole cycles.
 *
 * @param start the first day of the cycle; its day of the month is the billing day (1..28)
 */
record BillingCycle(LocalDate start) {

    /** The cycle that {@code day} falls in, cycles starting on {@code billingDay} of each month. */
    static BillingCycle containing(LocalDate day, int billingDay) {
        LocalDate s = day.withDayOfMonth(billingDay);
        return new BillingCycle(day.getDayOfMonth() >= billingDay ? s : s.minusMonths(1));
    }

    /** The cycle {@code n} cycles later (earlier when negative). */
    BillingCycle plus(long n) {
        return new BillingCycle(start.plusMonths(n));
    }

    /** The day after the cycle's last. */
    LocalDate end() {
        return start.plusMonths(1);
    }

    LocalDate lastDay() {
        return end().minusDays(1);
    }

    Instant startsAt(ZoneId zone) {
        return start.atStartOfDay(zone).toInstant();
    }

    /** Cycles from {@code earlier} to this one: 0 for the same cycle, 1 for the next. */
    long since(BillingCycle earlier) {
        return ChronoUnit.MONTHS.between(YearMonth.from(earlier.start), YearMonth.from(start));
    }

    /** {@code 2026-07} for a calendar month, else {@code 2026-07-25..2026-08-24}. */
    @Override
    public String toString() {
        return start.getDayOfMonth() == 1 ? YearMonth.from(start).toString() : start + ".." + lastDay();
    }
}
