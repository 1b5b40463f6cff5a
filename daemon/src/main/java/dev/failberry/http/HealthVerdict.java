package dev.failberry.http;

import dev.failberry.status.NetworkView;
import dev.failberry.status.StatusSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What {@code /health} answers, computed from memory only: healthy while the supervisor says so and
 * its thread is alive (a missed heartbeat means a wedged daemon, which must not keep attracting
 * inbound traffic through DNS failover).
 *
 * <p>The public port says why in words from a fixed vocabulary, chosen from the supervisor's state and
 * the modem's and link's state names ({@link #publicReason}); never the state's free-text reason, which
 * names probe targets, ports and pppd's messages (issue 20: a 503 showed {@code 127.0.0.1:43287:
 * Connection refused} to the internet). The details stay in {@code status} ({@code unhealthy_reason},
 * {@code state_reason}) on the loopback admin port.
 */
public record HealthVerdict(boolean healthy, String body) {
    static final String OK_BODY = "failberry ok";
    /** The one healthy answer, shared: the hot path allocates nothing for it. */
    static final HealthVerdict OK = new HealthVerdict(true, OK_BODY);

    private static final String UNHEALTHY = "failberry unhealthy: ";
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_CLOCK =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * Alive or stalled, nothing else: the daemon lives, whatever the 3G link is doing (the 3G state would
     * make the wired check fail whenever only 3G is down). {@link #wired} adds the wired path's probes.
     */
    public static HealthVerdict alive(Duration heartbeatAge, Duration heartbeatLimit) {
        return alive(heartbeatAge.toNanos(), heartbeatLimit.toNanos());
    }

    /** As {@link #alive(Duration, Duration)}, in nanoseconds, allocating nothing when healthy. */
    public static HealthVerdict alive(long ageNanos, long limitNanos) {
        return ageNanos > limitNanos ? stalled(ageNanos) : OK;
    }

    /**
     * The answer for the wired record's own check ({@code Host: dns.failover.wired-record}): healthy while
     * the daemon lives and its probes do not say the wired path is down (up, or unknown: not checked, not
     * judged yet, no probing possible), whatever the 3G link is doing. Allocates nothing when healthy.
     */
    public static HealthVerdict wired(StatusSnapshot snapshot, long ageNanos, long limitNanos) {
        if (ageNanos > limitNanos) {
            return stalled(ageNanos);
        }
        NetworkView n = snapshot.network();
        NetworkView.WiredView w = n == null ? null : n.wired();
        if (w == null || !"down".equals(w.path())) {
            return OK;
        }
        return new HealthVerdict(false, UNHEALTHY + wiredReason(w, Instant.now()));
    }

    /**
     * Why the wired path is down, for the internet: how many targets do not answer and since when, in
     * words and numbers only (the targets' names and errors stay in {@code status}, like the link's).
     */
    static String wiredReason(NetworkView.WiredView w, Instant now) {
        String since = w.since() == null
                ? ""
                : " since "
                        + (Duration.between(w.since(), now).toHours() < 24
                                ? CLOCK.format(w.since())
                                : DAY_CLOCK.format(w.since()))
                        + " UTC";
        int total = w.targets().size();
        int unreachable = w.unreachable();
        if (total == 0 || unreachable == 0) {
            // still "wired path down: " first, as the interface promises; the reason, then since when
            return "wired path down: targets answer again, waiting for a clean window"
                    + (since.isEmpty() ? "" : " (down" + since + ")");
        }
        return "wired path down: " + unreachable + " of " + total + " target" + (total == 1 ? "" : "s") + " unreachable"
                + since;
    }

    public static HealthVerdict of(StatusSnapshot snapshot, Duration heartbeatAge, Duration heartbeatLimit) {
        return of(snapshot, heartbeatAge.toNanos(), heartbeatLimit.toNanos());
    }

    private static HealthVerdict stalled(long ageNanos) {
        return new HealthVerdict(false, UNHEALTHY + "supervisor stalled for " + ageNanos / 1_000_000_000L + " s");
    }

    /** As {@link #of(StatusSnapshot, Duration, Duration)}, in nanoseconds, allocating nothing when healthy. */
    public static HealthVerdict of(StatusSnapshot snapshot, long ageNanos, long limitNanos) {
        if (ageNanos > limitNanos) {
            return stalled(ageNanos);
        }
        if (snapshot.healthy()) {
            return OK;
        }
        return new HealthVerdict(false, UNHEALTHY + publicReason(snapshot));
    }

    /**
     * Why the link is unhealthy, for the internet: the supervisor's state, refined by the modem's
     * condition or the link's state where that tells a person what is wrong. Words only.
     */
    static String publicReason(StatusSnapshot s) {
        String modem =
                s.modem() == null || s.modem().state() == null ? "" : s.modem().state();
        boolean linkUp = s.ppp() != null && "up".equals(s.ppp().state());
        String state = s.state() == null ? "" : s.state();
        return switch (state) {
            case "STARTING" -> "starting";
            case "STOPPING" -> "stopping";
            case "MODEM_INIT" ->
                "modem not ready: "
                        + switch (modem) {
                            case "absent" -> "modem not found";
                            case "no_sim" -> "no SIM card";
                            case "sim_locked" -> "SIM locked (PIN or PUK needed)";
                            case "sim_busy" -> "SIM busy";
                            case "port_busy" -> "modem port in use by another program";
                            default -> "initialising";
                        };
            case "REGISTERING" ->
                "not registered: "
                        + ("denied".equals(modem)
                                ? "the mobile network refused registration"
                                : "searching for a mobile network");
            case "DIALING" -> "link down: " + (linkUp ? "checking that traffic flows" : "dialling");
            case "DEGRADED" -> "link degraded: traffic checks failing";
            case "RECOVERING" ->
                "recovering: "
                        + switch (modem) {
                            case "hung" -> "modem not answering";
                            case "gone" -> "modem disappeared";
                            case "absent" -> "waiting for the modem to return";
                            default -> "restoring the link";
                        };
            default ->
                state.matches("[A-Z_]{1,32}") ? state.toLowerCase(Locale.ROOT).replace('_', ' ') : "unknown";
        };
    }
}
