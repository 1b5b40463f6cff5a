package dev.failberry.modem.sms;

/**
 * How one attempt to send an SMS ended. Once the modem answered {@code +CMGS: <mr>} (or OK to the
 * message) it is {@link Sent} and is never sent again for the same event.
 */
public sealed interface SmsOutcome {
    /** The network took the message; {@code messageReference} is -1 when the modem gave none. */
    record Sent(int messageReference, boolean textMode) implements SmsOutcome {}

    /** It failed; {@code retryable} says whether waiting can help (see SmsErrors). */
    record Failed(boolean retryable, String reason) implements SmsOutcome {}

    /**
     * Nothing was tried because the control port is not free now (a single-port stick while pppd holds
     * it) or not opened yet (the daemon is starting): the message waits, without counting as an attempt
     * and without touching the working link.
     */
    record Waiting(String reason) implements SmsOutcome {}
}
