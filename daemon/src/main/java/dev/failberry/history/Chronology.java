package dev.failberry.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts journal records on one time line although the wall clock may have been wrong when they were
 * written. Within a daemon run, the monotonic clock is the truth: a record's time is the run's
 * <em>latest</em> wall-clock reading minus the monotonic time between the two, so records written before
 * NTP set the clock (a Pi boots with the time of its last shutdown) move to where they belong, and an
 * outage keeps its true length. Across runs only the wall clock links them; runs stay in file order, and a
 * run that would overlap the next one (a clock that was never corrected) is moved back to end where the
 * next begins, so order is kept. The newest run is trusted: for the running daemon its anchor is now.
 */
final class Chronology {
    /** A difference between wall and monotonic clocks above this is a clock jump, not drift. */
    static final long JUMP_MS = 2_000;

    private Chronology() {}

    /** A record with its corrected time (epoch milliseconds). */
    record Dated(Entry entry, long at) {}

    /** A wall-clock jump seen between two records of one run. */
    record Jump(long at, long byMillis) {}

    /** One daemon run: its records, corrected; {@code end} is its last record (or now, for the live run). */
    record Run(
            int session,
            List<Dated> records,
            long start,
            long end,
            boolean live,
            boolean stoppedCleanly,
            String bootId,
            List<Jump> jumps) {}

    /** Where the running daemon is now: its session, wall-clock and monotonic readings. */
    record Anchor(int session, long wall, long mono) {}

    /** Groups {@code entries} (file order) into runs with corrected times; {@code live} may be null. */
    static List<Run> runs(List<Entry> entries, Anchor live) {
        List<List<Entry>> groups = new ArrayList<>();
        List<Entry> current = null;
        for (Entry e : entries) {
            if (current == null || current.get(0).session() != e.session()) {
                current = new ArrayList<>();
                groups.add(current);
            }
            current.add(e);
        }
        List<Run> runs = new ArrayList<>(groups.size() + 1);
        for (List<Entry> g : groups) {
            runs.add(correct(g, live != null && g.get(0).session() == live.session() ? live : null));
        }
        if (live != null && (runs.isEmpty() || runs.get(runs.size() - 1).session() != live.session())) {
            runs.add(new Run(
                    live.session(), List.of(), live.wall() - live.mono(), live.wall(), true, false, "", List.of()));
        }
        // newest first: a run may not end after the next one starts
        for (int i = runs.size() - 2; i >= 0; i--) {
            Run r = runs.get(i);
            long limit = runs.get(i + 1).start();
            if (r.end() > limit) {
                runs.set(i, shift(r, limit - r.end()));
            }
        }
        return runs;
    }

    private static Run correct(List<Entry> g, Anchor live) {
        Entry last = g.get(g.size() - 1);
        long anchorWall = live != null ? live.wall() : last.wall();
        long anchorMono = live != null ? live.mono() : last.mono();
        List<Dated> dated = new ArrayList<>(g.size());
        List<Jump> jumps = new ArrayList<>();
        Entry prev = null;
        boolean stopped = false;
        String boot = "";
        for (Entry e : g) {
            dated.add(new Dated(e, anchorWall - (anchorMono - e.mono())));
            if (prev != null) {
                long drift = (e.wall() - prev.wall()) - (e.mono() - prev.mono());
                if (Math.abs(drift) >= JUMP_MS) {
                    jumps.add(new Jump(anchorWall - (anchorMono - e.mono()), drift));
                }
            }
            if (e.kind() == Entry.Kind.STOP) {
                stopped = true;
            }
            if (e.kind() == Entry.Kind.SESSION) {
                boot = String.valueOf(e.detail().getOrDefault("boot", ""));
            }
            prev = e;
        }
        long start = anchorWall - anchorMono;
        long end = live != null ? live.wall() : dated.get(dated.size() - 1).at();
        // a run whose first records were rotated away starts at its oldest surviving record
        if (g.get(0).kind() != Entry.Kind.SESSION) {
            start = dated.get(0).at();
        }
        return new Run(g.get(0).session(), dated, start, end, live != null, stopped, boot, jumps);
    }

    private static Run shift(Run r, long by) {
        List<Dated> moved = new ArrayList<>(r.records().size());
        r.records().forEach(d -> moved.add(new Dated(d.entry(), d.at() + by)));
        List<Jump> jumps =
                r.jumps().stream().map(j -> new Jump(j.at() + by, j.byMillis())).toList();
        return new Run(
                r.session(), moved, r.start() + by, r.end() + by, r.live(), r.stoppedCleanly(), r.bootId(), jumps);
    }
}
