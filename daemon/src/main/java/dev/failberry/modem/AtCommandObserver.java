package dev.failberry.modem;

import java.time.Duration;

/** Metrics hook: called once per command on the sending thread, after the result is known. */
@FunctionalInterface
public interface AtCommandObserver {
    void onCommand(String command, AtResult.Status status, Duration latency);
}
