package dev.failberry.status;

import dev.failberry.notify.NotifyStatus;
import java.time.Instant;

/**
 * Everything {@code /status}, {@code /metrics} and {@code /health} show, as one immutable value the
 * supervisor publishes after every change. The HTTP listeners only ever read the latest snapshot, so a
 * wedged modem or a slow AWS call can never slow a health check. Absent parts are null.
 * Each part is its own record ({@link ModemView}, {@link PppView}, {@link DnsView}, {@link RecoveryView},
 * {@link DataUsageView}, {@link NetworkView}); this record assembles them.
 *
 * @param state           the supervisor's state name
 * @param stateReason     why it is in that state
 * @param stateSince      when it entered it (wall clock, for people)
 * @param healthy         what {@code /health} answers
 * @param unhealthyReason the short reason {@code /health} gives when not healthy
 * @param notifications   the notifier's counters and last error ({@code notify} in /status), null before the wiring
 * @param startedAt       when the daemon started (wall clock)
 * @param startedNanos    when the daemon started (monotonic), for the uptime
 */
public record StatusSnapshot(
        String state,
        String stateReason,
        Instant stateSince,
        boolean healthy,
        String unhealthyReason,
        ModemView modem,
        PppView ppp,
        DnsView dns,
        RecoveryView recovery,
        DataUsageView dataUsage,
        NetworkView network,
        NotifyStatus notifications,
        Instant startedAt,
        long startedNanos) {

    /**
     * Without the network and notifications parts (callers that do not know them; they are added with
     * {@link #withNetwork} and {@link #withNotify}).
     */
    public StatusSnapshot(
            String state,
            String stateReason,
            Instant stateSince,
            boolean healthy,
            String unhealthyReason,
            ModemView modem,
            PppView ppp,
            DnsView dns,
            RecoveryView recovery,
            DataUsageView dataUsage,
            Instant startedAt,
            long startedNanos) {
        this(
                state,
                stateReason,
                stateSince,
                healthy,
                unhealthyReason,
                modem,
                ppp,
                dns,
                recovery,
                dataUsage,
                null,
                null,
                startedAt,
                startedNanos);
    }

    /** Without the notifications part (callers that predate it; it is added with {@link #withNotify}). */
    public StatusSnapshot(
            String state,
            String stateReason,
            Instant stateSince,
            boolean healthy,
            String unhealthyReason,
            ModemView modem,
            PppView ppp,
            DnsView dns,
            RecoveryView recovery,
            DataUsageView dataUsage,
            NetworkView network,
            Instant startedAt,
            long startedNanos) {
        this(
                state,
                stateReason,
                stateSince,
                healthy,
                unhealthyReason,
                modem,
                ppp,
                dns,
                recovery,
                dataUsage,
                network,
                null,
                startedAt,
                startedNanos);
    }

    public StatusSnapshot withState(String newState, String reason, Instant since, boolean isHealthy, String why) {
        return new StatusSnapshot(
                newState,
                reason,
                since,
                isHealthy,
                why,
                modem,
                ppp,
                dns,
                recovery,
                dataUsage,
                network,
                notifications,
                startedAt,
                startedNanos);
    }

    public StatusSnapshot withModem(ModemView m) {
        return new StatusSnapshot(
                state,
                stateReason,
                stateSince,
                healthy,
                unhealthyReason,
                m,
                ppp,
                dns,
                recovery,
                dataUsage,
                network,
                notifications,
                startedAt,
                startedNanos);
    }

    public StatusSnapshot withPpp(PppView p) {
        return new StatusSnapshot(
                state,
                stateReason,
                stateSince,
                healthy,
                unhealthyReason,
                modem,
                p,
                dns,
                recovery,
                dataUsage,
                network,
                notifications,
                startedAt,
                startedNanos);
    }

    public StatusSnapshot withDns(DnsView d) {
        return new StatusSnapshot(
                state,
                stateReason,
                stateSince,
                healthy,
                unhealthyReason,
                modem,
                ppp,
                d,
                recovery,
                dataUsage,
                network,
                notifications,
                startedAt,
                startedNanos);
    }

    public StatusSnapshot withRecovery(RecoveryView r) {
        return new StatusSnapshot(
                state,
                stateReason,
                stateSince,
                healthy,
                unhealthyReason,
                modem,
                ppp,
                dns,
                r,
                dataUsage,
                network,
                notifications,
                startedAt,
                startedNanos);
    }

    public StatusSnapshot withNetwork(NetworkView n) {
        return new StatusSnapshot(
                state,
                stateReason,
                stateSince,
                healthy,
                unhealthyReason,
                modem,
                ppp,
                dns,
                recovery,
                dataUsage,
                n,
                notifications,
                startedAt,
                startedNanos);
    }

    public StatusSnapshot withNotify(NotifyStatus n) {
        return new StatusSnapshot(
                state,
                stateReason,
                stateSince,
                healthy,
                unhealthyReason,
                modem,
                ppp,
                dns,
                recovery,
                dataUsage,
                network,
                n,
                startedAt,
                startedNanos);
    }

    public StatusSnapshot withDataUsage(DataUsageView u) {
        return new StatusSnapshot(
                state,
                stateReason,
                stateSince,
                healthy,
                unhealthyReason,
                modem,
                ppp,
                dns,
                recovery,
                u,
                network,
                notifications,
                startedAt,
                startedNanos);
    }
}
