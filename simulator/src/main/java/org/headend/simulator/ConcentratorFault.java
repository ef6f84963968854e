package org.headend.simulator;

/** What a faulty simulated concentrator does; switched per concentrator at run time. */
public enum ConcentratorFault {
    /** Drops its connection shortly after each login, then dials in again with its backoff. */
    FLAPPING,
    /** Dials in and logs in again on every heartbeat tick, leaving the old connection open (re-login storm). */
    RELOGIN_STORM,
    /** Answers requests after {@link ConcentratorFleetConfig#slowDelay()}. */
    SLOW,
    /** Answers no request (heartbeats go on). */
    SILENT,
    /** Answers with RSEQ one more than the request's PSEQ. */
    WRONG_PSEQ,
    /** Writes each frame in segments of 1..5 bytes. */
    SPLIT_FRAMES,
    /** Its clock gains one second on every heartbeat tick. */
    CLOCK_DRIFT,
    /** The clock of its first meter gains one second on every heartbeat tick (read through 10 F1). */
    METER_CLOCK_DRIFT,
    /** Every {@link #POWER_CUT_TICKS}th heartbeat tick it records a power cut of one minute (ERC 14, flagged by ACD). */
    POWER_CUTS;

    public static final int POWER_CUT_TICKS = 5;
}
