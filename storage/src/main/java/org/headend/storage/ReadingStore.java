package org.headend.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where readings are kept. Implementations: the embedded default (SQLite) and PostgreSQL
 * (TimescaleDB when present). Thread-safe.
 */
public interface ReadingStore extends AutoCloseable {

    /**
     * Stores the batch in one transaction and returns when it is durable. A reading whose key
     * (time, meter, quantity) is already stored is left as it is, so a retried batch is harmless.
     *
     * @return how many readings were new
     */
    int write(List<Reading> batch);

    /** The newest reading of each meter for {@code quantity}, one per meter. */
    List<Reading> lastPerMeter(String quantity);

    /** The newest reading of one meter and quantity. */
    Optional<Reading> last(String meter, String quantity);

    /** Readings of one meter and quantity with {@code from <= time < to}, oldest first. */
    List<Reading> between(String meter, String quantity, Instant from, Instant to);

    /** All readings stored. */
    long count();

    /** What this store is, for the start-up line, e.g. "SQLite 3.54.1 at data/headend.db". */
    String describe();

    @Override
    void close();
}
