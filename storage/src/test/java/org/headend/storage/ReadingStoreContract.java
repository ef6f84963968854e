package org.headend.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ReadingStore} promises, run against each real store by a subclass (as
 * Micrometer's MeterRegistryCompatibilityKit runs against each registry). Each test gets a fresh,
 * empty store from {@link #openStore()}.
 */
abstract class ReadingStoreContract {
    static final String ENERGY = "energy.active.import.total";
    static final String VOLTAGE = "voltage.phase.a";
    static final Instant T0 = Instant.parse("2026-01-31T23:00:00Z");

    ReadingStore store;

    /** A fresh, empty store. */
    abstract ReadingStore openStore() throws Exception;

    /** Called after the store is closed, to drop what {@link #openStore()} made. */
    void dropStore() throws Exception {
    }

    @BeforeEach
    void open() throws Exception {
        store = openStore();
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        dropStore();
    }

    static Reading energy(String meter, Instant time, double kwh) {
        return new Reading(meter, time, ENERGY, kwh, "kWh", Quality.ACTUAL, Source.SCHEDULED);
    }

    static Instant at(int minutes) {
        return T0.plus(minutes, ChronoUnit.MINUTES);
    }

    @Nested
    @DisplayName("writing")
    class Writing {
        @Test
        void writeReturnsHowManyReadingsWereNew() {
            assertEquals(2, store.write(List.of(energy("000000000001", at(0), 1.0), energy("000000000002", at(0), 2.0))));
            assertEquals(2, store.count());
        }

        @Test
        void rewritingTheSameBatchStoresNothingTwice() {
            List<Reading> batch = List.of(energy("000000000001", at(0), 1.0), energy("000000000001", at(15), 1.5));
            store.write(batch);
            assertEquals(0, store.write(batch));
            assertEquals(2, store.count());
        }

        @Test
        void aRewriteWithAnotherValueKeepsTheStoredOne() {
            store.write(List.of(energy("000000000001", at(0), 1.0)));
            store.write(List.of(energy("000000000001", at(0), 99.0)));
            assertEquals(1.0, store.last("000000000001", ENERGY).orElseThrow().value());
        }

        @Test
        void aKeyRepeatedInsideOneBatchIsStoredOnceFirstWins() {
            assertEquals(1, store.write(List.of(energy("000000000001", at(0), 1.0), energy("000000000001", at(0), 2.0))));
            assertEquals(List.of(energy("000000000001", at(0), 1.0)),
                    store.between("000000000001", ENERGY, at(0), at(1)));
        }

        @Test
        void aPartlyKnownBatchStoresOnlyTheNewReadings() {
            store.write(List.of(energy("000000000001", at(0), 1.0)));
            assertEquals(1, store.write(List.of(energy("000000000001", at(0), 1.0), energy("000000000001", at(15), 2.0))));
            assertEquals(2, store.count());
        }

        @Test
        void anEmptyBatchWritesNothing() {
            assertEquals(0, store.write(List.of()));
            assertEquals(0, store.count());
        }

        @Test
        void qualityAndSourceComeBackAsWritten() {
            List<Reading> all = new ArrayList<>();
            int i = 0;
            for (Quality q : Quality.values()) {
                for (Source s : Source.values()) {
                    all.add(new Reading("000000000007", at(i++), ENERGY, i * 0.25, "kWh", q, s));
                }
            }
            store.write(all);
            assertEquals(all, store.between("000000000007", ENERGY, at(0), at(i)));
        }

        @Test
        void textThatNeedsEscapingComesBackAsWritten() {
            Reading odd = new Reading("A\\B\tC", at(0), "odd\nquantity", -1.5e-7, "m³/h 'x'", Quality.SUSPECT, Source.FIELD);
            store.write(List.of(odd));
            assertEquals(Optional.of(odd), store.last("A\\B\tC", "odd\nquantity"));
        }

        @Test
        void timeIsKeptToTheMillisecond() {
            Instant precise = at(0).plusNanos(123_456_789);
            store.write(List.of(energy("000000000001", precise, 1.0)));
            assertEquals(at(0).plusMillis(123), store.last("000000000001", ENERGY).orElseThrow().time());
        }
    }

    @Nested
    @DisplayName("last reading per meter")
    class Last {
        @Test
        void newestWinsEvenWhenWrittenLate() {
            store.write(List.of(energy("000000000001", at(30), 3.0)));
            store.write(List.of(energy("000000000001", at(0), 1.0), energy("000000000001", at(15), 2.0)));
            assertEquals(energy("000000000001", at(30), 3.0), store.last("000000000001", ENERGY).orElseThrow());
        }

        @Test
        void newestWithinOneBatchWinsWhateverTheOrder() {
            store.write(List.of(energy("000000000001", at(30), 3.0), energy("000000000001", at(0), 1.0)));
            assertEquals(at(30), store.last("000000000001", ENERGY).orElseThrow().time());
        }

        @Test
        void lastPerMeterGivesOneReadingPerMeterOfThatQuantity() {
            store.write(List.of(
                    energy("000000000002", at(0), 20.0), energy("000000000001", at(0), 10.0),
                    energy("000000000001", at(15), 11.0),
                    new Reading("000000000003", at(15), VOLTAGE, 230.1, "V", Quality.ACTUAL, Source.SCHEDULED)));
            store.write(List.of(energy("000000000002", at(-15), 19.0)));
            assertEquals(List.of(energy("000000000001", at(15), 11.0), energy("000000000002", at(0), 20.0)),
                    store.lastPerMeter(ENERGY));
        }

        @Test
        void lastPerMeterFollowsWritesAfterItWasAskedOnce() {
            store.write(List.of(energy("000000000002", at(15), 2.0), energy("000000000001", at(15), 1.0)));
            assertEquals(2, store.lastPerMeter(ENERGY).size());
            store.write(List.of(energy("000000000001", at(30), 1.5), energy("000000000002", at(0), 0.5),
                    energy("000000000003", at(0), 3.0), energy("000000000002", at(15), 99.0)));
            assertEquals(List.of(energy("000000000001", at(30), 1.5), energy("000000000002", at(15), 2.0),
                    energy("000000000003", at(0), 3.0)), store.lastPerMeter(ENERGY));
        }

        @Test
        void lastOfAnUnknownMeterIsEmpty() {
            assertFalse(store.last("999999999999", ENERGY).isPresent());
            assertTrue(store.lastPerMeter(ENERGY).isEmpty());
        }

        @Test
        void aRewriteOfTheNewestTimeDoesNotReplaceTheLastValue() {
            store.write(List.of(energy("000000000001", at(15), 2.0)));
            store.write(List.of(energy("000000000001", at(15), 7.0)));
            assertEquals(2.0, store.last("000000000001", ENERGY).orElseThrow().value());
        }
    }

    @Nested
    @DisplayName("between")
    class Between {
        @Test
        void timesComeBackToTheMillisecondFrom1969To2099() {
            java.util.Random random = new java.util.Random(42);
            List<Reading> written = new ArrayList<>();
            for (String t : List.of("1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00.001Z", "2099-12-31T23:59:59.999Z")) {
                written.add(energy("000000000001", Instant.parse(t), written.size()));
            }
            long lo = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
            long hi = Instant.parse("2060-01-01T00:00:00Z").toEpochMilli();
            for (int i = 0; i < 50; i++) {
                written.add(energy("000000000001", Instant.ofEpochMilli(lo + (long) (random.nextDouble() * (hi - lo))), i));
            }
            store.write(written);
            List<Instant> expected = written.stream().map(Reading::time).sorted().toList();
            assertEquals(expected, store.between("000000000001", ENERGY, Instant.parse("1969-01-01T00:00:00Z"),
                    Instant.parse("2100-01-01T00:00:00Z")).stream().map(Reading::time).toList());
            assertEquals(expected.get(expected.size() - 1), store.lastPerMeter(ENERGY).get(0).time());
        }

        @Test
        void isHalfOpenAndOldestFirstWhateverTheArrivalOrder() {
            store.write(List.of(energy("000000000001", at(45), 4.0), energy("000000000001", at(0), 1.0)));
            store.write(List.of(energy("000000000001", at(30), 3.0), energy("000000000001", at(15), 2.0)));
            assertEquals(List.of(energy("000000000001", at(15), 2.0), energy("000000000001", at(30), 3.0)),
                    store.between("000000000001", ENERGY, at(15), at(45)));
        }

        @Test
        void keepsToOneMeterAndQuantity() {
            store.write(List.of(energy("000000000001", at(0), 1.0), energy("000000000002", at(0), 2.0),
                    new Reading("000000000001", at(0), VOLTAGE, 230.0, "V", Quality.ACTUAL, Source.SCHEDULED)));
            assertEquals(List.of(energy("000000000001", at(0), 1.0)),
                    store.between("000000000001", ENERGY, at(-60), at(60)));
        }

        @Test
        void readsAcrossAMonthBoundary() {
            // T0 is 2026-01-31 23:00 UTC: these straddle January and February (two partitions on PostgreSQL)
            List<Reading> rows = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                rows.add(energy("000000000001", at(i * 15), i));
            }
            assertEquals(8, store.write(rows));
            assertEquals(rows, store.between("000000000001", ENERGY, at(0), at(120)));
            assertEquals(rows.subList(4, 8), store.between("000000000001", ENERGY,
                    Instant.parse("2026-02-01T00:00:00Z"), at(120)));
        }

        @Test
        void readsAMonthWrittenLongAfterIt() {
            Instant old = Instant.parse("2024-03-10T08:00:00Z");
            Instant ahead = Instant.parse("2030-11-05T08:00:00Z");
            assertEquals(2, store.write(List.of(energy("000000000001", old, 1.0), energy("000000000001", ahead, 2.0))));
            assertEquals(List.of(energy("000000000001", old, 1.0), energy("000000000001", ahead, 2.0)),
                    store.between("000000000001", ENERGY, old, ahead.plusSeconds(1)));
        }
    }

    @Nested
    @DisplayName("the two readings around a time")
    class Around {
        final Duration day = Duration.ofDays(1);

        ReadingsAround one(String meter, Instant t, Duration window) {
            List<ReadingsAround> got = store.around(ENERGY, List.of(new MeterTime(meter, t)), window);
            assertEquals(1, got.size());
            return got.get(0);
        }

        @Test
        void givesTheNewestAtOrBeforeAndTheOldestAfter() {
            store.write(List.of(energy("000000000001", at(0), 1.0), energy("000000000001", at(15), 2.0),
                    energy("000000000001", at(30), 3.0), energy("000000000001", at(45), 4.0),
                    energy("000000000002", at(20), 9.0)));
            ReadingsAround a = one("000000000001", at(20), day);
            assertEquals(energy("000000000001", at(15), 2.0), a.before());
            assertEquals(energy("000000000001", at(30), 3.0), a.after());
        }

        @Test
        void aReadingExactlyAtTheTimeIsTheOneBefore() {
            store.write(List.of(energy("000000000001", at(0), 1.0), energy("000000000001", at(15), 2.0),
                    energy("000000000001", at(30), 3.0)));
            ReadingsAround a = one("000000000001", at(15), day);
            assertEquals(at(15), a.before().time());
            assertEquals(at(30), a.after().time());
        }

        @Test
        void readingsFurtherThanTheWindowAreLeftOut() {
            store.write(List.of(energy("000000000001", at(0), 1.0), energy("000000000001", at(120), 2.0)));
            ReadingsAround a = one("000000000001", at(60), Duration.ofMinutes(59));
            assertFalse(a.beforeReading().isPresent());
            assertFalse(a.afterReading().isPresent());
            ReadingsAround b = one("000000000001", at(60), Duration.ofMinutes(60));
            assertEquals(at(0), b.before().time());
            assertEquals(at(120), b.after().time());
        }

        @Test
        void answersEveryProbeInItsOrderAcrossMonthsAndUnknownMeters() {
            List<Reading> rows = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                rows.add(energy("000000000001", at(i * 15), i));
                rows.add(energy("000000000002", at(i * 15 + 5), 100 + i));
            }
            rows.add(new Reading("000000000001", at(50), VOLTAGE, 230.0, "V", Quality.ACTUAL, Source.SCHEDULED));
            store.write(rows);
            List<MeterTime> probes = List.of(new MeterTime("000000000002", at(62)), new MeterTime("999999999999", at(10)),
                    new MeterTime("000000000001", at(52)), new MeterTime("000000000001", at(-1)),
                    new MeterTime("000000000001", at(200)));
            List<ReadingsAround> got = store.around(ENERGY, probes, day);
            assertEquals(probes, got.stream().map(ReadingsAround::at).toList());
            assertEquals(103.0, got.get(0).before().value());
            assertEquals(104.0, got.get(0).after().value());
            assertEquals(new ReadingsAround(probes.get(1), null, null), got.get(1));
            assertEquals(energy("000000000001", at(45), 3.0), got.get(2).before());
            assertEquals(energy("000000000001", at(60), 4.0), got.get(2).after());
            assertFalse(got.get(3).beforeReading().isPresent());
            assertEquals(at(0), got.get(3).after().time());
            assertEquals(at(105), got.get(4).before().time());
            assertFalse(got.get(4).afterReading().isPresent());
        }

        @Test
        void agreesWithTheDefaultThatAsksBetween() {
            List<Reading> rows = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                rows.add(energy("00000000000" + (i % 3), at(i * 7), i));
            }
            store.write(rows);
            List<MeterTime> probes = new ArrayList<>();
            for (int t = -10; t < 300; t += 13) {
                probes.add(new MeterTime("00000000000" + (t & 3), at(t)));
            }
            ReadingStore plain = new FlakyStore(store); // inherits the interface's default around
            assertEquals(plain.around(ENERGY, probes, Duration.ofMinutes(30)), store.around(ENERGY, probes, Duration.ofMinutes(30)));
        }

        @Test
        void newestAtOrBeforeGivesEveryMetersRegisterAtOneTimeWithinTheWindow() {
            store.write(List.of(energy("000000000001", at(0), 1.0), energy("000000000001", at(60), 2.0),
                    energy("000000000001", at(61), 3.0), // after the time asked
                    energy("000000000002", at(30), 5.0), // exactly at the window's far edge: counts
                    energy("000000000003", at(29), 7.0), // older than the window
                    energy("000000000004", at(90), 9.0), // only after
                    new Reading("000000000005", at(50), VOLTAGE, 230.0, "V", Quality.ACTUAL, Source.SCHEDULED)));
            assertEquals(List.of(energy("000000000001", at(60), 2.0), energy("000000000002", at(30), 5.0)),
                    store.newestAtOrBefore(ENERGY, at(60), Duration.ofMinutes(30)));
        }

        @Test
        void newestAtOrBeforeAgreesWithTheDefaultThatAsksAround() {
            List<Reading> rows = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                rows.add(energy(String.format("%012d", i % 7), at(i * 11), i));
            }
            store.write(rows);
            ReadingStore plain = new FlakyStore(store); // inherits the interface's default
            for (int t = -20; t < 700; t += 37) {
                assertEquals(plain.newestAtOrBefore(ENERGY, at(t), Duration.ofMinutes(45)),
                        store.newestAtOrBefore(ENERGY, at(t), Duration.ofMinutes(45)), "at " + t);
            }
        }
    }

    @Nested
    @DisplayName("daily use")
    class Daily {
        static final ZoneId UTC = ZoneOffset.UTC;

        /** Hourly readings of one meter from {@code start} for {@code hours}, the register = hours since start. */
        List<Reading> hourly(String meter, Instant start, int hours) {
            List<Reading> rows = new ArrayList<>();
            for (int h = 0; h < hours; h++) {
                rows.add(energy(meter, start.plus(h, ChronoUnit.HOURS), h));
            }
            store.write(rows);
            return rows;
        }

        @Test
        void isTheNextDaysOpeningMinusThisDaysAcrossAMonthBoundary() {
            hourly("000000000001", Instant.parse("2026-01-30T00:00:00Z"), 24 * 4);
            List<DailyUse> use = store.dailyUse(ENERGY, LocalDate.parse("2026-01-30"), LocalDate.parse("2026-02-02"), UTC);
            assertEquals(List.of(
                    new DailyUse("000000000001", LocalDate.parse("2026-01-30"), Instant.parse("2026-01-30T00:00:00Z"), 0,
                            Instant.parse("2026-01-31T00:00:00Z"), 24),
                    new DailyUse("000000000001", LocalDate.parse("2026-01-31"), Instant.parse("2026-01-31T00:00:00Z"), 24,
                            Instant.parse("2026-02-01T00:00:00Z"), 48),
                    new DailyUse("000000000001", LocalDate.parse("2026-02-01"), Instant.parse("2026-02-01T00:00:00Z"), 48,
                            Instant.parse("2026-02-02T00:00:00Z"), 72)), use);
        }

        @Test
        void daysAreLocalDaysOfTheZoneAskedFor() {
            hourly("000000000001", Instant.parse("2026-01-30T00:00:00Z"), 24 * 4);
            ZoneId shanghai = ZoneId.of("Asia/Shanghai"); // UTC+8: local midnight is 16:00 UTC the day before
            DailyUse day = store.dailyUse("000000000001", ENERGY, LocalDate.parse("2026-01-31"),
                    LocalDate.parse("2026-02-01"), shanghai).get(0);
            assertEquals(Instant.parse("2026-01-30T16:00:00Z"), day.openTime());
            assertEquals(16, day.open());
            assertEquals(Instant.parse("2026-01-31T16:00:00Z"), day.closeTime());
            assertEquals(24, day.use());
        }

        @Test
        void aDaylightSavingDayIs23Or25HoursOfUse() {
            ZoneId berlin = ZoneId.of("Europe/Berlin");
            hourly("000000000001", LocalDate.parse("2026-03-28").atStartOfDay(berlin).toInstant(), 24 * 3);
            hourly("000000000002", LocalDate.parse("2026-10-24").atStartOfDay(berlin).toInstant(), 24 * 3);
            assertEquals(List.of(24.0, 23.0), store.dailyUse("000000000001", ENERGY, LocalDate.parse("2026-03-28"),
                    LocalDate.parse("2026-03-30"), berlin).stream().map(DailyUse::use).toList());
            assertEquals(List.of(24.0, 25.0), store.dailyUse("000000000002", ENERGY, LocalDate.parse("2026-10-24"),
                    LocalDate.parse("2026-10-26"), berlin).stream().map(DailyUse::use).toList());
        }

        @Test
        void theOpeningIsTheFirstReadingOfTheDayWhateverTheArrivalOrder() {
            store.write(List.of(energy("000000000001", Instant.parse("2026-02-02T00:30:00Z"), 20.0)));
            store.write(List.of(energy("000000000001", Instant.parse("2026-02-01T12:00:00Z"), 15.0),
                    energy("000000000001", Instant.parse("2026-02-02T00:15:00Z"), 19.0),
                    energy("000000000001", Instant.parse("2026-02-01T00:15:00Z"), 10.0)));
            DailyUse day = store.dailyUse(ENERGY, LocalDate.parse("2026-02-01"), LocalDate.parse("2026-02-02"), UTC).get(0);
            assertEquals(Instant.parse("2026-02-01T00:15:00Z"), day.openTime());
            assertEquals(Instant.parse("2026-02-02T00:15:00Z"), day.closeTime());
            assertEquals(9.0, day.use());
        }

        @Test
        void aDayWithoutReadingsLeavesItAndTheDayBeforeWithoutAFigure() {
            hourly("000000000001", Instant.parse("2026-02-01T00:00:00Z"), 24);
            hourly("000000000001", Instant.parse("2026-02-03T00:00:00Z"), 48); // 2 Feb missing
            List<LocalDate> days = store.dailyUse(ENERGY, LocalDate.parse("2026-02-01"), LocalDate.parse("2026-02-05"), UTC)
                    .stream().map(DailyUse::day).toList();
            assertEquals(List.of(LocalDate.parse("2026-02-03")), days);
        }

        @Test
        void allMetersComeOrderedByMeterThenDayAndOtherQuantitiesStayOut() {
            Instant start = Instant.parse("2026-02-01T00:00:00Z");
            hourly("000000000002", start, 72);
            hourly("000000000001", start, 72);
            store.write(List.of(new Reading("000000000003", start, VOLTAGE, 230, "V", Quality.ACTUAL, Source.SCHEDULED),
                    new Reading("000000000003", start.plus(1, ChronoUnit.DAYS), VOLTAGE, 231, "V", Quality.ACTUAL, Source.SCHEDULED)));
            List<String> order = store.dailyUse(ENERGY, LocalDate.parse("2026-02-01"), LocalDate.parse("2026-02-03"), UTC)
                    .stream().map(u -> u.meter() + " " + u.day()).toList();
            assertEquals(List.of("000000000001 2026-02-01", "000000000001 2026-02-02",
                    "000000000002 2026-02-01", "000000000002 2026-02-02"), order);
            assertEquals(2, store.dailyUse("000000000002", ENERGY, LocalDate.parse("2026-02-01"),
                    LocalDate.parse("2026-02-03"), UTC).size());
        }

        @Test
        void aRegisterThatWentBackwardsShowsANegativeUse() {
            store.write(List.of(energy("000000000001", Instant.parse("2026-02-01T00:00:00Z"), 100.0),
                    energy("000000000001", Instant.parse("2026-02-02T00:00:00Z"), 90.0)));
            assertEquals(-10.0, store.dailyUse(ENERGY, LocalDate.parse("2026-02-01"), LocalDate.parse("2026-02-02"), UTC)
                    .get(0).use());
        }

        @Test
        void anEmptyOrReversedSpanIsRefused() {
            assertThrows(IllegalArgumentException.class, () -> store.dailyUse(ENERGY, LocalDate.parse("2026-02-01"),
                    LocalDate.parse("2026-02-01"), UTC));
        }
    }

    @Nested
    @DisplayName("field checks")
    class FieldChecks {
        FieldResult result(String meter, Instant t, double register, String origin) {
            return new FieldResult(meter, t, true, register, "SN-" + meter, 30.0, 1.0, "CT-1", "", "intact",
                    t.plusSeconds(12), 12.5, 400.0, 0.95, 3, 7.9, 10.0, 1200.0, 8000.0, 3.75, "crew 4", "ok", origin);
        }

        @Test
        void aResultComesBackAsSavedAndTheSameKeyTwiceIsSameOrConflict() {
            FieldCheckStore f = store.fieldChecks();
            FieldResult a = result("000000000001", at(10), 123.45, "a.csv line 2");
            FieldResult sparse = new FieldResult("000000000002", at(11), false, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null, "a.csv line 3");
            assertEquals(List.of(FieldCheckStore.Saved.NEW, FieldCheckStore.Saved.NEW), f.save(List.of(a, sparse)));
            assertEquals(List.of(a, sparse), f.results(at(0), at(60)));
            assertEquals(List.of(FieldCheckStore.Saved.SAME, FieldCheckStore.Saved.CONFLICT),
                    f.save(List.of(a.withOrigin("b.csv line 9"), result("000000000001", at(10), 999.0, "b.csv line 10"))));
            assertEquals(Optional.of(a), f.result("000000000001", at(10)));
        }

        @Test
        void aComparedCheckCountsAndItsOpenFindingsAreReplacedAcceptedOnesKept() {
            FieldCheckStore f = store.fieldChecks();
            f.save(List.of(result("000000000001", at(10), 1.0, "x"), result("000000000001", at(20), 2.0, "x"),
                    result("000000000002", at(15), 3.0, "x")));
            assertTrue(f.lastCounted(at(100)).isEmpty());
            FieldFinding seal = new FieldFinding("000000000001", at(20), "seal_broken", "seal broken", 0, "none", "north",
                    at(30), null, null);
            FieldFinding ct = new FieldFinding("000000000001", at(20), "ct_ratio_differs", "factor 0.5", 700, "501-1000",
                    "north", at(30), null, null);
            f.recordComparisons(List.of(new FieldCheckStore.Compared("000000000001", at(10), true, List.of()),
                    new FieldCheckStore.Compared("000000000001", at(20), true, List.of(seal, ct)),
                    new FieldCheckStore.Compared("000000000002", at(15), false, List.of())), at(30));
            assertEquals(java.util.Map.of("000000000001", at(20)), f.lastCounted(at(100)));
            assertEquals(java.util.Map.of("000000000001", at(10)), f.lastCounted(at(19)));
            assertEquals(java.util.Map.of("000000000001", List.of(at(10), at(20))), f.counted(at(0), at(60)));

            FieldCorrection k = new FieldCorrection("000000000001", at(20), "ct_ratio_differs", "multiplier", 15, 30, 700,
                    at(10), at(40), "auditor", "nameplate 150/5");
            assertTrue(f.accept(k));
            assertFalse(f.accept(k));
            assertEquals(List.of(k), f.corrections(at(0), at(60)));
            // compared again, finding only the seal now: the accepted CT finding stays, the seal one is renewed
            FieldFinding seal2 = new FieldFinding("000000000001", at(20), "seal_broken", "seal broken again", 0, "none",
                    "north", at(50), null, null);
            f.recordComparisons(List.of(new FieldCheckStore.Compared("000000000001", at(20), true, List.of(seal2))), at(50));
            List<FieldFinding> now = f.findings(at(0), at(60));
            assertEquals(2, now.size());
            assertEquals("ct_ratio_differs", now.get(0).category());
            assertTrue(now.get(0).isAccepted());
            assertEquals("auditor", now.get(0).acceptedBy());
            assertEquals(seal2, now.get(1));
        }

        @Test
        void comparingAgainKeepsWhatDidNotChangeAndRecordsWhatDid() {
            FieldCheckStore f = store.fieldChecks();
            f.save(List.of(result("000000000001", at(10), 1.0, "x"), result("000000000002", at(15), 2.0, "x")));
            FieldFinding seal = new FieldFinding("000000000001", at(10), "seal_broken", "seal broken", 0, "none", "north",
                    at(30), null, null);
            f.recordComparisons(List.of(new FieldCheckStore.Compared("000000000001", at(10), true, List.of(seal)),
                    new FieldCheckStore.Compared("000000000002", at(15), true, List.of())), at(30));
            assertEquals(java.util.Map.of("000000000001", at(10), "000000000002", at(15)), f.lastCounted(at(100)));

            // the same finding found again later keeps when it was first found; a new one is added
            FieldFinding sealAgain = new FieldFinding("000000000001", at(10), "seal_broken", "seal broken", 0, "none",
                    "north", at(50), null, null);
            FieldFinding vt = new FieldFinding("000000000002", at(15), "vt_ratio_differs", "factor 2", 90, "0-100", "south",
                    at(50), null, null);
            f.recordComparisons(List.of(new FieldCheckStore.Compared("000000000001", at(10), true, List.of(sealAgain)),
                    new FieldCheckStore.Compared("000000000002", at(15), true, List.of(vt))), at(50));
            assertEquals(List.of(seal, vt), f.findings(at(0), at(60)));

            // meter 2 turns out not to have been there (a re-import would say so): it no longer counts,
            // and its finding goes; a check compared twice in one call takes its last outcome
            f.recordComparisons(List.of(new FieldCheckStore.Compared("000000000002", at(15), true, List.of(vt)),
                    new FieldCheckStore.Compared("000000000002", at(15), false, List.of())), at(70));
            assertEquals(java.util.Map.of("000000000001", at(10)), f.lastCounted(at(100)));
            assertEquals(java.util.Map.of("000000000001", List.of(at(10))), f.counted(at(0), at(60)));
            assertEquals(List.of(seal), f.findings(at(0), at(60)));
        }
    }

    /** Two checks as schema V7 kept them: one compared (counts), one imported and not compared yet. */
    static void compareChecksAsVersion7Did(java.sql.Connection c) throws java.sql.SQLException {
        String columns = "INSERT INTO field_check (meter, check_time_ms, meter_present, meter_serial, ct_serial, vt_serial,"
                + " seal, crew, notes, origin, imported_at_ms, compared_at_ms, counts) VALUES ";
        try (var s = c.createStatement()) {
            s.execute(columns + "('000000000001', " + at(10).toEpochMilli() + ", 1, 'S1', '', '', 'intact', '', '', 'a.csv line 2', 0, "
                    + at(30).toEpochMilli() + ", 1)");
            s.execute(columns + "('000000000002', " + at(15).toEpochMilli() + ", 1, 'S2', '', '', 'intact', '', '', 'a.csv line 3', 0, NULL, 0)");
        }
    }

    static void assertVersion7ChecksKept(ReadingStore migrated) {
        FieldCheckStore f = migrated.fieldChecks();
        assertEquals(List.of("000000000001", "000000000002"), f.results(at(0), at(60)).stream().map(FieldResult::meter).toList());
        assertEquals(java.util.Map.of("000000000001", at(10)), f.lastCounted(at(60)));
        // the one not compared yet is recorded as any other
        f.recordComparisons(List.of(new FieldCheckStore.Compared("000000000002", at(15), true, List.of())), at(40));
        assertEquals(java.util.Map.of("000000000001", List.of(at(10)), "000000000002", List.of(at(15))), f.counted(at(0), at(60)));
    }

    @Nested
    @DisplayName("meter archive")
    class Archive {
        final Instant jan = Instant.parse("2026-01-01T00:00:00Z");
        final Instant feb = Instant.parse("2026-02-01T00:00:00Z");
        final Instant mar = Instant.parse("2026-03-01T00:00:00Z");

        ArchivedMeter meter(String address, double ct) {
            return new ArchivedMeter(address, ArchivedMeter.IN_SERVICE, "dlt645-2007", "gw-01", ct, 1, "industrial", "10kV",
                    "north", "remote", 31.2, 121.5, "A-" + address, "Factory " + address, "S" + address, "CT-1", "",
                    "SEAL-7", LocalDate.of(2025, 11, 3), 0.5);
        }

        @Test
        void aSyncedArchiveReadsBackFieldForFieldAndASecondSyncChangesNothing() {
            ArchivedMeter a = meter("000000000001", 40);
            ArchivedMeter b = new ArchivedMeter("000000000002", ArchivedMeter.IN_SERVICE, "modbus-tcp", "mb-01", 1, 1, "",
                    "", "", "manual", null, null, "", "", "", "", "", "", null, null);
            assertEquals(new MeterArchiveStore.Synced(2, 0, 0, 0), store.archive().sync(List.of(b, a), true, jan));
            assertEquals(List.of(a, b), store.archive().current());
            assertEquals(new MeterArchiveStore.Synced(0, 0, 0, 2), store.archive().sync(List.of(a, b), true, feb));
            assertEquals(1, store.archive().history(a.meter()).size());
        }

        @Test
        void aChangedRatioOpensANewVersionAndTheOldOneStillAnswersForItsTime() {
            ArchivedMeter wrong = meter("000000000001", 40);
            ArchivedMeter right = meter("000000000001", 80);
            store.archive().sync(List.of(wrong), true, jan);
            assertEquals(new MeterArchiveStore.Synced(0, 1, 0, 0), store.archive().sync(List.of(right), true, feb));
            assertEquals(List.of(right), store.archive().current());
            assertEquals(Optional.of(wrong), store.archive().asOf(wrong.meter(), feb.minusMillis(1)));
            assertEquals(Optional.of(right), store.archive().asOf(wrong.meter(), feb));
            assertEquals(Optional.empty(), store.archive().asOf(wrong.meter(), jan.minusMillis(1)));
            assertEquals(List.of(new MeterArchiveStore.Version(wrong, jan, feb), new MeterArchiveStore.Version(right, feb, null)),
                    store.archive().history(wrong.meter()));
        }

        @Test
        void aMeterMissingFromAWholeArchiveIsRetiredAndFromAPartOneIsKept() {
            ArchivedMeter a = meter("000000000001", 40);
            ArchivedMeter b = meter("000000000002", 40);
            store.archive().sync(List.of(a, b), true, jan);
            assertEquals(new MeterArchiveStore.Synced(0, 0, 0, 1), store.archive().sync(List.of(a), false, feb));
            assertEquals(List.of(a, b), store.archive().current());
            assertEquals(new MeterArchiveStore.Synced(0, 0, 1, 1), store.archive().sync(List.of(a), true, mar));
            assertEquals(List.of(a, b.withStatus(ArchivedMeter.REMOVED)), store.archive().current());
            assertEquals(new MeterArchiveStore.Synced(0, 0, 0, 1), store.archive().sync(List.of(a), true, mar.plusSeconds(60)));
            // back in the archive: back in service, in a version of its own
            assertEquals(new MeterArchiveStore.Synced(0, 1, 0, 1), store.archive().sync(List.of(a, b), true, mar.plusSeconds(120)));
            assertEquals(3, store.archive().history(b.meter()).size());
        }

        @Test
        void aClockSetBackNeverMakesVersionsOverlap() {
            store.archive().sync(List.of(meter("000000000001", 40)), true, feb);
            store.archive().sync(List.of(meter("000000000001", 80)), true, jan);
            List<MeterArchiveStore.Version> h = store.archive().history("000000000001");
            assertEquals(List.of(feb, feb.plusMillis(1)), h.stream().map(MeterArchiveStore.Version::validFrom).toList());
            assertEquals(feb.plusMillis(1), h.get(0).validTo());
        }

        @Test
        void aMeterTwiceInOneArchiveIsRefusedAndNothingIsStored() {
            ArchivedMeter a = meter("000000000001", 40);
            assertThrows(RuntimeException.class, () -> store.archive().sync(List.of(a, meter("000000000001", 80)), true, jan));
            assertTrue(store.archive().current().isEmpty());
        }
    }

    @Nested
    @DisplayName("events")
    class Events {
        final Instant seen = Instant.parse("2026-02-03T08:00:00Z");

        MeterEvent event(String meter, String kind, String started, String ended) {
            return new MeterEvent(meter, kind, Instant.parse(started),
                    Optional.ofNullable(ended).map(Instant::parse), "", seen);
        }

        @Test
        void aRecordReadAgainIsStoredOnceAndGetsItsEndLater() {
            MeterEvent ongoing = event("000000000001", "cover.open", "2026-02-01T10:00:00Z", null);
            assertEquals(1, store.writeEvents(List.of(ongoing)));
            assertEquals(0, store.writeEvents(List.of(ongoing)));
            MeterEvent over = event("000000000001", "cover.open", "2026-02-01T10:00:00Z", "2026-02-01T10:05:00Z");
            assertEquals(0, store.writeEvents(List.of(over)));
            assertEquals(List.of(over), store.events(Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-02-02T00:00:00Z")));
        }

        @Test
        void aKnownEndIsNotTakenBackByAnOlderCopy() {
            MeterEvent over = event("000000000001", "power.down", "2026-02-01T10:00:00Z", "2026-02-01T11:00:00Z");
            store.writeEvents(List.of(over));
            store.writeEvents(List.of(event("000000000001", "power.down", "2026-02-01T10:00:00Z", null)));
            assertEquals(List.of(over), store.events(Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-02-02T00:00:00Z")));
        }

        @Test
        void aConcentratorsClockEventsAreKeptByItsNameWithMillisecondsAndTheirEnd() {
            // what the concentrator front end writes (issue 5): the terminal's archive name as subject,
            // clock reads at the midpoint of their round trip (milliseconds), a set as an instant
            MeterEvent drift = new MeterEvent("1000-00001", "clock.drift", Instant.parse("2026-02-01T10:00:00.123Z"),
                    Optional.empty(), "terminal clock 42 s ahead (limit 5 s)", seen);
            MeterEvent set = new MeterEvent("1000-00001", "clock.set", Instant.parse("2026-02-01T10:00:00.456Z"),
                    Optional.of(Instant.parse("2026-02-01T10:00:00.456Z")), "set by 05 F31; it was 42 s ahead; confirmed", seen);
            MeterEvent meter = new MeterEvent("000000000001", "clock.drift", Instant.parse("2026-02-01T10:00:00.123Z"),
                    Optional.empty(), "meter clock 45 s ahead (limit 10 s)", seen);
            assertEquals(3, store.writeEvents(List.of(drift, set, meter)));
            MeterEvent over = new MeterEvent(drift.meter(), drift.kind(), drift.started(),
                    Optional.of(Instant.parse("2026-02-01T10:15:00.789Z")), drift.detail(), Instant.parse("2026-02-01T10:15:00.789Z"));
            assertEquals(0, store.writeEvents(List.of(over)));
            MeterEvent ended = new MeterEvent(drift.meter(), drift.kind(), drift.started(), over.ended(), drift.detail(), seen);
            assertEquals(List.of(meter, ended, set), store.events(Instant.parse("2026-02-01T10:00:00Z"),
                    Instant.parse("2026-02-01T11:00:00Z")));
        }

        @Test
        void comeByStartThenMeterWithinAHalfOpenRange() {
            MeterEvent a = event("000000000002", "power.down", "2026-02-01T10:00:00Z", null);
            MeterEvent b = event("000000000001", "power.down", "2026-02-01T10:00:00Z", null);
            MeterEvent c = event("000000000001", "voltage.loss.a", "2026-02-01T09:00:00Z", "2026-02-01T09:30:00Z");
            MeterEvent late = event("000000000001", "power.down", "2026-02-02T00:00:00Z", null);
            assertEquals(4, store.writeEvents(List.of(a, b, c, late)));
            assertEquals(List.of(c, b, a), store.events(Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-02-02T00:00:00Z")));
        }
    }

    @Nested
    @DisplayName("poll tallies")
    class PollTallies {
        final LocalDate day = LocalDate.parse("2026-02-01");

        PollDay tally(String meter, LocalDate d, int due, int answered, String at) {
            return new PollDay(d, meter, due, answered, due - answered, 0, Instant.parse(at));
        }

        @Test
        void aNewerTallyReplacesTheOlderAndAnOlderOneChangesNothing() {
            store.writePollDays(List.of(tally("000000000001", day, 10, 9, "2026-02-01T10:00:00Z")));
            PollDay newer = tally("000000000001", day, 20, 18, "2026-02-01T20:00:00Z");
            store.writePollDays(List.of(newer));
            store.writePollDays(List.of(tally("000000000001", day, 10, 9, "2026-02-01T10:00:00Z")));
            assertEquals(List.of(newer), store.pollDays(day, day.plusDays(1)));
        }

        @Test
        void comeByDayThenMeterWithinAHalfOpenRange() {
            PollDay a = tally("000000000002", day, 96, 96, "2026-02-02T00:00:00Z");
            PollDay b = tally("000000000001", day, 96, 90, "2026-02-02T00:00:00Z");
            PollDay c = tally("000000000001", day.plusDays(1), 96, 0, "2026-02-03T00:00:00Z");
            PollDay out = tally("000000000001", day.plusDays(2), 96, 96, "2026-02-04T00:00:00Z");
            store.writePollDays(List.of(a, b, c, out));
            assertEquals(List.of(b, a, c), store.pollDays(day, day.plusDays(2)));
            assertFalse(c.read());
        }
    }

    @Nested
    @DisplayName("lifecycle")
    class Lifecycle {
        @Test
        void describeNamesTheStore() {
            assertFalse(store.describe().isBlank());
        }

        @Test
        void aClosedStoreRefusesWritesWithAStoreException() {
            store.close();
            StoreException e = assertThrows(StoreException.class,
                    () -> store.write(List.of(energy("000000000001", at(15), 2.0))));
            assertTrue(e.getMessage().contains("batch of 1"), e.getMessage());
        }

        @Test
        void aClosedStoreRefusesReadsEvenOfWhatItKeptInMemory() {
            store.write(List.of(energy("000000000001", at(0), 1.0)));
            assertEquals(1, store.lastPerMeter(ENERGY).size());
            store.close();
            assertThrows(StoreException.class, () -> store.lastPerMeter(ENERGY));
        }
    }
}
