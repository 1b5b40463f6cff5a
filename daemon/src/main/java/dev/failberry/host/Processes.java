package dev.failberry.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What a lock holder's pid stands for, in words for a message. Linux {@code /proc}. */
public final class Processes {
    private Processes() {}

    /** Whether a process with this pid exists now (a zombie counts as gone). */
    static boolean alive(long pid) {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The command line of {@code pid}, empty when it cannot be read. */
    static List<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String s = new String(raw, 0, Math.min(raw.length, 256 * 1024), StandardCharsets.UTF_8);
            return s.isEmpty() ? List.of() : Arrays.asList(s.split("\0"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * The failberry daemon behind {@code pid}: itself when its command line is one ({@code java ...
     * failberry.jar run} or {@code demo}), its parent when it is a pppd the daemon started (only those
     * have {@code linkname failberry}); empty for anything else (minicom, ModemManager, a shell).
     */
    public static Optional<Long> failberryDaemon(long pid) {
        List<String> cmd = commandLine(pid);
        for (int i = 0; i + 1 < cmd.size(); i++) {
            if (cmd.get(i).equals("linkname") && cmd.get(i + 1).equals("failberry")) {
                return ProcessHandle.of(pid)
                        .flatMap(ProcessHandle::parent)
                        .map(ProcessHandle::pid)
                        .filter(parent -> isDaemon(commandLine(parent)));
            }
        }
        return isDaemon(cmd) ? Optional.of(pid) : Optional.empty();
    }

    private static boolean isDaemon(List<String> cmd) {
        return cmd.stream().anyMatch(a -> a.contains("failberry")) && (cmd.contains("run") || cmd.contains("demo"));
    }

    /** "pid 1234 (java ... run)" with the command shortened to its program and last word. */
    public static String describe(long pid) {
        List<String> cmd = commandLine(pid);
        if (cmd.isEmpty()) {
            return "pid " + pid;
        }
        String program = Path.of(cmd.get(0)).getFileName().toString();
        String shown = cmd.size() > 3
                ? program + " ... " + String.join(" ", cmd.subList(cmd.size() - 2, cmd.size()))
                : String.join(" ", cmd);
        return "pid " + pid + " (" + shown.replaceAll("\\p{Cntrl}", "?") + ")";
    }
}
