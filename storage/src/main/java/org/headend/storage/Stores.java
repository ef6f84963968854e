package org.headend.storage;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The one way to open a {@link ReadingStore}. Accepted specs:
 * <ul>
 *   <li>{@code embedded:PATH} - SQLite file at PATH (parent directories are created), the quick start;</li>
 *   <li>{@code jdbc:postgresql://HOST:PORT/DB[?user=U&password=P]} - PostgreSQL; user and password from the
 *   URL's query, else from env {@code HEADEND_DB_USER} / {@code HEADEND_DB_PASSWORD}. TimescaleDB is used
 *   when the server offers it, native monthly partitions otherwise; {@link ReadingStore#describe()} says which.</li>
 * </ul>
 * The schema is created or migrated at open. The caller closes the store.
 */
public final class Stores {
    static final String EMBEDDED = "embedded:";
    static final String POSTGRESQL = "jdbc:postgresql:";
    static final String ACCEPTED = "accepted: 'embedded:PATH' (SQLite file) or "
            + "'jdbc:postgresql://HOST:PORT/DB[?user=U&password=P]' (PostgreSQL)";

    private Stores() {
    }

    /**
     * Opens the store named by {@code spec} for a tool, not for the collector that owns it: the
     * database's TimescaleDB policies and daily aggregate stay as they are, other settings are
     * {@link StoreOptions#defaults()}.
     */
    public static ReadingStore open(String spec) {
        return open(spec, StoreOptions.defaults(), true);
    }

    /** Opens the store named by {@code spec}; fails with {@link StoreException} naming the spec and the cause. */
    public static ReadingStore open(String spec, StoreOptions options) {
        return open(spec, options, false);
    }

    private static ReadingStore open(String spec, StoreOptions options, boolean keepPolicies) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("store spec is empty; " + ACCEPTED);
        }
        String s = spec.strip();
        if (s.startsWith(EMBEDDED)) {
            String path = s.substring(EMBEDDED.length());
            if (path.isBlank()) {
                throw new IllegalArgumentException("store spec '" + spec + "' has no path; " + ACCEPTED);
            }
            return SqliteStore.open(Path.of(path), options);
        }
        if (s.startsWith(POSTGRESQL)) {
            return PostgresStore.open(s, System.getenv("HEADEND_DB_USER"), System.getenv("HEADEND_DB_PASSWORD"),
                    options, keepPolicies, Clock.systemUTC());
        }
        throw new IllegalArgumentException("unknown store spec '" + spec + "'; " + ACCEPTED);
    }

    /**
     * As {@link #open(String, StoreOptions)}, but a PostgreSQL store that cannot be reached now is
     * opened later, at the first call that needs it: until then its calls throw {@link StoreException}
     * (a {@link ReadingWriter} in front retries and, with a spool, keeps the readings on disk). For a
     * collector that must start and spool during a database outage. A malformed spec still fails
     * here; an embedded store is opened at once (its file is local).
     */
    public static ReadingStore openDeferred(String spec, StoreOptions options) {
        if (spec == null || spec.isBlank() || !spec.strip().startsWith(POSTGRESQL)) {
            return open(spec, options);
        }
        String s = spec.strip();
        DeferredStore deferred = new DeferredStore("PostgreSQL store at " + PostgresPool.safe(s),
                () -> open(s, options));
        deferred.tryOpen(); // reachable now: opened (and migrated) at once, as open() would
        return deferred;
    }
}
