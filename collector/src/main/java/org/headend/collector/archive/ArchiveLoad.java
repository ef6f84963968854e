package org.headend.collector.archive;

import java.util.List;

/**
 * What reading an archive gave: the good meters, in file order, and every problem of the rows skipped.
 * A row with several problems has several entries, all with its line.
 */
public record ArchiveLoad(List<Meter> meters, List<RowProblem> problems) {

    public ArchiveLoad {
        meters = List.copyOf(meters);
        problems = List.copyOf(problems);
    }

    /** Number of distinct rows skipped. */
    public long skippedRows() {
        return problems.stream().mapToLong(RowProblem::line).distinct().count();
    }

    public boolean isClean() {
        return problems.isEmpty();
    }
}
