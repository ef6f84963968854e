package org.headend.fieldcheck;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rules and tolerances of on-site verification, each with a default (see
 * docs/field-verification.md). Immutable; {@code with...} makes a changed copy, validated at once.
 *
 * @param zone                 the utility's zone: quarters and billing cycles start at its midnight
 * @param period               calendar quarter (default) or rolling 90 days
 * @param quantity             the register compared, {@code energy.active.import.total}
 * @param window               remote readings further than this from a check time are not used (2 days)
 * @param registerResolutionKwh the remote register's last digit, kWh (0.01: DL/T 645 XXXXXX.XX)
 * @param fieldResolutionKwh   the resolution the crew reads the display to, kWh (0.01)
 * @param maxRegisterKw        the most a register (secondary) can advance per hour, kW: bounds the energy
 *                             between a check and the one nearest reading when only one side is known (60)
 * @param clockDriftLimit      a meter clock off by more is a finding (5 min)
 * @param clampTolerance       relative disagreement of clamp power and meter power x multiplier allowed (0.10)
 * @param defaultAccuracyClass the accuracy class in percent when the archive has none (2.0)
 * @param misbillingLookback   how far back mis-billed energy is counted when there was no earlier good check (365 days)
 * @param billingDay           the day of the month a billing cycle starts on, 1..28 (1: calendar months)
 * @param remoteCycles         billing cycles after the switch to remote reading that each need a check (3)
 * @param zeroCycles           cycles of zero consumption in a row that put a meter in the sample (3)
 * @param highVoltageKv        a supply at or above this voltage is sampled at {@code sampleHighVoltage} (10 kV)
 * @param sampleHighVoltage    share of zero-consumption meters at 10 kV and above to check (1.0)
 * @param sampleNonResidential share of 0.4 kV non-residential ones (0.8)
 * @param sampleResidential    share of residential ones (0.2)
 * @param seed                 seed of the zero-consumption sample: the same seed gives the same sample
 * @param bands                penalty bands
 */
