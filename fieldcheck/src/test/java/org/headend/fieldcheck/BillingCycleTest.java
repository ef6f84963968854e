package org.headend.fieldcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.headend.collector.archive.Meter;
import org.headend.collector.archive.MeterProtocol;
import org.headend.collector.archive.MeterSite;
import org.headend.collector.archive.ReadingMethod;
import org.headend.storage.Quality;
import org.headend.storage.Reading;
import org.headend.storage.ReadingStore;
import org.headend.storage.Source;
import org.headend.storage.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Billing cycles on a day of the month other than the 1st, and the due rules that count them. */
class BillingCycleTest {
    @TempDir
    Path dir;

    @Test
    void aDayFallsInTheCycleThatStartedOnTheLastBillingDayAtOrBeforeIt() {
        assertEquals(LocalDate.of(2026, 8, 25), BillingCycle.containing(LocalDate.of(2026, 9, 24), 25).start());
        assertEquals(LocalDate.of(2026, 9, 25), BillingCycle.containing(LocalDate.of(2026, 9, 25), 25).start());
        assertEquals(LocalDate.of(2025, 12, 25), BillingCycle.containing(LocalDate.of(2026, 1, 3), 25).start());
        BillingCycle c = BillingCycle.containing(LocalDate.of(2026, 2, 10), 25);
        assertEquals(LocalDate.of(2026, 2, 24), c.lastDay());
        assertEquals("2026-01-25..2026-02-24", c.toString());
        assertEquals(3, c.plus(3).since(c));
        assertEquals("2026-02", BillingCycle.containing(LocalDate.of(2026, 2, 28), 1).toString());
        assertThrows(IllegalArgumentException.class, () -> FieldCheckSettings.defaults().withBillingDay(29));
    }

    static Meter meter(String address, LocalDate remoteSince) {
        MeterSite site = new MeterSite("", "", "", "", "", "", "10kV", ReadingMethod.REMOTE, remoteSince, null, null, null);
        return new Meter(address, MeterProtocol.DLT645_2007, "gw", BigDecimal.ONE, BigDecimal.ONE, "industrial", "north", site);
    }

    Set<DueReason> reasons(int billingDay, Meter m, String asOf) {
        try (ReadingStore store = Stores.open("embedded:" + dir.resolve("day" + billingDay + asOf.replace(':', '-') + ".db"))) {
            // the register moves once, on 10 June, then stands still until the end of September
            List<Reading> rows = new ArrayList<>();
            for (LocalDate d = LocalDate.of(2026, 6, 1); d.isBefore(LocalDate.of(2026, 10, 31)); d = d.plusDays(1)) {
                double kwh = d.isBefore(LocalDate.of(2026, 6, 10)) ? 100 : 150;
                rows.add(new Reading(m.address(), d.atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(300),
                        FieldCheckSettings.ENERGY, kwh, "kWh", Quality.ACTUAL, Source.SCHEDULED));
            }
            store.write(rows);
            FieldCheck fc = new FieldCheck(FieldCheckSettings.defaults().withBillingDay(billingDay).withWindow(Duration.ofDays(2)),
                    List.of(m), store, Clock.fixed(Instant.parse(asOf), ZoneOffset.UTC));
            return fc.due(Instant.parse(asOf)).meters().stream().filter(d -> d.meter().equals(m))
                    .findFirst().map(d -> Set.copyOf(d.reasons())).orElse(Set.of());
        }
    }

    @Test
    void newRemoteCountsCyclesFromTheBillingDay() {
        Meter m = meter("000000000001", LocalDate.of(2026, 7, 28));
        // day 25: 28 July is in cycle 07-25..08-24, so 20 September is in its 2nd cycle and 26 October in its 4th
        assertTrue(reasons(25, m, "2026-09-20T12:00:00Z").contains(DueReason.NEW_REMOTE));
        assertFalse(reasons(25, m, "2026-10-26T12:00:00Z").contains(DueReason.NEW_REMOTE));
        // calendar months: 26 October is in the 4th cycle (July, August, September, October) too, 20 October as well
        assertFalse(reasons(1, m, "2026-10-20T12:00:00Z").contains(DueReason.NEW_REMOTE));
        // ... while on day 25, 20 October is still in the 3rd cycle (09-25..10-24)
        assertTrue(reasons(25, m, "2026-10-20T12:00:00Z").contains(DueReason.NEW_REMOTE));
    }

    @Test
    void zeroConsumptionIsJudgedAtTheCyclesStarts() {
        Meter m = meter("000000000002", null);
        // day 25: starts 06-25, 07-25, 08-25, 09-25 all read 150: three cycles without consumption
        assertTrue(reasons(25, m, "2026-09-26T12:00:00Z").contains(DueReason.ZERO_CONSUMPTION));
        // calendar months: 06-01 read 100, 09-01 read 150: it moved in June
        assertFalse(reasons(1, m, "2026-09-26T12:00:00Z").contains(DueReason.ZERO_CONSUMPTION));
    }
}
