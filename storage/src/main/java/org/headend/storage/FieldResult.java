package org.headend.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * What a field crew found at one meter at one time, as imported from its result sheet (issue 7).
 * Optional measurements are null when the crew did not take them. The key is (meter, checkTime):
 * a second result with that key and other values is a conflict, not an update.
 *
 * @param meter            the meter's address (12 digits for DL/T 645)
 * @param checkTime        when the crew read the register (UTC, whole milliseconds when stored)
 * @param meterPresent     false when the crew found no meter where the record puts one
 * @param registerKwh      active energy import register as read on the display, kWh (secondary)
 * @param meterSerial      serial printed on the meter found
 * @param ctRatio          CT ratio on the nameplate found (primary/secondary, e.g. 30 for 150/5)
 * @param vtRatio          VT ratio found (1 when there is none)
 * @param ctSerial         CT serial(s) found
 * @param vtSerial         VT serial(s) found
 * @param seal             seal state code: intact, broken or missing
 * @param meterClock       the time the meter's own clock showed at {@code checkTime}
 * @param clampCurrentA    primary current measured with a clamp meter, A
 * @param clampVoltageV    primary voltage measured with it, V (line-to-line when three-phase)
 * @param clampPowerFactor power factor for the clamp's power, 1 when not measured
 * @param phases           1 or 3
 * @param meterPowerKw     the active power the meter itself shows, kW (secondary)
 * @param wsPulses         watt-second method: N pulses or revolutions counted
 * @param wsConstant       its meter constant C, imp/kWh or r/kWh
 * @param wsPowerW         its measured primary power P, W
 * @param wsSeconds        its measured time t for N pulses, s
 * @param crew             who checked
 * @param notes            free text
 * @param origin           where the result came from, e.g. {@code q3-north.csv line 7}; not part of the value
 */
public record FieldResult(String meter, Instant checkTime, boolean meterPresent, Double registerKwh,
                          String meterSerial, Double ctRatio, Double vtRatio, String ctSerial, String vtSerial,
                          String seal, Instant meterClock, Double clampCurrentA, Double clampVoltageV,
                          Double clampPowerFactor, Integer phases, Double meterPowerKw, Double wsPulses,
                          Double wsConstant, Double wsPowerW, Double wsSeconds, String crew, String notes,
                          String origin) {
    public FieldResult {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(checkTime, "checkTime");
        meterSerial = Objects.requireNonNullElse(meterSerial, "");
        ctSerial = Objects.requireNonNullElse(ctSerial, "");
        vtSerial = Objects.requireNonNullElse(vtSerial, "");
        seal = Objects.requireNonNullElse(seal, "");
        crew = Objects.requireNonNullElse(crew, "");
        notes = Objects.requireNonNullElse(notes, "");
        origin = Objects.requireNonNullElse(origin, "");
        checkTime = Instant.ofEpochMilli(checkTime.toEpochMilli());
        meterClock = meterClock == null ? null : Instant.ofEpochMilli(meterClock.toEpochMilli());
    }

    /** Whether both say the same, wherever they came from. */
    public boolean sameValuesAs(FieldResult o) {
        return withOrigin("").equals(o.withOrigin(""));
    }

    public FieldResult withOrigin(String newOrigin) {
        return new FieldResult(meter, checkTime, meterPresent, registerKwh, meterSerial, ctRatio, vtRatio, ctSerial,
                vtSerial, seal, meterClock, clampCurrentA, clampVoltageV, clampPowerFactor, phases, meterPowerKw,
                wsPulses, wsConstant, wsPowerW, wsSeconds, crew, notes, newOrigin);
    }
}
