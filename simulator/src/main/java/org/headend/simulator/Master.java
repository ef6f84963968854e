package org.headend.simulator;

/**
 * The master's end of a simulated bus, as the bus sees it: a TCP connection to a gateway
 * ({@link GatewayConnection}) or a serial device ({@link SerialMaster}). Called on the bus's loop.
 */
interface Master {

    boolean isOpen();

    /** Writes and flushes. */
    void write(byte[] bytes);

    /** Hangs up (a gateway that drops the connection mid-frame); a serial line ignores it. */
    void hangUp();
}
