package dev.failberry.modem;

/**
 * Counters of one {@link AtPort} since it was created.
 *
 * @param commands   commands sent (probes included)
 * @param timeouts   commands that got no final result in time
 * @param urcs       unsolicited lines routed to listeners
 * @param discarded  lines that belonged to no command (late replies, noise)
 * @param overflows  over-long lines dropped
 * @param reads      read calls made by the reader thread (a gone port must not keep this rising)
 * @param bytesRead  bytes received
 */
record AtPortStats(
        long commands, long timeouts, long urcs, long discarded, long overflows, long reads, long bytesRead) {}
