package dev.failberry.notify;

/**
 * A way to reach the admin (webhook, SMS). {@link #deliver} runs on the notifier's thread and may block
 * for the channel's own timeouts; it is never called again for a notice once it answered
 * {@link Delivery.Sent} or {@link Delivery.Failed}.
 */
public interface NotifyChannel {
    /** "webhook" or "sms": the metric label and the key in status. */
    String name();

    /** What status and logs may show about where messages go (never a secret, never a phone number). */
    String target();

    Delivery deliver(Notice notice);

    /**
     * Registers {@code ready}, called (on any thread; it only hands work over) when a channel that answered
     * {@link Delivery.Waiting} may be usable now, so a waiting message goes at once instead of at the next
     * recheck. The default never calls it: such a channel is asked again at the recheck.
     */
    default void whenReady(Runnable ready) {}

    /** How one delivery attempt ended. */
    sealed interface Delivery {
        record Sent() implements Delivery {}

        /** Not delivered; waiting may help: retried with backoff until notify.retry-for. */
        record Retry(String reason) implements Delivery {}

        /** Not delivered and retrying cannot help (e.g. HTTP 404, SMS to an unassigned number): counted, dropped. */
        record Failed(String reason) implements Delivery {}

        /** Not tried: the channel cannot be used right now (the modem's only port is busy); asked again later. */
        record Waiting(String reason) implements Delivery {}
    }
}
