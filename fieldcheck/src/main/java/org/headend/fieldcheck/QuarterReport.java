package org.headend.fieldcheck;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * On-site verification of one quarter, per area and in total, with the drill-down to meters
 * (issue 7, "Reports"). Required: every remote- or concentrator-read meter of the archive.
 * Checked: with an accepted check in the quarter. Overdue: a finished quarter's unchecked meters;
 * in the current quarter, those not checked since the start of the previous one (calendar) or
 * whose last check is 90 days old (rolling). Pending: neither checked nor overdue yet.
 *
 * @param quarter the quarter
 * @param asOf    when the report was made for
 * @param period  how overdue was counted
 * @param area    the area asked for, or empty for all
 * @param areas   one row per area, in name order
 * @param total   all areas together
 * @param meters  drill-down: every required meter not checked, and every meter with a check or finding
 */
public record QuarterReport(Quarter quarter, Instant asOf, Period period, String area, List<AreaRow> areas,
                            AreaRow total, List<MeterRow> meters) {
    public QuarterReport {
        Objects.requireNonNull(quarter, "quarter");
        areas = List.copyOf(areas);
        meters = List.copyOf(meters);
    }

    /**
     * @param findingsByCategory open and accepted findings per category code
     * @param findingsByBand     findings per penalty band label (every label present)
     * @param energyKwh          sum of |energy| of the findings, primary kWh
     * @param corrections        corrections accepted
     * @param correctedKwh       sum of the energy they move, signed
     */
    public record AreaRow(String area, int required, int checked, int overdue, int pending, double compliancePercent,
                          Map<String, Integer> findingsByCategory, Map<String, Integer> findingsByBand, int findings,
                          double energyKwh, int corrections, double correctedKwh) {
        public AreaRow {
            // kept in their order (categories by code, bands ascending) for the JSON and the CSV
            findingsByCategory = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(findingsByCategory));
            findingsByBand = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(findingsByBand));
        }
    }

    /** One meter of the drill-down. */
    public record MeterRow(String meter, String area, boolean required, String state, List<Instant> checks,
                           List<FindingRow> findings) {
        public MeterRow {
            checks = List.copyOf(checks);
            findings = List.copyOf(findings);
        }
    }

    /** One finding of the drill-down; {@code accepted} once a correction was recorded. */
    public record FindingRow(Instant checkTime, String category, String band, double energyKwh, boolean accepted,
                             String evidence) {
    }
}
