package org.headend.collector.concentrator;

import java.time.Duration;
import java.time.Instant;

/**
 * One terminal clock set by AFN 05 F31: which terminal, when (head-end wall clock), how far its
 * clock was off before (positive = ahead), and whether the terminal confirmed it.
 */
public record ClockSet(String terminal, Instant at, Duration drift, boolean confirmed) {
}
