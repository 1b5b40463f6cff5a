package dev.failberry.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the availability figures and the dashboard's link bands are computed from: for each daemon run,
 * the moments where the mobile link (up = state CONNECTED), the wired path (up, down or unknown) or the
 * budget block changed, as compact arrays (9 bytes a change). Past runs come from the journal with
 * corrected times; the running daemon's run is kept on the monotonic clock and placed on the wall clock
 * only when asked, so a wall-clock jump never bends it. Not thread-safe: the owner synchronizes.
 */
final class Timeline {
    static final byte MOBILE_UP = 1;
    static final byte WIRED_UP = 2;
    static final byte WIRED_DOWN = 4;
    static final byte BLOCKED = 8;
    /** How far back the figures look (the longest window), plus a day of slack before pruning. */
    static final Duration KEEP = Duration.ofDays(31);
    /** The most changes kept for one run (about 0.6 MB); past it the oldest half is dropped (time unknown). */
    static final int MAX_CHANGES = 65_536;

    /**
     * One run: the flags in force from {@code t[i]} on, for {@code i < n}; it covers {@code [t[0], end)}.
     * Times are epoch milliseconds for past runs and monotonic milliseconds for the live one.
     */
    static final class Span {
        long[] t = new long[8];
        byte[] f = new byte[8];
        int n;
        long end;

        Span(long start, byte flags) {
            t[0] = start;
            f[0] = flags;
            n = 1;
            end = start;
        }

        byte flags() {
            return f[n - 1];
        }

        void set(long at, byte flags) {
            at = Math.max(at, t[n - 1]);
            end = Math.max(end, at);
            if (flags == f[n - 1]) {
                return;
            }
            if (at == t[n - 1] && (n == 1 || f[n - 2] != flags)) {
                f[n - 1] = flags; // two changes in the same millisecond: the later wins
                return;
            }
            if (at == t[n - 1]) {
                n--; // back to what it was a moment ago
                return;
            }
            if (n == t.length) {
                int size = Math.min(t.length * 2, MAX_CHANGES);
                if (size == n) {
                    dropOldest(n / 2);
                } else {
                    t = Arrays.copyOf(t, size);
                    f = Arrays.copyOf(f, size);
                }
            }
            t[n] = at;
            f[n] = flags;
            n++;
        }

        /** Forgets changes before {@code cut}, keeping the flags in force at it. */
        void trimBefore(long cut) {
            int i = 0;
            while (i + 1 < n && t[i + 1] <= cut) {
                i++;
            }
            if (i > 0) {
                dropOldest(i);
            }
            if (t[0] < cut && n > 0) {
                t[0] = Math.min(cut, end);
            }
        }

        private void dropOldest(int k) {
            System.arraycopy(t, k, t, 0, n - k);
            System.arraycopy(f, k, f, 0, n - k);
            n -= k;
        }

        Span shifted(long by) {
            Span s = new Span(t[0] + by, f[0]);
            s.t = Arrays.copyOf(t, n);
            s.f = Arrays.copyOf(f, n);
            for (int i = 0; i < n; i++) {
                s.t[i] += by;
            }
            s.n = n;
            s.end = end + by;
            return s;
        }

        long footprintBytes() {
            return 16L + t.length * 8L + 16 + f.length + 16 + 24;
        }
    }

    private final List<Span> past = new ArrayList<>();
    private Span live;

    /** Starts the live run at monotonic {@code 0}: link down (not yet verified), wired unknown, not blocked. */
    Timeline() {
        live = new Span(0, (byte) 0);
    }

    /** Adds the past runs read from the journal (their times already corrected). */
    void addPast(List<Chronology.Run> runs, int liveSession) {
        for (Chronology.Run r : runs) {
            if (r.session() == liveSession || r.records().isEmpty()) {
                continue;
            }
            Span s = null;
            byte flags = 0;
            for (Chronology.Dated d : r.records()) {
                flags = apply(flags, d.entry());
                if (s == null) {
                    s = new Span(Math.min(r.start(), d.at()), (byte) 0);
                }
                s.set(d.at(), flags);
            }
            s.end = Math.max(s.end, r.end());
            past.add(s);
        }
    }

    /** The flags after {@code e}: how a record changes what is known. */
    static byte apply(byte flags, Entry e) {
        return switch (e.kind()) {
            case STATE -> (byte) (e.name().equals("CONNECTED") ? flags | MOBILE_UP : flags & ~MOBILE_UP);
            case WIRED -> wired(flags, e.name());
            case EVENT ->
                switch (e.name()) {
                    case "wired-down" -> wired(flags, "down");
                    case "wired-up" -> wired(flags, "up");
                    default -> flags;
                };
            case BUDGET -> (byte) (e.name().equals("blocked") ? flags | BLOCKED : flags & ~BLOCKED);
            default -> flags;
        };
    }

    static byte wired(byte flags, String path) {
        byte base = (byte) (flags & ~(WIRED_UP | WIRED_DOWN));
        return switch (path.toLowerCase(Locale.ROOT)) {
            case "up" -> (byte) (base | WIRED_UP);
            case "down" -> (byte) (base | WIRED_DOWN);
            default -> base;
        };
    }

    byte liveFlags() {
        return live.flags();
    }

    /** The live run's flags change at monotonic {@code mono}. */
    void set(long mono, byte flags) {
        live.set(mono, flags);
    }

    /**
     * Every run on the wall clock, oldest first, none overlapping the next (an older one that would is moved
     * back), the live one ending at {@code nowWall}; and forgets what is older than {@link #KEEP}.
     */
    List<Span> spans(long nowWall, long nowMono) {
        live.end = Math.max(live.end, nowMono);
        live.trimBefore(nowMono - KEEP.toMillis());
        long cut = nowWall - KEEP.toMillis();
        past.removeIf(s -> s.end < cut);
        List<Span> out = new ArrayList<>(past.size() + 1);
        out.addAll(past);
        Span l = live.shifted(nowWall - nowMono);
        l.end = nowWall;
        out.add(l);
        for (int i = out.size() - 2; i >= 0; i--) {
            long limit = out.get(i + 1).t[0];
            if (out.get(i).end > limit) {
                out.set(i, out.get(i).shifted(limit - out.get(i).end));
            }
        }
        return out;
    }

    long footprintBytes() {
        long sum = live.footprintBytes();
        for (Span s : past) {
            sum += s.footprintBytes();
        }
        return sum;
    }
}
