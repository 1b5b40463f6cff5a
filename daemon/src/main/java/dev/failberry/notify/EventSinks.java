package dev.failberry.notify;

import java.util.List;

/** Combines sinks: the supervisor emits once, the notifier and the history journal each get the event. */
public final class EventSinks {
    private EventSinks() {}

    /**
     * A sink that gives every event to each of {@code sinks} in order. One that throws (a bug: sinks must
     * not) does not keep the event from the others.
     */
    public static EventSink tee(EventSink... sinks) {
        List<EventSink> all = List.of(sinks);
        if (all.size() == 1) {
            return all.get(0);
        }
        return e -> {
            for (EventSink s : all) {
                try {
                    s.emit(e);
                } catch (RuntimeException ex) {
                    org.slf4j.LoggerFactory.getLogger(EventSinks.class)
                            .warn("event {} not taken by a sink: {}", e.name().wire(), ex.toString());
                }
            }
        };
    }
}
