package dev.failberry.ppp;

import dev.failberry.time.Backoff;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The link's own retry loop, named: when pppd ends while the link is wanted, {@link PppLink} dials again
 * after this backoff ({@code ppp.redial.*}: 5 s doubling to at most 5 min, jittered). It is the bottom of
 * the recovery policy, under the supervisor's ladder ({@code daemon.RecoveryPolicy} describes both in
 * one line), and the ladder bounds it:
 * <ul>
 * <li>it never waits less than {@code initial-backoff} nor more than {@code max-backoff};</li>
 * <li>every dial the supervisor asks for ({@link PppLink#start}, and the ladder's redial rung,
 *     {@link PppLink#redial}) starts it over, and a hang-up ({@link PppLink#stop}) ends it;</li>
 * <li>a link that stays up {@code stable-after} starts it over;</li>
 * <li>it never escalates: a reset, a power cycle or a reboot is the ladder's decision alone.</li>
 * </ul>
 * Touched on the link's scheduler thread only.
 */
final class RedialBackoff {
    private final Backoff backoff;
    private final RandomGenerator random;
    private int attempt;

    RedialBackoff(Backoff backoff, RandomGenerator random) {
        this.backoff = backoff;
        this.random = random;
    }

    /** The wait before the next automatic dial; counts it. */
    Duration next() {
        return backoff.delay(attempt++, random);
    }

    /** Automatic dials since the loop last started over (0 = the next one is the first). */
    int attempt() {
        return attempt;
    }

    /** Starts over: the next automatic dial waits {@code initial-backoff} again. */
    void reset() {
        attempt = 0;
    }
}
