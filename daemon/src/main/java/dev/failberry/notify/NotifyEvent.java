package dev.failberry.notify;

import dev.failberry.time.TimeSource;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something the supervisor decided that a person should hear about. Produced from its decisions, never
 * from log lines.
 *
 * @param name   which event
 * @param time   wall-clock time, for people (a Pi without RTC may jump: never used for intervals)
 * @param nanos  monotonic time of the same {@link TimeSource}, for hold-downs and durations
 * @param state  the supervisor's state name at the time, e.g. {@code CONNECTED}
 * @param reason a sentence a person understands, e.g. "no answer from 1.1.1.1:443 and 8.8.8.8:53 for 90 s"
 * @param detail extra facts as plain values (strings, numbers, booleans), in insertion order; for
 *               {@code recovery} the keys {@code action} (redial, modem-reset, usb-power-cycle, reboot) and
 *               {@code result} (ok, failed, ...) are summarised when recoveries are folded into an outage; for
 *               {@code link-down}, {@code since_start = true} marks the link not up yet since the daemon started
 *               (see {@link #SINCE_START})
 */
public record NotifyEvent(
        EventName name, Instant time, long nanos, String state, String reason, Map<String, Object> detail) {

    /** The detail key of a {@code link-down} that means "not up since the daemon started" (Folding ends it at the first up). */
    public static final String SINCE_START = Folding.SINCE_START;

    public NotifyEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(time, "time");
        state = state == null ? "" : state;
        reason = reason == null ? "" : reason;
        Map<String, Object> copy = new LinkedHashMap<>();
        if (detail != null) {
            detail.forEach((k, v) -> {
                if (v != null) {
                    if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                        throw new IllegalArgumentException("detail " + k + " must be a string, number or boolean");
                    }
                    copy.put(k, v);
                }
            });
        }
        detail = Collections.unmodifiableMap(copy);
    }

    /** An event happening now on {@code time}. */
    public static NotifyEvent of(EventName name, TimeSource time, String state, String reason) {
        return new NotifyEvent(name, time.now(), time.nanoTime(), state, reason, Map.of());
    }

    /** A copy with one more detail. */
    public NotifyEvent with(String key, Object value) {
        Map<String, Object> d = new LinkedHashMap<>(detail);
        d.put(key, value);
        return new NotifyEvent(name, time, nanos, state, reason, d);
    }
}
