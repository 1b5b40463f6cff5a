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

    public record Signal(Integer csq, Integer rssiDbm) {}

    /** @param stick what only a router stick (link.type = ethernet) tells; null for an AT modem */
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
            String lastError,
            StickView stick) {

        /** An AT modem's view. */
        public ModemView(
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
            this(
                    state,
                    port,
                    manufacturer,
                    model,
                    revision,
                    imei,
                    sim,
                    registration,
                    operator,
                    accessTechnology,
                    signal,
                    consecutiveTimeouts,
                    lastError,
                    null);
        }
    }

    /** A router stick's own report (HiLink API): see {@code dev.failberry.modem.ModemStatus.Stick}. */
    public record StickView(
            String control,
            String connection,
            String wanIp,
            Double rsrpDbm,
            Double rsrqDb,
            Double sinrDb,
            String band,
            Long trafficRx,
            Long trafficTx,
            Long connectedSeconds,
            String dmz) {}

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
            Long probeLatencyMs) {}

    public record DnsView(String provider, String record, String publishedIp, Instant lastUpdate, String lastError) {}

    public record Action(Instant time, String action, String reason) {}

    /**
     * The recovery ladder's next step while a fault lasts: {@code action} (a recovery action's label, or
     * "pause" when every rung was tried), its {@code attempt} ("2/2", null for a pause), when it comes if
     * nothing changes ({@code at}, and {@code atNanos} on the monotonic clock for "in N s"), and why not
     * sooner.
     */
    public record Next(String action, String attempt, Instant at, long atNanos, String why) {}

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

    /**
     * The billing period's usage and the data budget.
     *
     * @param periodEnd      when the next period starts (the block lifts by itself then)
     * @param capAction      {@code warn} or {@code block}
     * @param overCap        usage reached the cap this period
     * @param blocked        LAN traffic may not use the link (the budget's decision; {@code firewall.blocked_by_cap}
     *                       says whether the table in force does it)
     * @param adminOverride  {@code lifted} or {@code blocked} by an admin for the rest of the period, or null
     * @param projectedBytes usage at the end of the period at the average rate so far (null early in a period)
     * @param linkOverhead   what the link carries for the Pi itself (null until measured)
     */
    public record DataUsageView(
            long rxBytes,
            long txBytes,
            Instant periodStart,
            Long capBytes,
            Integer usedPercent,
            boolean warning,
            Instant periodEnd,
            String capAction,
            boolean overCap,
            boolean blocked,
            String adminOverride,
            Long projectedBytes,
            OverheadView linkOverhead) {

        public DataUsageView(
                long rxBytes, long txBytes, Instant periodStart, Long capBytes, Integer usedPercent, boolean warning) {
            this(
                    rxBytes,
                    txBytes,
                    periodStart,
                    capBytes,
                    usedPercent,
                    warning,
                    null,
                    "warn",
                    false,
                    false,
                    null,
                    null,
                    null);
        }
    }

    /**
     * The link's own cost to the SIM, measured from the firewall table's counters over {@code seconds}:
     * health checks received (connections and bytes both ways, IP headers included) and the Pi's other
     * traffic on the link (probes, public-IP check, DNS and AWS calls, unsolicited packets). Rates are null
     * for the first minute.
     */
    public record OverheadView(
            long seconds,
            long healthChecks,
            long healthBytes,
            long ownBytes,
            Long bytesPerHealthCheck,
            Long healthBytesPerDay,
            Long ownBytesPerDay,
            Long bytesPerDay,
            Long projectedMonthBytes) {}

    /**
     * Routing and firewall, rendered as the top-level {@code wired}, {@code firewall}, {@code routing} and
     * {@code network_checks} of {@code /status}.
     *
     * @param checks one line per host problem found at start (IP forwarding off, a missing tool, ...)
     */
    public record NetworkView(
            WiredView wired, FirewallView firewall, RoutingView routing, java.util.List<String> checks) {
        public NetworkView {
            checks = java.util.List.copyOf(checks);
        }

        public NetworkView withWired(WiredView w) {
            return new NetworkView(w, firewall, routing, checks);
        }
    }

    /**
     * The wired side and what its probes say ({@code wired} of {@code /status}).
     *
     * @param address          the wired interface's IPv4 address (the probes' source), if known
     * @param path             {@code up}, {@code down} or {@code unknown} (not checked, nothing judged yet, or no
     *                         probing possible: see {@code reason})
     * @param reason           why, in detail (targets, errors): for the status and the log only, never the public port
     * @param since            when {@code path} last changed
     * @param checkedAt        when the last round was judged
     * @param required         targets that must answer for a round to pass; null while not checked
     * @param failedRounds     failed rounds among the last {@code window}
     * @param targets          the last round, per target
     */
    public record WiredView(
            String interfaceName,
            String gateway,
            String address,
            String path,
            String reason,
            Instant since,
            Instant checkedAt,
            Integer required,
            int failedRounds,
            int window,
            java.util.List<WiredTarget> targets) {
        public WiredView {
            targets = targets == null ? java.util.List.of() : java.util.List.copyOf(targets);
        }

        /** The wired side before (or without) probing: path {@code unknown}. */
        public WiredView(String interfaceName, String gateway, String path, String reason, Instant since) {
            this(interfaceName, gateway, null, path, reason, since, null, null, 0, 0, java.util.List.of());
        }

        public WiredView withAddress(String a) {
            return new WiredView(
                    interfaceName, gateway, a, path, reason, since, checkedAt, required, failedRounds, window, targets);
        }

        /** Targets of the last round that did not answer. */
        public int unreachable() {
            int n = 0;
            for (WiredTarget t : targets) {
                n += t.ok() ? 0 : 1;
            }
            return n;
        }
    }

    /** One wired probe target in the last round: its configured name, whether it answered, how fast, or why not. */
    public record WiredTarget(String target, boolean ok, Long latencyMs, String error) {}

    public record FirewallView(
            boolean managed,
            int forwards,
            java.util.List<String> allowed,
            boolean blockedByCap,
            String lastError,
            Instant loadedAt,
            Long loadMillis) {
        public FirewallView {
            allowed = java.util.List.copyOf(allowed);
        }
    }

    public record RoutingView(
            boolean replyRouting,
            String linkInterface,
            String linkIp,
            String lastError,
            Instant appliedAt,
            Long applyMillis) {}

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
