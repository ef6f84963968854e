package org.headend.collector.concentrator;

/**
 * What one read round through the concentrators gave.
 *
 * @param sessions   concentrators online and asked
 * @param offline    concentrators of the archive not online
 * @param readings   readings handed to the writer (current, forwarded and daily)
 * @param backfilled of those, daily readings of days not read on time
 * @param failures   requests that ended without a usable reply (timeout, closed, denied)
 */
public record RoundResult(int sessions, int offline, long readings, long backfilled, long failures) {
}
