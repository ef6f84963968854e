package org.headend.protocol.wire;

/**
 * What each protocol's one exception shares: the message starts with the reason's tag, and no stack
 * trace is taken, because bad bytes are normal traffic on a line, not a fault of the program. Each
 * protocol keeps its own subclass with its own {@code Reason}; nothing throws this type itself.
 */
public abstract class WireException extends RuntimeException {

    private final String tag;

    protected WireException(String tag, String message) {
        super(tag + ": " + message, null, false, false);
        this.tag = tag;
    }

    /** The reason's tag: a stable lowercase name for metrics and JSON. */
    public String tag() {
        return tag;
    }
}
