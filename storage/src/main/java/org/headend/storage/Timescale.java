package org.headend.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * TimescaleDB policies on the {@code reading} hypertable: compression after
 * {@link StoreOptions#compressAfter()}, retention after {@link StoreOptions#retention()} (none if
 * zero). Applied at every open, so changing the options changes the policy.
 *
 * <p>Tested against the TimescaleDB extension built into PGlite (tools/timescaledb-wasm): no
 * TimescaleDB package or Docker exists on this project's machines (dependencies.md 3.2). The code
 * path runs only when {@code pg_available_extensions} offers the extension.
 */
final class Timescale {
    private Timescale() {
    }

    /** Applies the policies and says what they are, for {@link ReadingStore#describe()}. */
    static String applyPolicies(Connection c, StoreOptions options) throws SQLException {
        try (Statement s = c.createStatement()) {
            // replaced, not kept: add_compression_policy's if_not_exists keeps an older compress_after
            s.execute("SELECT remove_compression_policy('reading', if_exists => true)");
            s.execute("SELECT add_compression_policy('reading', compress_after => " + interval(options.compressAfter()) + ")");
            s.execute("SELECT remove_retention_policy('reading', if_exists => true)");
            if (!options.retention().isZero()) {
                s.execute("SELECT add_retention_policy('reading', drop_after => " + interval(options.retention()) + ")");
            }
        }
        return "compression after " + options.compressAfter().toDays() + " d, retention "
                + (options.retention().isZero() ? "none" : options.retention().toDays() + " d");
    }

    /** Durations are typed values, formatted (not user text): safe in SQL. Whole days read as days in the job list. */
    private static String interval(Duration d) {
        long s = d.toSeconds();
        return s % 86_400 == 0 ? "INTERVAL '" + s / 86_400 + " days'" : "INTERVAL '" + s + " seconds'";
    }
}
