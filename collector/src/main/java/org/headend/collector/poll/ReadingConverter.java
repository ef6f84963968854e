package org.headend.collector.poll;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.headend.protocol.dlt645.Dlt645Value;
import org.headend.protocol.dlt645.Dlt645Values;
import org.headend.protocol.modbus.MapValue;
import org.headend.storage.Quality;
import org.headend.storage.Reading;
import org.headend.storage.Source;

/**
 * Turns what a meter answered into stored readings on the primary side of its transformers.
 *
 * <p>A meter behind instrument transformers measures secondary values; billing needs primary
 * ones: energy and power times CT x VT, current times CT, voltage times VT; power factor and
 * frequency are ratios and stay as they are (domain.md, "Wrong multiplier").
 */
public final class ReadingConverter {

    private ReadingConverter() {
    }

    /** How one quantity scales with the transformer ratios (also used by the concentrator front end). */
    public static double factor(String quantity, double ctRatio, double vtRatio) {
        if (quantity.startsWith("energy.") || quantity.startsWith("power.") || quantity.startsWith("demand.")) {
            return ctRatio * vtRatio;
        }
        if (quantity.startsWith("current.")) {
            return ctRatio;
        }
        if (quantity.startsWith("voltage.")) {
            return vtRatio;
        }
        return 1.0;
    }

    /** The readings of one job; values the meter could not give (FF bytes) and non-numbers are left out. */
    public static List<Reading> readings(JobResult result, String meter, double ctRatio, double vtRatio) {
        List<Reading> out = new ArrayList<>();
        Source source = result.job().onDemand() ? Source.ON_DEMAND : Source.SCHEDULED;
        for (List<Dlt645Value> list : result.values().values()) {
            // Decoded replies are Dlt645Values already (of() returns them as they are): numbers are
            // read as primitives, with no record made per value (issue 2).
            Dlt645Values values = Dlt645Values.of(list);
            for (int i = 0; i < values.size(); i++) {
                if (values.isNumber(i)) {
                    out.add(reading(meter, result.readAt(), values.quantity(i), values.doubleValue(i), values.unit(i), source,
                            ctRatio, vtRatio));
                }
            }
        }
        return out;
    }

    /**
     * The readings of a Modbus read, through its register map; a float register holding NaN or an
     * infinity (the Modbus meter's "not available", like DL/T 645's FF bytes) is left out.
     */
    public static List<Reading> readings(List<MapValue> values, String meter, Instant readAt, boolean onDemand,
                                         double ctRatio, double vtRatio) {
        List<Reading> out = new ArrayList<>(values.size());
        Source source = onDemand ? Source.ON_DEMAND : Source.SCHEDULED;
        for (MapValue v : values) {
            if (Double.isFinite(v.value())) {
                out.add(reading(meter, readAt, v.quantity(), v.value(), v.unit(), source, ctRatio, vtRatio));
            }
        }
        return out;
    }

    private static Reading reading(String meter, Instant at, String quantity, double secondary, String unit, Source source,
                                   double ctRatio, double vtRatio) {
        return new Reading(meter, at, quantity, secondary * factor(quantity, ctRatio, vtRatio), unit, Quality.ACTUAL, source);
    }
}
