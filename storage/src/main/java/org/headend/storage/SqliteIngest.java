package org.headend.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a batch of readings gets into SQLite: series ids found or made, the rows inserted in one JDBC
 * batch that skips keys already stored, committed on the one writer connection; then the new ids
 * and the newest readings are kept for the next batch and for {@code lastPerMeter}. The caller
 * holds the write lock and rolls back when this fails ({@link SqliteStore#write}).
 */
final class SqliteIngest {
    private final Connection writer;
    private final LastReadings lastReadings;
    private final SeriesIds seriesIds = new SeriesIds();

    SqliteIngest(Connection writer, LastReadings lastReadings) {
        this.writer = writer;
        this.lastReadings = lastReadings;
    }

    /** Stores {@code rows} (normalised, {@link Batch}) in one transaction; how many were new. */
    int write(List<Reading> rows) throws SQLException {
        Map<Batch.SeriesKey, Long> fresh = SeriesIds.newMap();
        long[] ids = seriesIds.resolve(rows, this::findOrCreate, fresh);
        List<Reading> insertedRows = new ArrayList<>(rows.size());
        try (PreparedStatement ins = writer.prepareStatement(
                "INSERT INTO reading (time, series, value, unit, quality, source) VALUES (?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT DO NOTHING")) {
            for (int i = 0; i < rows.size(); i++) {
                Reading r = rows.get(i);
                ins.setLong(1, r.time().toEpochMilli());
                ins.setLong(2, ids[i]);
                ins.setDouble(3, r.value());
                ins.setString(4, r.unit());
                ins.setInt(5, r.quality().code());
                ins.setInt(6, r.source().code());
                ins.addBatch();
            }
            int[] counts = ins.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    insertedRows.add(rows.get(i));
                }
            }
        }
        writer.commit();
        seriesIds.publish(fresh);
        lastReadings.committed(insertedRows); // keeps the newest per meter itself
        return insertedRows.size();
    }

    /** Ids of series not in the cache: found, or created as max + 1 (we are the only writer). */
    private Map<Batch.SeriesKey, Long> findOrCreate(Set<Batch.SeriesKey> missing) throws SQLException {
        Map<Batch.SeriesKey, Long> found = SeriesIds.newMap();
        long next;
        try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM series")) {
            rs.next();
            next = rs.getLong(1) + 1;
        }
        try (PreparedStatement find = writer.prepareStatement("SELECT id FROM series WHERE quantity = ? AND meter = ?");
             PreparedStatement create = writer.prepareStatement("INSERT INTO series (quantity, meter, id) VALUES (?, ?, ?)")) {
            for (Batch.SeriesKey k : missing) {
                find.setString(1, k.quantity());
                find.setString(2, k.meter());
                try (ResultSet rs = find.executeQuery()) {
                    if (rs.next()) {
                        found.put(k, rs.getLong(1));
                        continue;
                    }
                }
                create.setString(1, k.quantity());
                create.setString(2, k.meter());
                create.setLong(3, next);
                create.addBatch();
                found.put(k, next++);
            }
            create.executeBatch();
        }
        return found;
    }
}
