package dev.failberry.status;

import java.time.Instant;

/**
 * Everything {@code /status}, {@code /metrics} and {@code /health} show, as one immutable value the
 * supervisor publishes after every change. The HTTP listeners only ever read the latest snapshot, so a
 * wedged modem or a slow AWS call can never slow a health check. Absent parts are null.
 *
 * @param state           the supervisor's state name
 * @param stateReason     why it is in that state
 * @param stateSince      when it entered it (wall clock, for people)
 * @param healthy         what {@code /health} answers
 * @param unhealthyReason the short reason {@code /health} gives when not healthy
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
        Instant startedAt,
        long startedNanos) {

    /** Without the network part (callers that do not know it; it is added with {@link #withNetwork}). */
    public StatusSnapshot(String state, String stateReason, Instant stateSince, boolean healthy, String unhealthyReason,
            ModemView modem, PppView ppp, DnsView dns, RecoveryView recovery, DataUsageView dataUsage, Instant startedAt,
            long startedNanos) {
        this(state, stateReason, stateSince, healthy, unhealthyReason, modem, ppp, dns, recovery, dataUsage, null,
                startedAt, startedNanos);
    }

    public record Signal(Integer csq, Integer rssiDbm) {
    }

    public record ModemView(
            String state,
            String port,
            String manufacturer,
            String model,
            String revision,
            String imei,
            String sim,
            String registration,
            String operator,
            String accessTechnology,
            Signal signal,
            int consecutiveTimeouts,
            String lastError) {
    }

    public record PppView(
            String state,
            String interfaceName,
            String localIp,
            String remoteIp,
            String ipClass,
            String publicIp,
            Instant since,
            int reconnects,
            String lastExit,
            Boolean verified,
            Long probeLatencyMs) {
    }

    public record DnsView(
            String provider,
            String record,
            String publishedIp,
            Instant lastUpdate,
            String lastError) {
    }

    public record Action(Instant time, String action, String reason) {
    }

    /**
     * The recovery ladder's next step while a fault lasts: {@code action} (a recovery action's label, or
     * "pause" when every rung was tried), its {@code attempt} ("2/2", null for a pause), when it comes if
     * nothing changes ({@code at}, and {@code atNanos} on the monotonic clock for "in N s"), and why not
     * sooner.
     */
    public record Next(String action, String attempt, Instant at, long atNanos, String why) {
    }

    /** @param next the ladder's next step; null while nothing is wrong (or nothing can help) */
    public record RecoveryView(
            int redials,
            int modemResets,
            int usbPowerCycles,
            int reboots,
            Action lastAction,
            String level,
            String lastRebootReason,
            Next next) {

        public static RecoveryView none() {
            return new RecoveryView(0, 0, 0, 0, null, "idle", null, null);
        }
    }

    public record DataUsageView(
            long rxBytes,
            long txBytes,
            Instant periodStart,
            Long capBytes,
            Integer usedPercent,
            boolean warning) {
    }

    /**
     * Routing and firewall, rendered as the top-level {@code wired}, {@code firewall}, {@code routing} and
     * {@code network_checks} of {@code /status}.
     *
     * @param checks one line per host problem found at start (IP forwarding off, a missing tool, ...)
     */
    public record NetworkView(WiredView wired, FirewallView firewall, RoutingView routing, java.util.List<String> checks) {
        public NetworkView {
            checks = java.util.List.copyOf(checks);
        }
    }

    /** {@code path} is {@code unknown} until the wired path is probed. */
    public record WiredView(String interfaceName, String gateway, String path, String reason, Instant since) {
    }

    public record FirewallView(boolean managed, int forwards, java.util.List<String> allowed, boolean blockedByCap,
            String lastError, Instant loadedAt, Long loadMillis) {
        public FirewallView {
            allowed = java.util.List.copyOf(allowed);
        }
    }

    public record RoutingView(boolean replyRouting, String linkInterface, String linkIp, String lastError,
            Instant appliedAt, Long applyMillis) {
    }

    public StatusSnapshot withState(String newState, String reason, Instant since, boolean isHealthy, String why) {
        return new StatusSnapshot(newState, reason, since, isHealthy, why, modem, ppp, dns, recovery, dataUsage,
                network, startedAt, startedNanos);
    }

    public StatusSnapshot withModem(ModemView m) {
        return new StatusSnapshot(state, stateReason, stateSince, healthy, unhealthyReason, m, ppp, dns, recovery,
                dataUsage, network, startedAt, startedNanos);
    }

    public StatusSnapshot withPpp(PppView p) {
        return new StatusSnapshot(state, stateReason, stateSince, healthy, unhealthyReason, modem, p, dns, recovery,
                dataUsage, network, startedAt, startedNanos);
    }

    public StatusSnapshot withDns(DnsView d) {
        return new StatusSnapshot(state, stateReason, stateSince, healthy, unhealthyReason, modem, ppp, d, recovery,
                dataUsage, network, startedAt, startedNanos);
    }

    public StatusSnapshot withRecovery(RecoveryView r) {
        return new StatusSnapshot(state, stateReason, stateSince, healthy, unhealthyReason, modem, ppp, dns, r,
                dataUsage, network, startedAt, startedNanos);
    }

    public StatusSnapshot withNetwork(NetworkView n) {
        return new StatusSnapshot(state, stateReason, stateSince, healthy, unhealthyReason, modem, ppp, dns, recovery,
                dataUsage, n, startedAt, startedNanos);
    }

    public StatusSnapshot withDataUsage(DataUsageView u) {
        return new StatusSnapshot(state, stateReason, stateSince, healthy, unhealthyReason, modem, ppp, dns, recovery,
                u, network, startedAt, startedNanos);
    }
}
