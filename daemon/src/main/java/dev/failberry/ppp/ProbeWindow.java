package dev.failberry.ppp;

import dev.failberry.ppp.ProbeResult.ProbeState;

/**
 * The k-of-n judgement of probe rounds, with hysteresis (like mwan3's {@code count}/{@code up}/{@code down}):
 * pure, fed one round at a time, no clock. Used for the mobile link ({@link LinkProbe}) and for the wired
 * path.
 *
 * <ul>
 * <li>UNVERIFIED (nothing judged yet) becomes VERIFIED at the first passing round, and DEGRADED once
 *     {@code failures} of the last {@code window} rounds failed.
 * <li>VERIFIED becomes DEGRADED once {@code failures} of the last {@code window} rounds failed: a lone lost
 *     round (with {@code failures} of 2 or more) never flips it.
 * <li>DEGRADED becomes VERIFIED after {@code recoverAfter} passing rounds in a row; the window then holds
 *     only that last round, so a new degradation needs {@code failures} fresh failures (old history cannot
 *     flip it straight back).
 * </ul>
 * Not thread-safe: one owner (the scheduler's thread) feeds it.
 */
public final class ProbeWindow {
    /**
     * @param window       how many recent rounds are judged
     * @param failures     failed rounds among them that degrade
     * @param recoverAfter passing rounds in a row that verify a degraded path again
     */
    public record Rules(int window, int failures, int recoverAfter) {
        public Rules {
            if (window < 1 || failures < 1 || failures > window || recoverAfter < 1) {
                throw new IllegalArgumentException("bad probe window " + window + "/" + failures + "/" + recoverAfter);
            }
        }
    }

    private final Rules rules;
    /** The last {@code window} rounds as a ring (true = failed); {@code size} of them are valid. */
    private final boolean[] failed;

    private int next;
    private int size;
    private int failedCount;
    private int consecutiveOk;
    private ProbeState state = ProbeState.UNVERIFIED;

    public ProbeWindow(Rules rules) {
        this.rules = rules;
        this.failed = new boolean[rules.window()];
    }

    public Rules rules() {
        return rules;
    }

    /** Judges one more round; returns the state after it. */
    public ProbeState record(boolean ok) {
        if (size == failed.length && failed[next]) {
            failedCount--; // the oldest round leaves the window
        }
        failed[next] = !ok;
        failedCount += ok ? 0 : 1;
        next = (next + 1) % failed.length;
        size = Math.min(size + 1, failed.length);
        consecutiveOk = ok ? consecutiveOk + 1 : 0;
        if (state != ProbeState.DEGRADED && failures() >= rules.failures()) {
            state = ProbeState.DEGRADED;
        } else if (state == ProbeState.DEGRADED && consecutiveOk >= rules.recoverAfter()) {
            state = ProbeState.VERIFIED;
            clear();
            failed[0] = false;
            next = 1 % failed.length;
            size = 1;
        } else if (state == ProbeState.UNVERIFIED && ok) {
            state = ProbeState.VERIFIED;
        }
        return state;
    }

    /** Forgets everything: a fresh link, or a path that could not be probed for a while. */
    public void reset() {
        clear();
        consecutiveOk = 0;
        state = ProbeState.UNVERIFIED;
    }

    private void clear() {
        java.util.Arrays.fill(failed, false);
        next = 0;
        size = 0;
        failedCount = 0;
    }

    public ProbeState state() {
        return state;
    }

    /** Failed rounds among the last {@code window}. */
    public int failures() {
        return failedCount;
    }

    /** Passing rounds in a row up to now. */
    public int consecutiveOk() {
        return consecutiveOk;
    }
}
