package dev.failberry.history;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One record of the journal. Every record carries both clocks: {@code mono}, milliseconds on the
 * monotonic clock since its daemon run ("session") started, which orders records and measures outages
 * even when the wall clock jumps (a Pi has no RTC: it boots with the time of its last shutdown, or 1970,
 * and NTP steps it later); and {@code wall}, the wall clock as it read then, for people.
 *
 * @param kind    what happened
 * @param session the daemon run it belongs to (1, 2, ... across restarts and reboots)
 * @param mono    monotonic milliseconds since the session started
 * @param wall    wall-clock epoch milliseconds as read at the time (may be wrong before NTP)
 * @param name    {@link Kind#STATE}: the new state; {@link Kind#EVENT}: the event's wire name
 *                ({@code link-down}); {@link Kind#ACTION}: the recovery action ({@code usb_power_cycle});
 *                {@link Kind#WIRED}: {@code up}, {@code down} or {@code unknown}; {@link Kind#BUDGET}:
 *                {@code blocked} or {@code open}; {@link Kind#SESSION}: the daemon's version
 * @param state   {@link Kind#STATE}: the old state; otherwise the supervisor's state at the time
 * @param reason  a sentence a person understands
 * @param detail  plain values (strings, whole numbers, booleans) in insertion order
 */
public record Entry(
        Kind kind,
        int session,
        long mono,
        long wall,
        String name,
        String state,
        String reason,
        Map<String, Object> detail) {

    /** The kinds of record, each with the one letter that marks it in the file. */
    public enum Kind {
        /** A daemon run started; detail {@code boot} = the kernel's boot id (a new one means the host rebooted). */
        SESSION('S'),
        /** The daemon stopped cleanly (its last record). */
        STOP('X'),
        /** A state transition of the supervisor. */
        STATE('T'),
        /** A notification event ({@code link-down}, {@code recovery}, ...), as the supervisor emitted it. */
        EVENT('E'),
        /** A recovery action was taken. */
        ACTION('A'),
        /** The wired path's state changed (as the status reports it). */
        WIRED('W'),
        /** The data budget started or stopped blocking the mobile link. */
        BUDGET('B'),
        /** Written when nothing else was for a while: bounds how much time a power cut makes unknown. */
        MARK('M');

        final char letter;

        Kind(char letter) {
            this.letter = letter;
        }

        static Kind of(char letter) {
            for (Kind k : values()) {
                if (k.letter == letter) {
                    return k;
                }
            }
            return null;
        }
    }

    public Entry {
        Objects.requireNonNull(kind, "kind");
        name = name == null ? "" : name;
        state = state == null ? "" : state;
        reason = reason == null ? "" : reason;
        Map<String, Object> copy = new LinkedHashMap<>();
        if (detail != null) {
            detail.forEach((k, v) -> {
                if (v != null) {
                    copy.put(
                            k,
                            v instanceof Number n && !(v instanceof Double || v instanceof Float)
                                    ? n.longValue()
                                    : v instanceof Boolean ? v : v.toString());
                }
            });
        }
        detail = Collections.unmodifiableMap(copy);
    }

    /** The same record in another session and at other times (used when re-reading). */
    Entry at(int newSession, long newMono, long newWall) {
        return new Entry(kind, newSession, newMono, newWall, name, state, reason, detail);
    }
}
