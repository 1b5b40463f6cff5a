package dev.failberry.modem.sms;

/**
 * Where SMS dialogues run: the modem side hands {@code dialogue} an {@link AtChannel} on its AT control
 * port (on the session's thread, between its own polls) and returns what it gave back, or
 * {@link SmsOutcome.Waiting} when no port is free (never breaking a working PPP link for an SMS) or none
 * has been opened yet (the daemon is starting). Called
 * from the notifier's thread; may block for the dialogue's own timeouts (about a minute at most).
 */
@FunctionalInterface
public interface SmsTransport {
    SmsOutcome run(SmsDialogue dialogue);

    /**
     * Calls {@code opened} each time the AT port opens (the first time, after it vanished or was reset, after
     * pppd gave it back), once the modem's own dialogue on it has run: an SMS that was told
     * {@link SmsOutcome.Waiting} may go now, rather than at the waiter's next look. Called on the modem's
     * thread: {@code opened} must only hand work over, never block. The default never calls it (a transport
     * without a port that comes and goes).
     */
    default void whenPortOpens(Runnable opened) {}

    /** For a daemon without a modem to send through (no AT control port configured). */
    SmsTransport NONE = d -> new SmsOutcome.Failed(false, "no modem AT port to send SMS through");
}
