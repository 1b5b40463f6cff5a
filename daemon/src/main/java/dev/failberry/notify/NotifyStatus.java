package dev.failberry.notify;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What status and metrics show about notifications: totals (the interface's {@code "notify": {"sent",
 * "failed", "last_error"}}) and one entry per channel. Never a secret, a URL path or a phone number.
 *
 * @param queueLength   events waiting to be folded plus messages waiting on all channels
 * @param droppedEvents events the supervisor emitted while the queue was full
 */
public record NotifyStatus(
        long sent, long failed, String lastError, int queueLength, long droppedEvents, List<ChannelStatus> channels) {

    /**
     * @param failed      messages given up (a permanent refusal, or retry-for ran out)
     * @param retries     failed attempts that were retried
     * @param rateLimited messages the rate limit dropped
     * @param waiting     why the channel cannot send now (e.g. the modem's only port is in use), or null
     */
    public record ChannelStatus(
            String name,
            String target,
            long sent,
            long failed,
            long retries,
            long rateLimited,
            int pending,
            String lastError,
            Instant lastErrorAt,
            Instant lastSentAt,
            String waiting) {}

    public static final NotifyStatus NONE = new NotifyStatus(0, 0, null, 0, 0, List.of());

    public NotifyStatus {
        channels = List.copyOf(channels);
    }

    /** The {@code notify} object of {@code /status}: snake_case keys, ISO-8601 UTC times, absent as null. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sent", sent);
        m.put("failed", failed);
        m.put("last_error", lastError);
        m.put("queue_length", queueLength);
        m.put("dropped_events", droppedEvents);
        Map<String, Object> byName = new LinkedHashMap<>();
        for (ChannelStatus c : channels) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("target", c.target());
            cm.put("sent", c.sent());
            cm.put("failed", c.failed());
            cm.put("retries", c.retries());
            cm.put("rate_limited", c.rateLimited());
            cm.put("pending", c.pending());
            cm.put("last_error", c.lastError());
            cm.put("last_error_at", ts(c.lastErrorAt()));
            cm.put("last_sent_at", ts(c.lastSentAt()));
            cm.put("waiting", c.waiting());
            byName.put(c.name(), cm);
        }
        m.put("channels", byName);
        return m;
    }

    private static String ts(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
