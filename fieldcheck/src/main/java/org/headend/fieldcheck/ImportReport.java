package org.headend.fieldcheck;

import java.util.List;

/**
 * What importing one field-result sheet did.
 *
 * @param source    the file
 * @param rows      data rows read (empty lines not counted)
 * @param added     rows stored now
 * @param unchanged rows stored already with the same values (a re-import), or repeated in the file
 * @param problems  every row not kept, with its line and reason; the other rows were kept
 */
public record ImportReport(String source, long rows, long added, long unchanged, List<ImportProblem> problems) {
    public ImportReport {
        problems = List.copyOf(problems);
    }
}