public record FieldCheckSettings(ZoneId zone, Period period, String quantity, Duration window,
                                 double registerResolutionKwh, double fieldResolutionKwh, double maxRegisterKw,
                                 Duration clockDriftLimit, double clampTolerance, double defaultAccuracyClass,
                                 Duration misbillingLookback, int billingDay, int remoteCycles, int zeroCycles, double highVoltageKv,
                                 double sampleHighVoltage, double sampleNonResidential, double sampleResidential,
                                 long seed, PenaltyBands bands) {

    public static final String ENERGY = "energy.active.import.total";

    public FieldCheckSettings {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(clockDriftLimit, "clockDriftLimit");
        Objects.requireNonNull(misbillingLookback, "misbillingLookback");
        Objects.requireNonNull(bands, "bands");
        List<String> wrong = new ArrayList<>();
        range(wrong, "window", window.toMinutes(), 1, 31 * 24 * 60, "minutes");
        range(wrong, "registerResolutionKwh", registerResolutionKwh, 0, 10, "kWh");
        range(wrong, "fieldResolutionKwh", fieldResolutionKwh, 0, 10, "kWh");
        range(wrong, "maxRegisterKw", maxRegisterKw, 0.001, 1e6, "kW");
        range(wrong, "clockDriftLimit", clockDriftLimit.toSeconds(), 1, 86_400, "s");
        range(wrong, "clampTolerance", clampTolerance, 0.001, 1, "");
        range(wrong, "defaultAccuracyClass", defaultAccuracyClass, 0.01, 20, "%");
        range(wrong, "misbillingLookback", misbillingLookback.toDays(), 1, 3660, "days");
        range(wrong, "billingDay", billingDay, 1, 28, ""); // 29..31 are not in every month
        range(wrong, "remoteCycles", remoteCycles, 0, 24, "cycles");
        range(wrong, "zeroCycles", zeroCycles, 1, 24, "cycles");
        range(wrong, "highVoltageKv", highVoltageKv, 0.001, 1000, "kV");
        range(wrong, "sampleHighVoltage", sampleHighVoltage, 0, 1, "");
        range(wrong, "sampleNonResidential", sampleNonResidential, 0, 1, "");
        range(wrong, "sampleResidential", sampleResidential, 0, 1, "");
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", wrong));
        }
    }

    private static void range(List<String> wrong, String name, double v, double min, double max, String unit) {
        if (!(v >= min && v <= max)) {
            wrong.add(name + " was " + v + " but must be " + min + ".." + max + (unit.isEmpty() ? "" : " " + unit));
        }
    }

    /** The defaults of docs/field-verification.md, in UTC. */
    public static FieldCheckSettings defaults() {
        return new FieldCheckSettings(ZoneId.of("UTC"), Period.CALENDAR_QUARTER, ENERGY, Duration.ofDays(2), 0.01, 0.01,
                60, Duration.ofMinutes(5), 0.10, 2.0, Duration.ofDays(365), 1, 3, 3, 10, 1.0, 0.8, 0.2, 0,
                PenaltyBands.DEFAULT);
    }

    public FieldCheckSettings withZone(ZoneId z) {
        return new FieldCheckSettings(z, period, quantity, window, registerResolutionKwh, fieldResolutionKwh, maxRegisterKw,
                clockDriftLimit, clampTolerance, defaultAccuracyClass, misbillingLookback, billingDay, remoteCycles, zeroCycles,
                highVoltageKv, sampleHighVoltage, sampleNonResidential, sampleResidential, seed, bands);
    }

    public FieldCheckSettings withPeriod(Period p) {
        return new FieldCheckSettings(zone, p, quantity, window, registerResolutionKwh, fieldResolutionKwh, maxRegisterKw,
                clockDriftLimit, clampTolerance, defaultAccuracyClass, misbillingLookback, billingDay, remoteCycles, zeroCycles,
                highVoltageKv, sampleHighVoltage, sampleNonResidential, sampleResidential, seed, bands);
    }

    public FieldCheckSettings withSeed(long s) {
        return new FieldCheckSettings(zone, period, quantity, window, registerResolutionKwh, fieldResolutionKwh, maxRegisterKw,
                clockDriftLimit, clampTolerance, defaultAccuracyClass, misbillingLookback, billingDay, remoteCycles, zeroCycles,
                highVoltageKv, sampleHighVoltage, sampleNonResidential, sampleResidential, s, bands);
    }

    public FieldCheckSettings withWindow(Duration w) {
        return new FieldCheckSettings(zone, period, quantity, w, registerResolutionKwh, fieldResolutionKwh, maxRegisterKw,
                clockDriftLimit, clampTolerance, defaultAccuracyClass, misbillingLookback, billingDay, remoteCycles, zeroCycles,
                highVoltageKv, sampleHighVoltage, sampleNonResidential, sampleResidential, seed, bands);
    }

    public FieldCheckSettings withBands(PenaltyBands b) {
        return new FieldCheckSettings(zone, period, quantity, window, registerResolutionKwh, fieldResolutionKwh, maxRegisterKw,
                clockDriftLimit, clampTolerance, defaultAccuracyClass, misbillingLookback, billingDay, remoteCycles, zeroCycles,
                highVoltageKv, sampleHighVoltage, sampleNonResidential, sampleResidential, seed, b);
    }

    public FieldCheckSettings withResolutions(double remoteKwh, double fieldKwh) {
        return new FieldCheckSettings(zone, period, quantity, window, remoteKwh, fieldKwh, maxRegisterKw,
                clockDriftLimit, clampTolerance, defaultAccuracyClass, misbillingLookback, billingDay, remoteCycles, zeroCycles,
                highVoltageKv, sampleHighVoltage, sampleNonResidential, sampleResidential, seed, bands);
    }

    public FieldCheckSettings withBillingDay(int day) {
        return new FieldCheckSettings(zone, period, quantity, window, registerResolutionKwh, fieldResolutionKwh, maxRegisterKw,
                clockDriftLimit, clampTolerance, defaultAccuracyClass, misbillingLookback, day, remoteCycles, zeroCycles,
                highVoltageKv, sampleHighVoltage, sampleNonResidential, sampleResidential, seed, bands);
    }

    /** The billing cycle {@code day} falls in. */
    BillingCycle cycleOf(java.time.LocalDate day) {
        return BillingCycle.containing(day, billingDay);
    }
}
