package dev.failberry.proc;

import java.time.Duration;
import java.util.List;

/** Run in a child JVM by {@link ChildEnvironmentTest}: prints what {@code env} sees when run as uhubctl is. */
public final class EnvProbe {
    private EnvProbe() {}

    public static void main(String[] args) {
        System.out.print(new CommandRunner()
                .run(List.of("/usr/bin/env"), Duration.ofSeconds(20))
                .output());
    }
}
