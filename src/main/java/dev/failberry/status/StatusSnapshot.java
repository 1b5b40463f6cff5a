package dev.failberry.status;

import dev.failberry.notify.NotifyStatus;
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
        NotifyStatus notifications,
        Instant startedAt,
        long startedNanos) {

    /** Without the notifications part (callers that do not know it; it is added with {@link #withNotify}). */
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

    public StatusSnapshot withState(String newState, String reason, Instant since, boolean isHealthy, String why) {
        return new StatusSnapshot(newState, reason, since, isHealthy, why, modem, ppp, dns, recovery, dataUsage,
                notifications, startedAt, startedNanos);
    }

    public StatusSnapshot withModem(ModemView m) {
        return new StatusSnapshot(state, stateReason, stateSince, healthy, unhealthyReason, m, ppp, dns, recovery,
                dataUsage, notifications, startedAt, startedNanos);
    }

    public StatusSnapshot withPpp(PppView p) {
        return new StatusSnapshot(state, stateReason, stateSince, healthy, unhealthyReason, modem, p, dns, recovery,
                dataUsage, notifications, startedAt, startedNanos);
    }

    public StatusSnapshot withDns(DnsView d) {
        return new StatusSnapshot(state, stateReason, stateSince, healthy, unhealthyReason, modem, ppp, d, recovery,
                dataUsage, notifications, startedAt, startedNanos);
    }

    public StatusSnapshot withRecovery(RecoveryView r) {
        return new StatusSnapshot(state, stateReason, stateSince, healthy, unhealthyReason, modem, ppp, dns, r,
                dataUsage, notifications, startedAt, startedNanos);
    }

    public StatusSnapshot withNotify(NotifyStatus n) {
        return new StatusSnapshot(state, stateReason, stateSince, healthy, unhealthyReason, modem, ppp, dns, recovery,
                dataUsage, n, startedAt, startedNanos);
    }

    public StatusSnapshot withDataUsage(DataUsageView u) {
        return new StatusSnapshot(state, stateReason, stateSince, healthy, unhealthyReason, modem, ppp, dns, recovery,
                u, notifications, startedAt, startedNanos);
    }
}
