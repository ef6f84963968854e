package org.headend.simulator;

/** What a faulty meter does instead of a clean reply; switched per meter at run time. */
public enum MeterFault {
    /** Never answers: the bus stays quiet and the master must time out. */
    SILENT,
    /** Answers with a checksum that does not match the frame (one byte off). */
    BAD_CHECKSUM,
    /** Answers after {@link SimulatorConfig#lateDelay()} instead of the response delay: beyond a master's timeout. */
    LATE
}
