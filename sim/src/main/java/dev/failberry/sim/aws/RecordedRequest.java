package dev.failberry.sim.aws;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request as {@link LoopbackAws} received it.
 *
 * @param arrivalNanos {@link System#nanoTime()} when the request head arrived (for latency measurements)
 * @param headers      header names in lower case
 * @param fault        the scripted fault it was answered with, if any
 */
public record RecordedRequest(
        long arrivalNanos,
        Instant arrival,
        String method,
        String path,
        String query,
        Map<String, List<String>> headers,
        String body,
        Operation operation,
        String sourceAddress,
        Optional<Fault> fault) {

    public Optional<String> header(String name) {
        List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }
}
