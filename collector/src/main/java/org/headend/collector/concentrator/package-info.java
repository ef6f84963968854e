/**
 * The Q/GDW 1376.1 front end (前置机) of the head-end, issue 5. {@link org.headend.collector.concentrator.ConcentratorFront}
 * is the entry: a Netty server concentrators dial in to, with their session rules (login first,
 * one session per terminal, idle close, allow-list from the archive, logins rate-limited per
 * source address), {@link org.headend.collector.concentrator.ConcentratorSession}s multiplexing
 * requests by PSEQ, and read rounds through every online terminal: current energy (0C F129 or
 * DL/T 645 through 10 F1), daily frozen energy with backfill of missed days
 * ({@link org.headend.collector.concentrator.DayLedger}), terminal clocks (0C F2, 05 F31).
 * Internals are package-private; protocols.md §3 is the wire reference.
 */
package org.headend.collector.concentrator;
