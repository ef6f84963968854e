package org.headend.collector.archive;

/**
 * The archive as a whole cannot be read: a required column is missing from the header, a column is
 * named twice, or the CSV itself is malformed (an unclosed quote). Single bad rows are not this:
 * they become {@link RowProblem}s.
 */
public final class ArchiveException extends RuntimeException {

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
