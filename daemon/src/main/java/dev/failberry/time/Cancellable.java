package dev.failberry.time;

/** A scheduled task that can be cancelled; cancelling twice or after it ran is harmless. */
@FunctionalInterface
public interface Cancellable {
    void cancel();

    Cancellable NONE = () -> {};
}
