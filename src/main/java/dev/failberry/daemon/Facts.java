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
 * @param powerCycleInFlight a USB power cycle has started and its result has not arrived
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
        boolean powerCycleInFlight,
        String lastAction) {

    /** The link as the supervisor sees it. */
    enum Link { IDLE, DIALING, UP_UNVERIFIED, UP_VERIFIED, DEGRADED }

    /** Before the modem was opened; its absence is expected until {@code expectAbsenceUntil}. */
    static Facts initial(long now, long expectAbsenceUntil) {
        return new Facts(ModemStatus.of(Condition.ABSENT, null, "not opened yet"), now, Link.IDLE, now, false, null,
                expectAbsenceUntil, false, null);
    }

    Condition condition() {
        return modem.condition();
    }

    /** A new modem report; {@code modemSince} moves only when the condition changes. */
    Facts withModem(ModemStatus status, long now) {
        long since = status.condition() == modem.condition() ? modemSince : now;
        return new Facts(status, since, link, linkSince, dialWanted, lastLinkDown, expectAbsenceUntil,
                powerCycleInFlight, lastAction);
    }

    /** The link's state; {@code linkSince} moves only when it changes. */
    Facts withLink(Link l, long now) {
        if (l == link) {
            return this;
        }
        return new Facts(modem, modemSince, l, now, dialWanted, lastLinkDown, expectAbsenceUntil, powerCycleInFlight,
                lastAction);
    }

    /** pppd ended or the probes failed, because of {@code reason}. */
    Facts withLinkDown(String reason) {
        return new Facts(modem, modemSince, link, linkSince, dialWanted, reason, expectAbsenceUntil, powerCycleInFlight,
                lastAction);
    }

    /**
     * The supervisor asked for the link: it is dialling from now. Why an earlier link went down is no
     * longer the story: a new dial starts a new one.
     */
    Facts dialling(long now) {
        return new Facts(modem, modemSince, link, linkSince, true, null, expectAbsenceUntil, powerCycleInFlight,
                lastAction).withLink(Link.DIALING, now);
    }

    /** The supervisor hung up: the link is neither wanted nor up from now. */
    Facts hungUp(long now) {
        return new Facts(modem, modemSince, link, linkSince, false, lastLinkDown, expectAbsenceUntil, powerCycleInFlight,
                lastAction).withLink(Link.IDLE, now);
    }

    Facts expectingAbsenceUntil(long until) {
        return new Facts(modem, modemSince, link, linkSince, dialWanted, lastLinkDown, until, powerCycleInFlight,
                lastAction);
    }

    Facts withPowerCycleInFlight(boolean inFlight) {
        return new Facts(modem, modemSince, link, linkSince, dialWanted, lastLinkDown, expectAbsenceUntil, inFlight,
                lastAction);
    }

    Facts withLastAction(String label) {
        return new Facts(modem, modemSince, link, linkSince, dialWanted, lastLinkDown, expectAbsenceUntil,
                powerCycleInFlight, label);
    }
}
