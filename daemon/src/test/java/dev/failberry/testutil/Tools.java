package dev.failberry.testutil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;

/**
 * External programs some tests drive (Debian's {@code chromium}, {@code promtool}). Where they are missing a
 * test skips with one line; but where {@code .ci/run} installed them it exports {@code FAILBERRY_REQUIRE_TOOLS}
 * with their names, and there a missing tool fails the test: a browser test that quietly skips in CI proves
 * nothing.
 */
public final class Tools {
    public static final String REQUIRE = "FAILBERRY_REQUIRE_TOOLS";

    private Tools() {}

    /**
     * The first of {@code names} found executable on PATH; otherwise a skip of {@code what} with one line, or
     * a failure where required.
     */
    public static Path find(String what, String... names) {
        for (String name : names) {
            for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path p = Path.of(d.isEmpty() ? "." : d, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        if (required(names[0], System.getenv(REQUIRE))) {
            throw new AssertionError(names[0] + " not found on PATH, but " + REQUIRE + " says .ci/run installed it");
        }
        Assumptions.abort(names[0] + " not installed: " + what + " skipped (.ci/run installs it)");
        return null;
    }

    static boolean required(String tool, String env) {
        return env != null && Arrays.asList(env.trim().split("[\\s,]+")).contains(tool);
    }
}
