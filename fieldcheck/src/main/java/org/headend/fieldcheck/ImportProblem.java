package org.headend.fieldcheck;

import java.util.Objects;

/**
 * Why one row of a field-result sheet was not kept.
 *
 * @param line   line of the file where the row starts, the header being line 1
 * @param reason the column, the value and what was expected
 */
public record ImportProblem(long line, String reason) {
    public ImportProblem {
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return "line " + line + ": " + reason;
    }
}
