package dev.failberry.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures the soak's outages: every stretch in which the daemon was not CONNECTED (health 503), and for
 * each how long recovery took after the last disturbance inside it (a fault injected, or a moment in
 * which the world blocked recovery: the network refusing, the SIM busy, a broken switch or a stick that
 * does not come back while it needs a power cycle). That remainder is what the recovery policy answers
 * for; the rest is the fault itself.
 */
final class OutageMeter {
    /** One outage: when, how long, how long after its last disturbance, and whether anything blocked it. */
    record Outage(long start, long end, long afterLastDisturbance, boolean blocked) {
        Duration length() {
            return Duration.ofNanos(end - start);
        }

        Duration recovery() {
            return Duration.ofNanos(afterLastDisturbance);
        }

        @Override
        public String toString() {
            return "outage at " + start / 1_000_000_000L + " s for " + length().toSeconds() + " s, recovered "
                    + recovery().toSeconds() + " s after its last disturbance"
                    + (blocked ? " (blocked for a while)" : "");
        }
    }

    final List<Outage> outages = new ArrayList<>();
    private boolean down = true;
    private long start;
    private long lastDisturbance = Long.MIN_VALUE;
    private boolean blockedDuring;

    /** The supervisor moved to {@code state} at {@code now}. */
    void state(String state, long now) {
        if (state.equals("refused")) {
            return;
        }
        boolean connected = state.equals("CONNECTED");
        if (down && connected) {
            long from = Math.max(start, lastDisturbance);
            outages.add(new Outage(start, now, now - from, blockedDuring));
            down = false;
        } else if (!down && !connected) {
            down = true;
            start = now;
            blockedDuring = false;
        }
    }

    /** Something went wrong at {@code now}; {@code blocked}: recovery is impossible at this moment. */
    void disturbed(long now, boolean blocked) {
        lastDisturbance = now;
        if (blocked && down) {
            blockedDuring = true;
        }
    }

    Outage longestRecovery() {
        return outages.stream()
                .max((a, b) -> Long.compare(a.afterLastDisturbance(), b.afterLastDisturbance()))
                .orElseThrow();
    }

    Outage longestUnblockedRecovery() {
        return outages.stream()
                .filter(o -> !o.blocked())
                .max((a, b) -> Long.compare(a.afterLastDisturbance(), b.afterLastDisturbance()))
                .orElseThrow();
    }
}
