package org.headend.simulator;

/** What a faulty RS-485-to-Ethernet gateway does to the bytes it relays; switched per gateway at run time. */
public enum GatewayFault {
    /** Writes the first half of a reply, then closes the TCP connection. */
    DROP_MID_FRAME,
    /**
     * Cuts replies into small TCP segments of 1..5 bytes written about 1 ms apart, and holds a reply back
     * to write it together with the next one when the same connection already has another request queued.
     */
    SPLIT_AND_MERGE,
    /** Writes 1..8 random bytes (never 68, so no false frame start) before a reply. */
    GARBAGE
}
