package org.headend.collector.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.headend.protocol.dlt645.Dlt645Address;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.dlt645.Dlt645Value;
import org.headend.storage.Reading;
import org.headend.storage.Source;
import org.junit.jupiter.api.Test;

class ReadingConverterTest {

    private static JobResult result(boolean onDemand, List<Dlt645Value> values) {
        MeterJob job = new MeterJob(Dlt645Address.parse("1"), Dlt645Edition.V2007, List.of(0x00010000L), onDemand, r -> { });
        return new JobResult(job, PollOutcome.OK, Map.of(0x00010000L, values), Instant.parse("2026-11-27T00:00:00Z"), 1);
    }

    @Test
    void energyIsMultipliedByCtTimesVtCurrentByCtVoltageByVt() {
        List<Reading> r = ReadingConverter.readings(result(false, List.of(
                new Dlt645Value.Number("total", "energy.active.import.total", 120642, 2, "kWh"),
                new Dlt645Value.Number("Ia", "current.a", 1500, 3, "A"),
                new Dlt645Value.Number("Ua", "voltage.a", 577, 1, "V"),
                new Dlt645Value.Number("PF", "power_factor.total", 950, 3, ""))), "000000000001", 30, 100);
        assertEquals(1206.42 * 3000, r.get(0).value(), 1e-6);
        assertEquals(1.5 * 30, r.get(1).value(), 1e-9);
        assertEquals(57.7 * 100, r.get(2).value(), 1e-9);
        assertEquals(0.95, r.get(3).value(), 1e-12);
        assertEquals(Source.SCHEDULED, r.get(0).source());
    }

    @Test
    void missingValuesAreLeftOutAndOnDemandIsMarked() {
        List<Reading> r = ReadingConverter.readings(result(true, List.of(
                new Dlt645Value.Number("Ua", "voltage.a", 2256, 1, "V"),
                new Dlt645Value.Missing("Ub", "voltage.b"))), "000000000001", 1, 1);
        assertEquals(1, r.size());
        assertEquals(Source.ON_DEMAND, r.get(0).source());
    }
}
