package dev.failberry.status;

import java.time.Instant;

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

    public NetworkView withWired(WiredView w) {
        return new NetworkView(w, firewall, routing, checks);
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
}
