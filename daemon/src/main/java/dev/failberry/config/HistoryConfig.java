package dev.failberry.config;

import java.time.Duration;

/**
 * The {@code history} section: the event journal behind {@code failberry events}, the availability figures
 * and the dashboard. Meanings and defaults are in {@code reference.conf}; validation in {@code HistoryReader}.
 *
 * @param enabled        false: no journal, no figures, no dashboard
 * @param maxBytes       all journal segments together stay below this
 * @param segmentBytes   a segment is closed when it reaches this size
 * @param flushDelay     records are written together this long after the first of them
 * @param markInterval   a mark is written when nothing else was for this long
 * @param sampleInterval how often the dashboard's 24-hour series samples the status
 */
public record HistoryConfig(
        boolean enabled,
        long maxBytes,
        long segmentBytes,
        Duration flushDelay,
        Duration markInterval,
        Duration sampleInterval) {}
