package org.headend.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One meter's use of a register quantity over one local day: the register at the day's opening
 * reading subtracted from the register at the next day's opening reading. "Opening" is the first
 * reading at or after local midnight, which is the midnight poll or the daily frozen value when
 * the meter was read; a day whose opening or whose next day's opening is missing has no figure
 * rather than a guessed one.
 *
 * @param meter     the meter's address
 * @param day       the local day in the zone that was asked for
 * @param openTime  time of the day's opening reading
 * @param open      the register then
 * @param closeTime time of the next day's opening reading
 * @param close     the register then
 */
public record DailyUse(String meter, LocalDate day, Instant openTime, double open, Instant closeTime, double close) {
    public DailyUse {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(openTime, "openTime");
        Objects.requireNonNull(closeTime, "closeTime");
    }

    /** Rows of (meter, day index from {@code first}, open ms, open, close ms, close) as the stores' queries give them. */
    static List<DailyUse> rows(PreparedStatement p, LocalDate first) throws SQLException {
        List<DailyUse> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(new DailyUse(rs.getString(1), first.plusDays(rs.getInt(2)), Instant.ofEpochMilli(rs.getLong(3)),
                        rs.getDouble(4), Instant.ofEpochMilli(rs.getLong(5)), rs.getDouble(6)));
            }
        }
        return out;
    }

    /** Register difference over the day; negative when the register went backwards (an anomaly to report, not to hide). */
    public double use() {
        return close - open;
    }
}
