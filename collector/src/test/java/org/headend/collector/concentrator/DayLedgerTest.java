package org.headend.collector.concentrator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.headend.storage.Source;
import org.junit.jupiter.api.Test;

class DayLedgerTest {

    static final LocalDate D = LocalDate.of(2026, 3, 2);

    @Test
    void aMeterOwesEveryDayFromItsFirstUpToYesterday() {
        DayLedger l = new DayLedger(62);
        l.track("m", D);

        assertEquals(List.of(), l.missing("m", D), "today is not over");
        assertEquals(List.of(D, D.plusDays(1), D.plusDays(2)), l.missing("m", D.plusDays(3)));
    }

    @Test
    void aCompletedDayIsNoLongerOwedAndKeepsHowItWasRead() {
        DayLedger l = new DayLedger(62);
        l.track("m", D);
        l.complete("m", D, Source.SCHEDULED);
        l.complete("m", D.plusDays(1), Source.BACKFILL);

        assertEquals(List.of(D.plusDays(2)), l.missing("m", D.plusDays(3)));
        assertEquals(Optional.of(Source.SCHEDULED), l.day("m", D));
        assertEquals(Optional.of(Source.BACKFILL), l.day("m", D.plusDays(1)));
        assertEquals(Optional.empty(), l.day("m", D.plusDays(2)));
        assertEquals(Optional.empty(), l.day("other", D));
    }

    @Test
    void daysOlderThanTheWindowAreNoLongerOwed() {
        DayLedger l = new DayLedger(3);
        l.track("m", D);

        assertEquals(List.of(D.plusDays(7), D.plusDays(8), D.plusDays(9)), l.missing("m", D.plusDays(10)));
    }

    @Test
    void theWindowSlidesOverMonthsWithoutLosingRecentDays() {
        DayLedger l = new DayLedger(62);
        l.track("m", D);
        for (int i = 0; i < 200; i++) {
            l.complete("m", D.plusDays(i), Source.SCHEDULED);
        }
        assertEquals(List.of(), l.missing("m", D.plusDays(200)));
        assertEquals(Optional.of(Source.SCHEDULED), l.day("m", D.plusDays(199)));
        assertEquals(List.of(D.plusDays(200), D.plusDays(201)), l.missing("m", D.plusDays(202)));
    }

    @Test
    void aDailyReadingIsStoredAtTheMidnightEndingItsDay() {
        var zone = ZoneOffset.ofHours(8);
        var end = DayLedger.endOf(D, zone);

        assertEquals("2026-03-02T16:00:00Z", end.toString());
        assertEquals(D, DayLedger.dayEndingAt(end, zone));
        assertEquals(null, DayLedger.dayEndingAt(end.plusSeconds(1), zone));
    }
}
