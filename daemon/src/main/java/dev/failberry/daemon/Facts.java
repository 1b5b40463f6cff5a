package dev.failberry.daemon;

import dev.failberry.modem.ModemStatus;
import dev.failberry.modem.ModemStatus.Condition;

/**
 * What the supervisor knows at one moment: the capabilities' last reports and what the supervisor
 * itself set in motion. A value: every event produces the next one, and {@link Assessor} reads it
 * without threads or schedulers. Times are monotonic nanoseconds.
 *
 * @param modem              the modem monitor's last report
 * @param modemSince         when its condition last changed
 * @param link               the link as reported by pppd and the probes
 * @param linkSince          when {@code link} last changed
 * @param dialWanted         the supervisor asked for the link (and has not hung up since)
 * @param lastLinkDown       why pppd last ended or the probes last failed, for reasons shown to people
 * @param expectAbsenceUntil the modem's absence is expected until then (boot, reset, power cycle)
 * @param cycle              where a USB power cycle stands, as far as the supervisor can see
 * @param lastAction         label of the last recovery action taken (null: none yet)
 */
record Facts(
        ModemStatus modem,
        long modemSince,
        Link link,
        long linkSince,
        boolean dialWanted,
        String lastLinkDown,
        long expectAbsenceUntil,
        Cycle cycle,
        String lastAction) {

    /** The link as the supervisor sees it. */
    enum Link {
        IDLE,
        DIALING,
        UP_UNVERIFIED,
        UP_VERIFIED,
        DEGRADED
    }

    /**
     * A USB power cycle, as the supervisor sees it: none; running, with the stick not yet seen gone (a
     * report of "registered" may be from before the cut); the stick seen gone (silent); the stick answering
     * again, while the power switch has not reported yet. A stick that answers is back: from then on the
     * supervisor does not wait for the switch's own verification (which may wait a minute for a USB
     * device it cannot see), only for its report before it acts again.
     */
    enum Cycle {
        NONE,
        RUNNING,
        STICK_GONE,
        STICK_BACK
    }

    /** Before the modem was opened; its absence is expected until {@code expectAbsenceUntil}. */
    static Facts initial(long now, long expectAbsenceUntil) {
        return new Facts(
                ModemStatus.of(Condition.ABSENT, null, "not opened yet"),
                now,
                Link.IDLE,
                now,
                false,
                null,
                expectAbsenceUntil,
                Cycle.NONE,
                null);
    }

    Condition condition() {
        return modem.condition();
    }

    /**
     * A new modem report; {@code modemSince} moves only when the condition changes. During a power cycle a
     * silent report means the stick is gone, and an answer after that means it is back.
     */
    Facts withModem(ModemStatus status, long now) {
        long since = status.condition() == modem.condition() ? modemSince : now;
        Condition c = status.condition();
        Cycle next = cycle == Cycle.RUNNING && c.silent()
                ? Cycle.STICK_GONE
                : cycle == Cycle.STICK_GONE && answers(c) ? Cycle.STICK_BACK : cycle;
        return new Facts(
                status, since, link, linkSince, dialWanted, lastLinkDown, expectAbsenceUntil, next, lastAction);
    }

    /** The modem answered AT (not just a port that opened: the init sequence may still time out). */
    private static boolean answers(Condition c) {
        return !c.silent() && c != Condition.INITIALIZING;
    }

    /** The power is being cut or the stick has not answered since: nothing can be asked of it. */
    boolean powerCycleInFlight() {
        return cycle == Cycle.RUNNING || cycle == Cycle.STICK_GONE;
    }

    /** A power cycle started and the switch has not reported yet (the stick may already answer). */
    boolean powerCycleUnreported() {
        return cycle != Cycle.NONE;
    }

    /** The link's state; {@code linkSince} moves only when it changes. */
    Facts withLink(Link l, long now) {
        if (l == link) {
            return this;
        }
        return new Facts(modem, modemSince, l, now, dialWanted, lastLinkDown, expectAbsenceUntil, cycle, lastAction);
    }

    /** pppd ended or the probes failed, because of {@code reason}. */
    Facts withLinkDown(String reason) {
        return new Facts(modem, modemSince, link, linkSince, dialWanted, reason, expectAbsenceUntil, cycle, lastAction);
    }

    /**
     * The supervisor asked for the link: it is dialling from now. Why an earlier link went down is no
     * longer the story: a new dial starts a new one.
     */
    Facts dialling(long now) {
        return new Facts(modem, modemSince, link, linkSince, true, null, expectAbsenceUntil, cycle, lastAction)
                .withLink(Link.DIALING, now);
    }

    /** The supervisor hung up: the link is neither wanted nor up from now. */
    Facts hungUp(long now) {
        return new Facts(modem, modemSince, link, linkSince, false, lastLinkDown, expectAbsenceUntil, cycle, lastAction)
                .withLink(Link.IDLE, now);
    }

    Facts expectingAbsenceUntil(long until) {
        return new Facts(modem, modemSince, link, linkSince, dialWanted, lastLinkDown, until, cycle, lastAction);
    }

    /** A power cycle starts: a stick that is silent already counts as gone. */
    Facts cycleStarted() {
        return withCycle(condition().silent() ? Cycle.STICK_GONE : Cycle.RUNNING);
    }

    Facts withCycle(Cycle c) {
        return new Facts(
                modem, modemSince, link, linkSince, dialWanted, lastLinkDown, expectAbsenceUntil, c, lastAction);
    }

    Facts withLastAction(String label) {
        return new Facts(
                modem, modemSince, link, linkSince, dialWanted, lastLinkDown, expectAbsenceUntil, cycle, label);
    }
}
