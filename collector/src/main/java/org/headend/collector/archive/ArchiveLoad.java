package org.headend.collector.archive;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What reading an archive gave: the good meters, in file order, and every problem of the rows skipped.
 * A row with several problems has several entries, all with its line. {@code placements} lists the
 * meters read through a concentrator (a subset of {@code meters}). {@code warnings} are bad values
 * in optional site columns (coordinates, dates, ...): the row is kept, polled as before, with that
 * field left empty, so an archive that carried junk in columns once ignored still loads.
 */
public record ArchiveLoad(List<Meter> meters, List<RowProblem> problems, List<Placement> placements,
                          List<RowProblem> warnings) {

    public ArchiveLoad {
        meters = List.copyOf(meters);
        problems = List.copyOf(problems);
        placements = List.copyOf(placements);
        warnings = List.copyOf(warnings);
    }

    /** An archive without site warnings. */
    public ArchiveLoad(List<Meter> meters, List<RowProblem> problems, List<Placement> placements) {
        this(meters, problems, placements, List.of());
    }

    /** An archive without concentrator meters. */
    public ArchiveLoad(List<Meter> meters, List<RowProblem> problems) {
        this(meters, problems, List.of(), List.of());
    }

    /** Number of distinct rows skipped. */
    public long skippedRows() {
        return problems.stream().mapToLong(RowProblem::line).distinct().count();
    }

    /** The meters by bus name, buses in order of first appearance, meters in file order: what each bus polls. */
    public Map<String, List<Meter>> byBus() {
        return meters.stream().collect(Collectors.groupingBy(Meter::bus, LinkedHashMap::new, Collectors.toUnmodifiableList()));
    }

    public boolean isClean() {
        return problems.isEmpty();
    }
}
