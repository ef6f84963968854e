package org.headend.collector.concentrator;

/**
 * A request to a concentrator ended without a reply: {@link Kind#TIMEOUT} after its retries,
 * {@link Kind#CLOSED} when the session ended first. A denial (AFN 00 F2) is a reply, not this.
 */
public final class RequestFailed extends RuntimeException {

    public enum Kind { TIMEOUT, CLOSED }

    private final Kind kind;

    RequestFailed(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
