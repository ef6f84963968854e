package org.headend.protocol.wire;

/**
 * A stream extractor's dropped candidates: a count per reason, and the rule that one corrupted
 * frame is one drop. A candidate that fails its checksum or end byte casts a shadow over its
 * bytes; the search for the next frame goes on inside them (a real frame may hide there), but the
 * candidates dropped there are the same corruption and are neither counted nor reported again.
 * Kept outside the extractors' hot loops: only a drop or a shift of the buffer touches it.
 */
public final class Drops<R extends Enum<R>> {

    private final long[] counts;
    /** Buffered bytes still inside a candidate already dropped for its checksum or end byte. */
    private int shadow;

    public Drops(Class<R> reasons) {
        counts = new long[reasons.getEnumConstants().length];
    }

    /**
     * The candidate at the front of the buffer is dropped for {@code reason}; its first
     * {@code covered} bytes (a whole frame that failed CS or the end byte, else 0) cast a shadow.
     * Returns whether the drop counts and is to be reported: not when it lies in an earlier shadow.
     */
    public boolean drop(R reason, int covered) {
        boolean counted = shadow == 0;
        shadow = Math.max(shadow, covered);
        if (counted) {
            counts[reason.ordinal()]++;
        }
        return counted;
    }

    /** {@code n} bytes left the front of the buffer. */
    public void shift(int n) {
        shadow = Math.max(0, shadow - n);
    }

    /** The buffer was emptied without a decision, e.g. after the connection was reset. */
    public void clearShadow() {
        shadow = 0;
    }

    /** Candidates dropped for {@code reason} so far. */
    public long dropped(R reason) {
        return counts[reason.ordinal()];
    }
}
