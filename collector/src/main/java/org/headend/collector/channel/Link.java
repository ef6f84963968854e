package org.headend.collector.channel;

/**
 * A byte pipe to one bus: a TCP connection to an RS-485-to-Ethernet gateway ({@link TcpLink}) or a
 * serial port with an RS-485 adapter ({@link SerialLink}). The bus above it owns framing, the one
 * outstanding request, timeouts and fairness; a link only opens, moves bytes and reports that it
 * closed (OpenMUC's small per-connection interface).
 *
 * <p>A link belongs to one bus and one event loop: {@link #open}, {@link #write} and {@link #close}
 * are called on that loop and every {@link Events} call arrives on it, so the bus needs no locks.
 */
public interface Link {

    /** What a link reports, always on its bus's event loop. */
    interface Events {
        void opened();

        /**
         * Bytes arrived (echo of our own request already removed where the link suppresses it).
         * The array is only valid during the call.
         */
        void received(byte[] bytes, int offset, int length);

        /** The link closed, or could not open; the bus opens it again after its backoff. */
        void closed(String reason);
    }

    /** Starts opening; {@link Events#opened()} or {@link Events#closed} follows. */
    void open(Events events);

    /** Writes a whole request; the link may keep the array. Ignored when not open. */
    void write(byte[] bytes);

    /** Closes for good or until the next {@link #open}; {@link Events#closed} follows if it was open. */
    void close();

    /** Where the bytes go, for logs: {@code 10.0.0.5:4001} or {@code /dev/ttyUSB0 2400 8E1}. */
    String describe();

    /** True for a link to a gateway (counted by the gateways-connected gauge), false for a local serial line. */
    boolean gateway();
}
