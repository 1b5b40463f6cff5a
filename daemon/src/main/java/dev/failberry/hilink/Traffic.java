package dev.failberry.hilink;

import java.time.Duration;

/**
 * {@code /api/monitoring/traffic-statistics}: the stick's own counters (bytes, bytes per second). The
 * "current" ones start again with each connection of the stick; the totals survive reboots.
 */
public record Traffic(
        Duration currentConnectTime,
        long currentUpload,
        long currentDownload,
        long currentUploadRate,
        long currentDownloadRate,
        long totalUpload,
        long totalDownload,
        Duration totalConnectTime) {}
