package org.headend.simulator;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Shapes of the daily load per customer class, and the time-of-use tariff split, on a week that
 * starts Monday 00:00 China Standard Time (UTC+8, no daylight saving, so every week is 168 hours
 * and energy has a closed form).
 *
 * <p>Shapes are percent of the meter's average power, hour by hour. Tariffs follow the usual
 * four-period split of Chinese utilities: T1 sharp 19-21, T2 peak 08-11, 17-19 and 21-22,
 * T3 flat 11-17 and 22-23, T4 valley 23-08.
 */
final class LoadCurve {

    static final ZoneOffset ZONE = ZoneOffset.ofHours(8);
    /** A Monday, 00:00 local: energy accrues from here; earlier instants see the initial registers. */
    static final Instant ORIGIN = OffsetDateTime.of(2024, 12, 30, 0, 0, 0, 0, ZONE).toInstant();
    static final long HOUR_MS = 3_600_000L;
    static final int HOURS_PER_WEEK = 168;
    static final long WEEK_MS = HOURS_PER_WEEK * HOUR_MS;
    static final int TARIFFS = 4;

    /** Tariff (0 = T1 .. 3 = T4) of each local hour of the day. */
    private static final int[] TARIFF_OF_HOUR = {
        3, 3, 3, 3, 3, 3, 3, 3, // 00-08 valley
        1, 1, 1,                // 08-11 peak
        2, 2, 2, 2, 2, 2,       // 11-17 flat
        1, 1,                   // 17-19 peak
        0, 0,                   // 19-21 sharp
        1,                      // 21-22 peak
        2,                      // 22-23 flat
        3                       // 23-24 valley
    };

    private static final int[] RESIDENTIAL_WORKDAY = {
        35, 30, 28, 28, 28, 32, 55, 95, 85, 55, 45, 50, 65, 50, 45, 48, 60, 95, 165, 200, 195, 170, 120, 70};
    private static final int[] RESIDENTIAL_WEEKEND = {
        40, 33, 30, 30, 30, 32, 45, 70, 95, 100, 95, 100, 110, 95, 85, 85, 95, 120, 170, 195, 185, 160, 120, 75};
    private static final int[] COMMERCIAL_WORKDAY = {
        25, 22, 22, 22, 22, 25, 35, 60, 120, 160, 170, 170, 150, 160, 170, 170, 160, 140, 120, 100, 80, 55, 35, 28};
    private static final int[] COMMERCIAL_WEEKEND = {
        22, 20, 20, 20, 20, 22, 28, 40, 70, 95, 105, 110, 105, 105, 105, 100, 95, 85, 75, 65, 50, 38, 28, 24};
    private static final int[] INDUSTRIAL_WORKDAY = {
        100, 100, 100, 100, 100, 100, 95, 80, 95, 110, 115, 110, 95, 110, 115, 80, 100, 110, 110, 105, 105, 100, 100, 85};
    private static final int[] INDUSTRIAL_WEEKEND = {
        75, 75, 75, 75, 75, 75, 72, 65, 70, 78, 80, 78, 70, 78, 80, 65, 72, 78, 78, 75, 75, 72, 72, 65};

    private LoadCurve() {
    }

    static int tariffOfHour(int hourOfDay) {
        return TARIFF_OF_HOUR[hourOfDay];
    }

    /** Percent of average power for an hour of the week (0 = Monday 00-01). */
    static int shape(CustomerClass c, int hourOfWeek) {
        boolean weekend = hourOfWeek >= 5 * 24;
        int h = hourOfWeek % 24;
        return switch (c) {
            case RESIDENTIAL -> (weekend ? RESIDENTIAL_WEEKEND : RESIDENTIAL_WORKDAY)[h];
            case COMMERCIAL -> (weekend ? COMMERCIAL_WEEKEND : COMMERCIAL_WORKDAY)[h];
            case INDUSTRIAL -> (weekend ? INDUSTRIAL_WEEKEND : INDUSTRIAL_WORKDAY)[h];
        };
    }

    /** The largest shape value of a class: sizes CTs so that the peak stays within the meter's range. */
    static int peakShape(CustomerClass c) {
        int max = 0;
        for (int h = 0; h < HOURS_PER_WEEK; h++) {
            max = Math.max(max, shape(c, h));
        }
        return max;
    }

    /** Milliseconds since {@link #ORIGIN}, never negative (the simulated meters were installed then). */
    static long sinceOrigin(Instant t) {
        return Math.max(0, t.toEpochMilli() - ORIGIN.toEpochMilli());
    }
}
