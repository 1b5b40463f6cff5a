package dev.failberry.sim.ppp;

import dev.failberry.ppp.PppPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

/**
 * Real executables for {@code ppp.pppd} and {@code ppp.chat} on machines without pppd/chat: small
 * {@code /bin/sh} launchers that exec the running JVM's java with its classpath on {@link FakePppd} and
 * {@link FakeChat}. The fake pppd's control directory (pid files, tty locks, interface statistics,
 * scenario) is baked into its launcher as {@code -Dfailberry.sim.pppd.dir}.
 *
 * @param pppd       the pppd launcher
 * @param chat       the chat launcher
 * @param controlDir the fake pppd's control directory
 */
public record StandIns(Path pppd, Path chat, Path controlDir) {
    /** JVM flags for short-lived helper processes: fast start, small heap. */
    private static final String JVM_FLAGS = "-Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xmx32m";

    /** Writes {@code pppd} and {@code chat} launchers into {@code binDir}. */
    public static StandIns install(Path binDir, Path controlDir) throws IOException {
        Files.createDirectories(binDir);
        Files.createDirectories(controlDir.resolve("run"));
        Files.createDirectories(controlDir.resolve("lock"));
        Files.createDirectories(controlDir.resolve("net"));
        String java = dev.failberry.sim.Launchers.javaBinary();
        String cp = dev.failberry.sim.Launchers.absoluteClassPath();
        Path pppd = launcher(
                binDir.resolve("pppd"),
                java,
                JVM_FLAGS + " " + quote("-Dfailberry.sim.pppd.dir=" + controlDir.toAbsolutePath()),
                cp,
                FakePppd.class.getName());
        Path chat = launcher(binDir.resolve("chat"), java, JVM_FLAGS, cp, FakeChat.class.getName());
        return new StandIns(pppd, chat, controlDir.toAbsolutePath());
    }

    private static Path launcher(Path file, String java, String flags, String cp, String main) throws IOException {
        String script = "#!/bin/sh\nexec " + quote(java) + " " + flags + " -cp " + quote(cp) + " " + main + " \"$@\"\n";
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    public Path pidDir() {
        return paths(controlDir, controlDir).pidDir();
    }

    public Path lockDir() {
        return paths(controlDir, controlDir).lockDir();
    }

    /** Where the fake pppd writes {@code <iface>/statistics/{rx,tx}_bytes} (ppp.data-usage.statistics-dir). */
    public Path statisticsDir() {
        return controlDir.resolve("net");
    }

    /** PppPaths using the fake pppd's pid and lock directories. */
    public PppPaths paths(Path runtimeDir) {
        return paths(controlDir, runtimeDir);
    }

    /** As {@link #paths(Path)} for stand-ins installed (perhaps by another process) with {@code controlDir}. */
    public static PppPaths paths(Path controlDir, Path runtimeDir) {
        return new PppPaths(runtimeDir, controlDir.resolve("run"), controlDir.resolve("lock"));
    }

    /**
     * Sets the scenario for the next pppd runs (see {@link FakePppd.Scenario}): {@code outcome} =
     * up | negotiation-failed | silent | exit; {@code exit-code}, {@code exit-line}, {@code local-ip},
     * {@code remote-ip}, {@code dns1}, {@code dns2}, {@code negotiation-ms}, {@code peer-dead-after-ms},
     * {@code rx-per-tick}, {@code tx-per-tick}, {@code ignore-sigterm}, {@code version} (what
     * {@code --version} says); lab mode: {@code lab.carrier-netns}, {@code lab.ip}, {@code lab.ipv6}
     * ({@link LabLink}); {@code key.N} applies to the N-th run only. Resets the run counter.
     */
    public void scenario(Map<String, String> values) throws IOException {
        Properties p = new Properties();
        p.putAll(values);
        try (var out = Files.newOutputStream(controlDir.resolve("scenario.properties"))) {
            p.store(out, "fake pppd scenario");
        }
        Files.deleteIfExists(controlDir.resolve("runs"));
    }

    /** How many times the fake pppd started since the last {@link #scenario} call. */
    public int runs() throws IOException {
        Path counter = controlDir.resolve("runs");
        return Files.exists(counter)
                ? Integer.parseInt(Files.readString(counter).strip())
                : 0;
    }
}
