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
 */
public record LinkDown(PppdExit reason, int exitStatus, String cause, boolean wasUp, Duration upFor) {

    /** One line for logs and status, e.g. {@code pppd exited 16: modem hung up (Modem hangup)}. */
    public String describe() {
        String head = exitStatus >= 0 ? "pppd exited " + exitStatus + ": " + reason.text() : reason.text();
        return cause == null ? head : head + " (" + cause + ")";
    }
}
