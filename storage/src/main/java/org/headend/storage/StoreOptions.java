package org.headend.storage;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Settings of a store that the spec string does not carry. Defaults in {@link #defaults()}.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>fullSync</td><td>false</td><td>SQLite: {@code synchronous=FULL}, every commit survives a
 *   power cut; the default NORMAL in WAL mode survives a crash of the process, a power cut may lose the
 *   last commits (dependencies.md section 4)</td></tr>
 *   <tr><td>sqliteCacheKib</td><td>65536</td><td>SQLite page cache per connection, KiB (64 MiB: +31 % ingest, section 4.2)</td></tr>
 *   <tr><td>monthsAhead</td><td>3</td><td>PostgreSQL native partitioning: monthly partitions created ahead of the
 *   current month, so the DEFAULT partition stays empty</td></tr>
 *   <tr><td>retention</td><td>none ({@link Duration#ZERO})</td><td>PostgreSQL: readings older than this are dropped
 *   (TimescaleDB retention policy, or whole monthly partitions at open); zero keeps everything</td></tr>
 *   <tr><td>compressAfter</td><td>30 days</td><td>TimescaleDB only: chunks older than this are compressed</td></tr>
 *   <tr><td>connections</td><td>4</td><td>PostgreSQL: the most connections the store holds (HikariCP's
 *   maximumPoolSize); writes use one at a time, reads run in parallel on the others</td></tr>
 *   <tr><td>dailyZone</td><td>the JVM's zone</td><td>TimescaleDB only: the zone of the local days of the
 *   continuous aggregate that answers daily use; daily use in another zone is computed from the readings</td></tr>
 * </table>
 */
public record StoreOptions(boolean fullSync, int sqliteCacheKib, int monthsAhead, Duration retention,
                           Duration compressAfter, int connections, ZoneId dailyZone) {

    public StoreOptions {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(compressAfter, "compressAfter");
        Objects.requireNonNull(dailyZone, "dailyZone");
        if (sqliteCacheKib < 1024) {
            throw new IllegalArgumentException("sqliteCacheKib was " + sqliteCacheKib + " but must be at least 1024");
        }
        if (monthsAhead < 1 || monthsAhead > 24) {
            throw new IllegalArgumentException("monthsAhead was " + monthsAhead + " but must be 1..24");
        }
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention was " + retention + " but must not be negative");
        }
        if (compressAfter.isNegative() || compressAfter.isZero()) {
            throw new IllegalArgumentException("compressAfter was " + compressAfter + " but must be positive");
        }
        if (connections < 1 || connections > 100) {
            throw new IllegalArgumentException("connections was " + connections + " but must be 1..100");
        }
    }

    public static StoreOptions defaults() {
        return new StoreOptions(false, 65536, 3, Duration.ZERO, Duration.ofDays(30), 4, ZoneId.systemDefault());
    }

    public StoreOptions withFullSync(boolean full) {
        return new StoreOptions(full, sqliteCacheKib, monthsAhead, retention, compressAfter, connections, dailyZone);
    }

    public StoreOptions withRetention(Duration keep) {
        return new StoreOptions(fullSync, sqliteCacheKib, monthsAhead, keep, compressAfter, connections, dailyZone);
    }

    public StoreOptions withMonthsAhead(int months) {
        return new StoreOptions(fullSync, sqliteCacheKib, months, retention, compressAfter, connections, dailyZone);
    }

    public StoreOptions withCompressAfter(Duration after) {
        return new StoreOptions(fullSync, sqliteCacheKib, monthsAhead, retention, after, connections, dailyZone);
    }

    public StoreOptions withConnections(int most) {
        return new StoreOptions(fullSync, sqliteCacheKib, monthsAhead, retention, compressAfter, most, dailyZone);
    }

    public StoreOptions withDailyZone(ZoneId zone) {
        return new StoreOptions(fullSync, sqliteCacheKib, monthsAhead, retention, compressAfter, connections, zone);
    }
}
