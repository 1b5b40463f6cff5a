package dev.failberry.modem.sms;

/**
 * Where SMS dialogues run: the modem side hands {@code dialogue} an {@link AtChannel} on its AT control
 * port (on the session's thread, between its own polls) and returns what it gave back, or
 * {@link SmsOutcome.Waiting} when no port is free (never breaking a working PPP link for an SMS). Called
 * from the notifier's thread; may block for the dialogue's own timeouts (about a minute at most).
 */
@FunctionalInterface
public interface SmsTransport {
    SmsOutcome run(SmsDialogue dialogue);

    /** For a daemon without a modem to send through (no AT control port configured). */
    SmsTransport NONE = d -> new SmsOutcome.Failed(false, "no modem AT port to send SMS through");
}
