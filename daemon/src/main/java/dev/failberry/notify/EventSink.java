package dev.failberry.notify;

/**
 * What the supervisor calls when it decides something worth telling. {@link #emit} never blocks and
 * never throws: the event is queued (or, with a full queue, dropped and counted) and everything else
 * happens on the notifier's own thread.
 */
@FunctionalInterface
public interface EventSink {
    void emit(NotifyEvent event);

    /** For a daemon with no channel configured. */
    EventSink NONE = e -> {};
}
