package dev.failberry.history;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of {@code failberry events}: a point event, or an interval folded from several records (an
 * outage with its cause and the recovery actions taken during it). Times are corrected epoch
 * milliseconds ({@link Chronology}).
 *
 * @param kind    {@code started}, {@code stopped}, {@code vanished} (a run that ended without a stop
 *                record: power cut, crash, watchdog), {@code link-up} (first verified link of a run),
 *                {@code never-up}, {@code outage}, {@code blocked}, {@code action}, {@code event},
 *                {@code clock} (the wall clock jumped)
 * @param start   when it happened or began
 * @param end     when an interval ended; null for a point
 * @param link    for {@code outage}: {@code mobile} or {@code wired}
 * @param name    the event's name ({@code data-warning}), the action's words, or the daemon's version
 * @param reason  the cause, in the supervisor's words
 * @param actions recovery actions taken during an outage, in order, with their result when known
 * @param ended   how an interval ended: {@code up}, {@code now} (still going), {@code stopped} (the daemon
 *                stopped), {@code vanished} (the daemon's records end), {@code unknown}
 * @param amount  milliseconds: for {@code link-up} the time since the run started, for {@code clock} the jump
 */
public record Item(
        String kind,
        long start,
        Long end,
        String link,
        String name,
        String reason,
        List<String> actions,
        String ended,
        Long amount) {

    public Item {
        actions = actions == null ? List.of() : List.copyOf(actions);
        link = link == null ? "" : link;
        name = name == null ? "" : name;
        reason = reason == null ? "" : reason;
        ended = ended == null ? "" : ended;
    }

    static Item point(String kind, long at, String name, String reason) {
        return new Item(kind, at, null, null, name, reason, null, null, null);
    }

    /** Snake_case keys, ISO-8601 UTC times; {@code text} is the line as the daemon's time zone shows it. */
    public Map<String, Object> toJsonMap(java.time.ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("time", iso(start));
        m.put("end", end == null ? null : iso(end));
        m.put("duration_seconds", end == null ? null : (end - start) / 1000);
        m.put("link", link.isEmpty() ? null : link);
        m.put("name", name.isEmpty() ? null : name);
        m.put("reason", reason.isEmpty() ? null : reason);
        m.put("actions", actions);
        m.put("ended", ended.isEmpty() ? null : ended);
        m.put("amount_ms", amount);
        m.put("text", ItemText.line(this, zone));
        return m;
    }

    /** The inverse of {@link #toJsonMap} (the CLI reads the daemon's answer with it). */
    public static Item fromJsonMap(Map<String, Object> m) {
        List<String> actions = new ArrayList<>();
        if (m.get("actions") instanceof List<?> l) {
            l.forEach(a -> actions.add(String.valueOf(a)));
        }
        return new Item(
                str(m.get("kind")),
                millis(m.get("time")),
                m.get("end") == null ? null : millis(m.get("end")),
                str(m.get("link")),
                str(m.get("name")),
                str(m.get("reason")),
                actions,
                str(m.get("ended")),
                m.get("amount_ms") instanceof Number n ? n.longValue() : null);
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    private static long millis(Object iso) {
        return Instant.parse(String.valueOf(iso)).toEpochMilli();
    }

    private static String iso(long millis) {
        return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
