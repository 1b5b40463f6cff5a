package dev.failberry.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Folds flapping into two messages per outage, in monotonic time, with no clock or thread of its own
 * (so tests run an hour of flapping in virtual time).
 *
 * <p>An outage of the mobile link (link-down ... link-up) or of the wired path (wired-down ...
 * wired-up) opens with its first down event. It is told ({@link Role#START}, with the first down's time
 * and reason) once it has lasted {@code holdDown} while down; it ends when the link has stayed up for
 * {@code holdDown}, and then, if its start was told, the end is told ({@link Role#END}) with the outage's
 * duration (first down to the last up), the number of drops, and the recovery actions taken meanwhile.
 * A drop shorter than the hold-down is never told; a link that flaps keeps one outage open however
 * often it comes and goes. An up event with no outage open is not told.
 *
 * <p>A down event with the detail {@code since_start = true} (the link not up yet after the daemon
 * started) opens an outage that ends at once, untold, when the link is first up: a start is not a flap, and
 * a drop soon after it is an outage of its own, told with its own time and reason.
 *
 * <p>Recovery events during an open mobile-link outage are folded into its end message; outside an
 * outage they pass through. {@code reboot-pending} tells every outage not yet told at once (the daemon is
 * about to go away) and passes through. Every other event passes through.
 */
final class Folding {
    enum Role {
        START,
        END,
        SINGLE
    }

    /** An event to send, and for outages which one and which end of it. */
    record Folded(NotifyEvent event, Role role, String outage) {}

    private enum Pair {
        LINK(EventName.LINK_DOWN, EventName.LINK_UP),
        WIRED(EventName.WIRED_DOWN, EventName.WIRED_UP);

        final EventName down;
        final EventName up;

        Pair(EventName down, EventName up) {
            this.down = down;
            this.up = up;
        }

        static Pair of(EventName e) {
            for (Pair p : values()) {
                if (p.down == e || p.up == e) {
                    return p;
                }
            }
            return null;
        }
    }

    private static final class Outage {
        final String id;
        final NotifyEvent first;
        NotifyEvent lastDown;
        NotifyEvent lastUp;
        int drops = 1;
        boolean down = true;
        boolean told;
        final Map<String, Integer> recoveries = new LinkedHashMap<>();

        Outage(String id, NotifyEvent first) {
            this.id = id;
            this.first = first;
            this.lastDown = first;
        }
    }

    /** Detail of a down event: the link has not been up since the daemon started. */
    static final String SINCE_START = "since_start";

    private final long holdDownNanos;
    private final Map<Pair, Outage> open = new EnumMap<>(Pair.class);
    private int sequence;

    Folding(java.time.Duration holdDown) {
        this.holdDownNanos = holdDown.toNanos();
    }

    /** Takes one event; returns what must be sent at once (including what fell due before it). */
    List<Folded> accept(NotifyEvent e) {
        List<Folded> out = due(e.nanos());
        Pair pair = Pair.of(e.name());
        if (pair != null) {
            Outage o = open.get(pair);
            if (e.name() == pair.down) {
                if (o == null) {
                    open.put(pair, new Outage(pair.name().toLowerCase(java.util.Locale.ROOT) + "-" + ++sequence, e));
                } else {
                    o.down = true;
                    o.drops++;
                    o.lastDown = e;
                    if (!o.told && e.nanos() - o.first.nanos() >= holdDownNanos) {
                        out.add(start(o));
                    }
                }
            } else if (o != null
                    && !o.told
                    && Boolean.TRUE.equals(o.first.detail().get(SINCE_START))) {
                open.remove(pair);
            } else if (o != null) {
                o.down = false;
                o.lastUp = e;
            }
        } else if (e.name() == EventName.RECOVERY && open.containsKey(Pair.LINK)) {
            Outage o = open.get(Pair.LINK);
            o.recoveries.merge(recoveryKey(e), 1, Integer::sum);
        } else {
            if (e.name() == EventName.REBOOT_PENDING) {
                for (Outage o : open.values()) {
                    if (!o.told && o.down) {
                        out.add(start(o));
                    }
                }
            }
            out.add(new Folded(e, Role.SINGLE, null));
        }
        return out;
    }

    /** What falls due at monotonic time {@code nanos}: outage starts told, outage ends told or dropped. */
    List<Folded> due(long nanos) {
        List<Folded> out = new ArrayList<>();
        for (Iterator<Map.Entry<Pair, Outage>> it = open.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            Outage o = entry.getValue();
            if (o.down && !o.told && nanos - o.first.nanos() >= holdDownNanos) {
                out.add(start(o));
            } else if (!o.down && nanos - o.lastUp.nanos() >= holdDownNanos) {
                if (o.told) {
                    out.add(end(entry.getKey(), o));
                }
                it.remove();
            }
        }
        return out;
    }

    /** The next monotonic time at which {@link #due} may have something, if any. */
    OptionalLong nextDue() {
        OptionalLong next = OptionalLong.empty();
        for (Outage o : open.values()) {
            long at;
            if (o.down && !o.told) {
                at = o.first.nanos() + holdDownNanos;
            } else if (!o.down) {
                at = o.lastUp.nanos() + holdDownNanos;
            } else {
                continue;
            }
            if (next.isEmpty() || at < next.getAsLong()) {
                next = OptionalLong.of(at);
            }
        }
        return next;
    }

    private static Folded start(Outage o) {
        o.told = true;
        NotifyEvent e = new NotifyEvent(
                        o.first.name(),
                        o.first.time(),
                        o.first.nanos(),
                        o.lastDown.state(),
                        o.first.reason(),
                        o.first.detail())
                .with("since", Timestamps.iso(o.first.time()))
                .with("drops", o.drops);
        return new Folded(e, Role.START, o.id);
    }

    private static Folded end(Pair pair, Outage o) {
        NotifyEvent up = o.lastUp;
        long seconds = Math.max(0, (up.nanos() - o.first.nanos()) / 1_000_000_000L);
        NotifyEvent e = new NotifyEvent(pair.up, up.time(), up.nanos(), up.state(), up.reason(), up.detail())
                .with("down_since", Timestamps.iso(o.first.time()))
                .with("duration_seconds", seconds)
                .with("drops", o.drops);
        if (!o.recoveries.isEmpty()) {
            List<String> parts = new ArrayList<>();
            o.recoveries.forEach((k, n) -> parts.add(n > 1 ? k + " x" + n : k));
            e = e.with("recovery", String.join(", ", parts));
        }
        return new Folded(e, Role.END, o.id);
    }

    private static String recoveryKey(NotifyEvent e) {
        Object action = e.detail().get("action");
        Object result = e.detail().get("result");
        if (action == null) {
            return e.reason().isEmpty() ? "recovery" : e.reason();
        }
        return result == null ? action.toString() : action + " " + result;
    }

    /** ISO-8601 UTC to the second, as in /status. */
    static final class Timestamps {
        private Timestamps() {}

        static String iso(Instant t) {
            return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        }
    }
}
