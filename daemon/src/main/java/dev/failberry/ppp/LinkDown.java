package dev.failberry.ppp;

import java.time.Duration;

/**
 * Why a pppd run ended.
 *
 * @param reason     pppd's exit status mapped, or a supervisor-side reason (stopped, connect timeout)
 * @param exitStatus the raw exit status, or -1 when pppd never ran
 * @param cause      the most telling log line (e.g. {@code Modem hangup}), or null
 * @param wasUp      whether the link had an IP address during this run
 * @param upFor      how long it was up (zero when it never came up)
 * @param stoppedFor why the daemon stopped pppd, when it did and that is why pppd ended (else null)
 */
public record LinkDown(
        PppdExit reason, int exitStatus, String cause, boolean wasUp, Duration upFor, String stoppedFor) {

    /**
     * One line for logs and status, e.g. {@code pppd exited 16: modem hung up (Modem hangup)} or
     * {@code pppd exited 5: stopped by the daemon: USB power cycle (Terminating on signal 15)}.
     */
    public String describe() {
        String head = exitStatus >= 0 ? "pppd exited " + exitStatus + ": " + reason.text() : reason.text();
        if (stoppedFor != null) {
            head += ": " + stoppedFor;
        }
        return cause == null ? head : head + " (" + cause + ")";
    }
}
