package org.headend.storage;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGStatement;

/**
 * PostgreSQL's {@code around}: for each probe (meter, time) the newest reading at or before it and
 * the oldest after it within the window, in chunks of probes sent as arrays, on as many connections
 * as the client has cores. What the field comparison of a quarter spends most of its time on.
 */
final class PostgresAround {
    private final HikariDataSource pool;
    private final String where;

    PostgresAround(HikariDataSource pool, String where) {
        this.pool = pool;
        this.where = where;
    }

    /** Probes per round trip of {@link #around}: arrays of this size bind and plan in milliseconds. */
    static final int CHUNK = 20_000;
    // One round trip per chunk: the probes as arrays, two LATERAL index seeks each on the key
    // (series, time); the window bounds let the executor prune monthly partitions per probe. The
    // series is a seek per probe too (LIMIT 1 keeps the planner from turning it into a hash join,
    // which scanned and hashed all series once per chunk: 1.2 s a chunk instead of 0.35 s).
    private static final String SQL = "SELECT p.i, b.t, b.value, b.unit, b.quality, b.source,"
            + " a.t, a.value, a.unit, a.quality, a.source"
            + " FROM unnest(?::text[], ?::bigint[]) WITH ORDINALITY AS p(meter, t_ms, i)"
            + " CROSS JOIN LATERAL (SELECT s.id FROM series s WHERE s.quantity = ? AND s.meter = p.meter LIMIT 1) s"
            + " CROSS JOIN LATERAL (SELECT timestamptz 'epoch' + p.t_ms * interval '1 millisecond' AS at) x"
            + " LEFT JOIN LATERAL (SELECT " + PostgresStore.EPOCH_MS.formatted("r.time") + " AS t, r.value, r.unit, r.quality, r.source"
            + "   FROM reading r WHERE r.series = s.id AND r.time <= x.at AND r.time >= x.at - ?::interval"
            + "   ORDER BY r.time DESC LIMIT 1) b ON true"
            + " LEFT JOIN LATERAL (SELECT " + PostgresStore.EPOCH_MS.formatted("r.time") + " AS t, r.value, r.unit, r.quality, r.source"
            + "   FROM reading r WHERE r.series = s.id AND r.time > x.at AND r.time <= x.at + ?::interval"
            + "   ORDER BY r.time LIMIT 1) a ON true";

    List<ReadingsAround> around(String quantity, List<MeterTime> probes, Duration window) {
        String interval = window.toMillis() + " milliseconds";
        int chunks = (probes.size() + CHUNK - 1) / CHUNK;
        @SuppressWarnings("unchecked")
        List<ReadingsAround>[] answers = new List[chunks];
        // The seeks run in the server, one backend per connection: chunks on as many connections as
        // the client has cores keep that many server cores busy (a quarter's checks are ~45 chunks at
        // 1,000,000 meters). Each worker takes the next chunk until none is left; answers keep their order.
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> failed = new AtomicReference<>();
        Runnable worker = () -> {
            try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement(SQL)) {
                p.unwrap(PGStatement.class).setPrepareThreshold(-1);
                for (int k = next.getAndIncrement(); k < chunks && failed.get() == null; k = next.getAndIncrement()) {
                    answers[k] = aroundChunk(c, p, quantity,
                            probes.subList(k * CHUNK, Math.min(probes.size(), (k + 1) * CHUNK)), interval);
                }
            } catch (SQLException | RuntimeException e) {
                failed.compareAndSet(null, e);
            }
        };
        int workers = Math.min(chunks, Runtime.getRuntime().availableProcessors());
        List<Thread> threads = new ArrayList<>();
        for (int w = 1; w < workers; w++) {
            Thread t = new Thread(worker, "headend-around-" + w);
            t.start();
            threads.add(t);
        }
        worker.run();
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.compareAndSet(null, e);
            }
        }
        if (failed.get() != null) {
            throw new StoreException(where + " failed around(" + quantity + ", " + probes.size() + " probes): "
                    + PostgresStore.rootMessage(failed.get()), failed.get());
        }
        List<ReadingsAround> out = new ArrayList<>(probes.size());
        for (List<ReadingsAround> a : answers) {
            out.addAll(a);
        }
        return out;
    }

    private static List<ReadingsAround> aroundChunk(Connection c, PreparedStatement p, String quantity, List<MeterTime> chunk,
                                                    String interval) throws SQLException {
        String[] meters = new String[chunk.size()];
        Long[] times = new Long[chunk.size()];
        Reading[][] found = new Reading[chunk.size()][2];
        for (int i = 0; i < meters.length; i++) {
            meters[i] = chunk.get(i).meter();
            times[i] = chunk.get(i).time().toEpochMilli();
        }
        p.setArray(1, c.createArrayOf("text", meters));
        p.setArray(2, c.createArrayOf("bigint", times));
        p.setString(3, quantity);
        p.setString(4, interval);
        p.setString(5, interval);
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                int i = (int) rs.getLong(1) - 1;
                found[i][0] = aroundReading(rs, 2, meters[i], quantity);
                found[i][1] = aroundReading(rs, 7, meters[i], quantity);
            }
        }
        List<ReadingsAround> out = new ArrayList<>(meters.length);
        for (int i = 0; i < meters.length; i++) {
            out.add(new ReadingsAround(chunk.get(i), found[i][0], found[i][1]));
        }
        return out;
    }

    private static Reading aroundReading(ResultSet rs, int col, String meter, String quantity) throws SQLException {
        long t = rs.getLong(col);
        if (rs.wasNull()) {
            return null;
        }
        return new Reading(meter, Instant.ofEpochMilli(t), quantity, rs.getDouble(col + 1), rs.getString(col + 2),
                Quality.ofCode(rs.getInt(col + 3)), Source.ofCode(rs.getInt(col + 4)));
    }
}
