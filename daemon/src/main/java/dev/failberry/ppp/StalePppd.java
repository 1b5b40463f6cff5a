package dev.failberry.ppp;

import dev.failberry.proc.ProcessTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a pppd left over from a previous run (daemon crash, kill -9) through pppd's own pid file
 * ({@code linkname}) and the UUCP lock of our tty, and terminates it. A process only counts as ours when
 * its command line carries {@code linkname failberry}: that is unique to a pppd this daemon started, so a
 * recycled pid or someone else's minicom holding the tty is never killed.
 */
final class StalePppd {
    private static final Logger log = LoggerFactory.getLogger(StalePppd.class);
    /** Foreign pids already reported, so a redial loop does not repeat the warning. */
    private static final Set<Long> REPORTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private StalePppd() {}

    /** Terminates stale pppds found through the pid file and the tty lock; returns their pids. */
    public static List<Long> clean(PppPaths paths, String tty, Duration grace) {
        Set<Path> sources = new LinkedHashSet<>();
        sources.add(paths.pidFile());
        sources.add(paths.lockFile(tty));
        try {
            Path real = Path.of(tty).toRealPath();
            sources.add(paths.lockFile(real.toString()));
        } catch (IOException | RuntimeException ignored) {
            // the tty may not exist yet; the configured name is checked anyway
        }
        List<Long> killed = new ArrayList<>();
        for (Path source : sources) {
            Optional<Long> pid = readPid(source);
            if (pid.isEmpty() || pid.get() == ProcessHandle.current().pid() || killed.contains(pid.get())) {
                continue;
            }
            Optional<ProcessHandle> handle = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
            if (handle.isEmpty()) {
                continue;
            }
            List<String> cmdline = commandLine(pid.get(), handle.get());
            if (!isOurPppd(cmdline)) {
                if (REPORTED.size() > 100) {
                    REPORTED.clear();
                }
                if (!REPORTED.add(pid.get())) {
                    continue;
                }
                log.warn(
                        "{} names pid {} ({}), which is not a pppd of ours; leaving it alone",
                        source,
                        pid.get(),
                        cmdline.isEmpty() ? "command unknown" : String.join(" ", cmdline));
                continue;
            }
            log.warn("terminating stale pppd pid {} from a previous run (found through {})", pid.get(), source);
            terminate(handle.get(), grace);
            killed.add(pid.get());
        }
        if (!killed.isEmpty()) {
            try {
                Files.deleteIfExists(paths.pidFile());
            } catch (IOException e) {
                log.warn("could not remove stale pid file {}: {}", paths.pidFile(), e.getMessage());
            }
        }
        return killed;
    }

    /** True for a command line with {@code linkname failberry} (only pppd takes that option pair). */
    static boolean isOurPppd(List<String> cmdline) {
        for (int i = 0; i + 1 < cmdline.size(); i++) {
            if (cmdline.get(i).equals("linkname") && cmdline.get(i + 1).equals(PppOptions.LINK_NAME)) {
                return true;
            }
        }
        return false;
    }

    /** First number in a pid file (pppd: "1234\nppp0\n"; UUCP lock: "      1234\n"). */
    static Optional<Long> readPid(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.US_ASCII).strip();
            String first = text.split("\\s+", 2)[0];
            long pid = Long.parseLong(first);
            return pid > 1 ? Optional.of(pid) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static List<String> commandLine(long pid, ProcessHandle handle) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String s = new String(raw, StandardCharsets.UTF_8);
            return Arrays.stream(s.split("\0")).toList();
        } catch (IOException | RuntimeException e) {
            var info = handle.info();
            List<String> out = new ArrayList<>();
            info.command().ifPresent(out::add);
            info.arguments().ifPresent(a -> out.addAll(Arrays.asList(a)));
            return out;
        }
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL the process and its descendants. Blocks. */
    static void terminate(ProcessHandle handle, Duration grace) {
        if (!ProcessTree.stop(handle, grace)) {
            log.warn("pid {} ignored SIGTERM for {}; killed it", handle.pid(), grace);
        }
    }
}
