package org.headend.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.headend.collector.poll.PollOutcome;
import org.headend.storage.PollDay;
import org.headend.storage.ReadingStore;
import org.headend.storage.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger against the real embedded store. */
class PollLedgerTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final LocalDate DAY = LocalDate.parse("2026-02-01");

    @TempDir
    Path dir;
    ReadingStore store;

    @BeforeEach
    void open() {
        store = Stores.open("embedded:" + dir.resolve("h.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    static Clock at(String localTime) {
        return Clock.fixed(java.time.LocalDateTime.parse(localTime).atZone(SHANGHAI).toInstant(), SHANGHAI);
    }

    @Test
    void talliesOfADayAreWrittenPerMeterAndOutcome() {
        try (PollLedger ledger = new PollLedger(store, SHANGHAI, at("2026-02-01T10:00:00"))) {
            for (int i = 0; i < 3; i++) {
                ledger.due("000000000001");
                ledger.due("000000000002");
            }
            ledger.done("000000000001", PollOutcome.OK);
            ledger.done("000000000001", PollOutcome.ERROR_REPLY);
            ledger.done("000000000001", PollOutcome.TIMEOUT);
            ledger.done("000000000002", PollOutcome.DISCONNECTED);
            ledger.done("000000000002", PollOutcome.BAD_FRAME);
            ledger.done("000000000002", PollOutcome.SKIPPED);
        }
        List<PollDay> days = store.pollDays(DAY, DAY.plusDays(1));
        assertEquals(List.of("000000000001 3 2 1 0", "000000000002 3 0 2 1"), days.stream()
                .map(d -> d.meter() + " " + d.due() + " " + d.answered() + " " + d.failed() + " " + d.skipped()).toList());
    }

    @Test
    void aRestartTheSameDayContinuesTheCounts() {
        try (PollLedger ledger = new PollLedger(store, SHANGHAI, at("2026-02-01T10:00:00"))) {
            ledger.due("000000000001");
            ledger.done("000000000001", PollOutcome.OK);
        }
        try (PollLedger ledger = new PollLedger(store, SHANGHAI, at("2026-02-01T10:15:00"))) {
            ledger.due("000000000001");
            ledger.done("000000000001", PollOutcome.TIMEOUT);
        }
        PollDay d = store.pollDays(DAY, DAY.plusDays(1)).get(0);
        assertEquals(List.of(2, 1, 1), List.of(d.due(), d.answered(), d.failed()));
    }

    @Test
    void theDayIsTheLocalDayOfTheConfiguredZone() {
        // 01:00 in Shanghai on 2 February is 17:00 UTC on 1 February
        try (PollLedger ledger = new PollLedger(store, SHANGHAI, at("2026-02-02T01:00:00"))) {
            ledger.due("000000000001");
        }
        assertEquals(List.of(DAY.plusDays(1)), store.pollDays(DAY, DAY.plusDays(2)).stream().map(PollDay::day).toList());
    }

    @Test
    void aFlushWithNothingNewWritesNothingNewer() {
        Clock clock = at("2026-02-01T10:00:00");
        try (PollLedger ledger = new PollLedger(store, SHANGHAI, clock)) {
            ledger.due("000000000001");
        }
        Instant first = store.pollDays(DAY, DAY.plusDays(1)).get(0).updated();
        try (PollLedger ledger = new PollLedger(store, SHANGHAI, at("2026-02-01T11:00:00"))) {
            ledger.flush();
        }
        assertEquals(first, store.pollDays(DAY, DAY.plusDays(1)).get(0).updated());
    }
}
