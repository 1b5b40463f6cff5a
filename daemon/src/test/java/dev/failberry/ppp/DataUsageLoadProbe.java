package dev.failberry.ppp;

import dev.failberry.time.VirtualTime;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Run by {@link DataUsageTest} in a child JVM with the daemon's heap (-Xmx48m): loads a data-usage state
 * file as the daemon does at start and prints the counters it starts from.
 */
public final class DataUsageLoadProbe {
    private DataUsageLoadProbe() {}

    public static void main(String[] args) {
        var config = TestConfigs.config("ppp.data-usage.statistics-dir = \"" + args[1] + "\"")
                .ppp()
                .dataUsage();
        var usage = new DataUsage(
                config,
                Path.of(args[0]),
                new VirtualTime(Instant.parse("2026-03-10T12:00:00Z")),
                ZoneOffset.UTC,
                new RecordingPppListener());
        usage.start();
        System.out.println("started rx=" + usage.snapshot().rxBytes() + " tx="
                + usage.snapshot().txBytes());
    }
}
