package dev.failberry.ppp;

import java.time.Duration;

/**
 * How the ppp package reports to the supervisor. Calls arrive on the scheduler thread the components
 * were given (probe results too). The ppp components never decide escalation; they report.
 */
public interface PppListener {
    /** pppd reported an IP address (and DNS when asked for). */
    void linkUp(LinkInfo link);

    /** A pppd run ended, whether or not the link had come up. */
    void linkDown(LinkDown down);

    /** The link's local address differs from the previous link's (or changed during the session). */
    default void ipChanged(LinkInfo previous, LinkInfo current) {}

    default void stateChanged(PppState from, PppState to, String reason) {}

    /** The next dial happens after {@code delay}; {@code attempt} counts from 0 since the last stable link. */
    default void redialScheduled(int attempt, Duration delay) {}

    /** Every probe round. */
    default void probeResult(ProbeResult result) {}

    /** Probes show traffic flows (first success, or recovery from DEGRADED). */
    default void linkVerified(ProbeResult result) {}

    /** {@code failures} of the last {@code window} probe rounds failed. */
    default void linkDegraded(ProbeResult result, String reason) {}

    /** The link's address classification and, when checked, its public address. */
    default void publicIp(PublicIpInfo info) {}

    /** Every data-usage sample ({@code ppp.data-usage.sample-interval}); the budget decides on it. */
    default void dataUsageSampled(DataUsageSnapshot usage) {}
}
