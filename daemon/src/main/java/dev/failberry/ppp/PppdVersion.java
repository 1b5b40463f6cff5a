package dev.failberry.ppp;

import dev.failberry.proc.CommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pppd version, which decides between {@code replacedefaultroute} (2.4.x) and
 * {@code defaultroute-metric} (2.5 and later; 2.5.x only prints an error for the former).
 */
public record PppdVersion(int major, int minor, int patch) implements Comparable<PppdVersion> {
    private static final Logger log = LoggerFactory.getLogger(PppdVersion.class);
    private static final Pattern VERSION = Pattern.compile("pppd version (\\d{1,3})\\.(\\d{1,3})(?:\\.(\\d{1,3}))?");
    private static final ConcurrentHashMap<Path, PppdVersion> CACHE = new ConcurrentHashMap<>();
    /** What Raspberry Pi OS Bookworm ships; assumed when the version cannot be determined. */
    public static final PppdVersion BOOKWORM = new PppdVersion(2, 4, 9);

    /** Parses the output of {@code pppd --version}, e.g. {@code pppd version 2.4.9}. Pure. */
    public static Optional<PppdVersion> parse(String output) {
        if (output == null) {
            return Optional.empty();
        }
        Matcher m = VERSION.matcher(output);
        if (!m.find()) {
            return Optional.empty();
        }
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return Optional.of(new PppdVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch));
    }

    /**
     * Runs {@code <pppd> --version} once per executable and caches the answer. When the version cannot
     * be read, logs one line and assumes {@link #BOOKWORM}.
     */
    public static PppdVersion detect(Path pppd, CommandRunner runner) {
        return CACHE.computeIfAbsent(pppd, p -> {
            var result = runner.run(List.of(p.toString(), "--version"), Duration.ofSeconds(10));
            Optional<PppdVersion> v = parse(result.output());
            if (v.isEmpty()) {
                log.warn(
                        "pppd version unknown ({}), assuming {}",
                        result.startError() != null ? result.describe() : "no 'pppd version' in its output",
                        BOOKWORM);
                return BOOKWORM;
            }
            log.info("pppd version {}", v.get());
            return v.get();
        });
    }

    /** True for 2.5 and later, which dropped {@code replacedefaultroute} in favour of {@code defaultroute-metric}. */
    public boolean hasDefaultRouteMetric() {
        return compareTo(new PppdVersion(2, 5, 0)) >= 0;
    }

    @Override
    public int compareTo(PppdVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
