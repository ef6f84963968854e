package org.headend.storage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A real store behind a test's wrapper: every call goes to {@link #real}; subclasses change what they
 * watch. The methods with a default in {@link ReadingStore} ({@code around}, {@code newestAtOrBefore})
 * are not forwarded on purpose: a wrapper answers them with the defaults, which the contract suite
 * compares with each store's own.
 */
abstract class ForwardingStore implements ReadingStore {
    final ReadingStore real;

    ForwardingStore(ReadingStore real) {
        this.real = real;
    }

    @Override
    public int write(List<Reading> batch) {
        return real.write(batch);
    }

    @Override
    public List<Reading> lastPerMeter(String quantity) {
        return real.lastPerMeter(quantity);
    }

    @Override
    public Optional<Reading> last(String meter, String quantity) {
        return real.last(meter, quantity);
    }

    @Override
    public List<Reading> between(String meter, String quantity, Instant from, Instant to) {
        return real.between(meter, quantity, from, to);
    }

    @Override
    public FieldCheckStore fieldChecks() {
        return real.fieldChecks();
    }

    @Override
    public MeterArchiveStore archive() {
        return real.archive();
    }

    @Override
    public List<DailyUse> dailyUse(String quantity, LocalDate from, LocalDate to, ZoneId zone) {
        return real.dailyUse(quantity, from, to, zone);
    }

    @Override
    public List<DailyUse> dailyUse(String meter, String quantity, LocalDate from, LocalDate to, ZoneId zone) {
        return real.dailyUse(meter, quantity, from, to, zone);
    }

    @Override
    public int writeEvents(List<MeterEvent> events) {
        return real.writeEvents(events);
    }

    @Override
    public List<MeterEvent> events(Instant from, Instant to) {
        return real.events(from, to);
    }

    @Override
    public void writePollDays(List<PollDay> tallies) {
        real.writePollDays(tallies);
    }

    @Override
    public List<PollDay> pollDays(LocalDate from, LocalDate to) {
        return real.pollDays(from, to);
    }

    @Override
    public long count() {
        return real.count();
    }

    @Override
    public String describe() {
        return real.describe();
    }

    @Override
    public boolean commitsSurvivePowerCut() {
        return real.commitsSurvivePowerCut();
    }

    @Override
    public void close() {
        real.close();
    }
}
