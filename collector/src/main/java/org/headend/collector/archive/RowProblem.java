package org.headend.collector.archive;

import java.util.Objects;

/**
 * Why one archive row was skipped.
 *
 * @param line   the line of the file where the row starts, 1-based, the header being line 1
 * @param kind   what was wrong, for counting
 * @param detail the field, the value and what was expected
 */
public record RowProblem(long line, Kind kind, String detail) {

    /** What can be wrong with a row. */
    public enum Kind {
        /** A required field is absent or blank. */
        MISSING_FIELD,
        /** The address is not 1..12 decimal digits. */
        BAD_ADDRESS,
        /** A ratio is not a positive decimal number. */
        BAD_NUMBER,
        /** The address already appeared on an earlier row; the earlier row is kept. */
        DUPLICATE_ADDRESS,
        /** The protocol is unknown, or reserved for a later release. */
        UNKNOWN_PROTOCOL,
        /** A Modbus meter's unit is not 1..255, or its register map is unknown or does not read. */
        BAD_MODBUS,
        /** The concentrator or point is malformed, only one of them is given, or the point is taken. */
        BAD_PLACEMENT,
        /** An optional site column (coordinates, date, reading method, accuracy class) is not understood: a warning, the row is kept. */
        BAD_SITE_FIELD
    }

    public RowProblem {
        if (line < 1) {
            throw new IllegalArgumentException("line was " + line + " but must be >= 1");
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return "line " + line + ": " + detail;
    }
}
