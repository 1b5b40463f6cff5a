package dev.failberry.ppp;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One probe round through the link.
 *
 * @param ok                the round passed: at least {@code required} checks succeeded
 * @param latency           fastest successful check, or null when none succeeded
 * @param checks            each TCP target and the HTTP check
 * @param failuresInWindow  failed rounds among the last {@code window}
 * @param state             the verification state after this round
 * @param required          checks that must succeed for a round to pass
 */
public record ProbeResult(
        Instant at,
        boolean ok,
        Duration latency,
        List<Check> checks,
        int failuresInWindow,
        int window,
        ProbeState state,
        int required) {

    public ProbeResult {
        checks = List.copyOf(checks);
    }

    public enum ProbeState {
        UNVERIFIED,
        VERIFIED,
        DEGRADED
    }

    /** One check: a TCP target {@code host:port} or an HTTP URL. {@code error} is null on success. */
    public record Check(String target, boolean ok, Duration latency, String error) {}

    /** How many checks of this round failed. */
    public int failed() {
        int n = 0;
        for (Check c : checks) {
            n += c.ok() ? 0 : 1;
        }
        return n;
    }

    /** Short text of the failures, for logs and the degraded reason. */
    public String failureSummary() {
        StringBuilder s = new StringBuilder();
        for (Check c : checks) {
            if (!c.ok()) {
                if (s.length() > 0) {
                    s.append("; ");
                }
                s.append(c.target()).append(": ").append(c.error());
            }
        }
        return s.toString();
    }
}
