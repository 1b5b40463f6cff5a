package dev.failberry.sim.usb;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A stand-in for uhubctl, run as a real process through a launcher script ({@link #writeLauncher}), for
 * tests and the demo. It behaves like uhubctl where the daemon can tell: same arguments
 * ({@code -l LOC [-p PORTS] -a off|on|cycle [-d SECONDS]}), uhubctl-like output, and exit status 0 even
 * when the switch did nothing (as uhubctl does), 1 for "no devices"/permission errors (as uhubctl does).
 *
 * <p><b>Settings</b>: system properties baked into the launcher, or environment variables of the same
 * name upper-cased with '.'/'-' as '_' (e.g. {@code FAKE_UHUBCTL_SCENARIO}):
 * <ul>
 * <li>{@code fake-uhubctl.log}: file to which each call appends one line {@code start <args...>} and, when
 *     it finishes, {@code end <action>} (so tests can prove calls never overlap).</li>
 * <li>{@code fake-uhubctl.scenario}: {@code ok} (default), {@code no-effect} (prints success, changes
 *     nothing), {@code vanish} (power goes off and the modem never returns), {@code control-failed}
 *     ("Failed to control port power!"), {@code no-devices-error},
 *     {@code permission-error}, {@code hang} (never exits), {@code hang-after-off} ("off" and "cycle"
 *     switch the power off as in ok, then never exit; "on" works as in ok: a uhubctl that hung mid-cycle).</li>
 * <li>{@code fake-uhubctl.sysfs}, {@code fake-uhubctl.dev}, {@code fake-uhubctl.device}: a fake sysfs
 *     and /dev tree ({@link FakeSysfs}) and the modem's USB path in it. In scenario ok, "off" removes the
 *     device (stashing it in {@code <sysfs>/.fake-uhubctl-<device>}), "on" adds it back with a new devnum
 *     and new ttyUSB numbers (the old ones counted as still held open); "cycle" does both, sleeping
 *     {@code fake-uhubctl.cycle-sleep-ms} (default 200) in between instead of the full {@code -d}.</li>
 * <li>{@code fake-uhubctl.control-dir}: the simulator's signal: each power change appends a line
 *     {@code off <location>} or {@code on <location>} to {@code <dir>/power-events}. A modem simulator
 *     watching this file vanishes on "off" and reappears (new pseudo-terminal) on "on".</li>
 * </ul>
 */
public final class FakeUhubctl {
    public static final String MAIN = FakeUhubctl.class.getName();

    private FakeUhubctl() {}

    /**
     * Writes an executable {@code #!/bin/sh} launcher that runs this class with the running JVM's java
     * and class path, with {@code settings} (keys without the {@code fake-uhubctl.} prefix, e.g.
     * {@code "scenario" -> "ok"}) baked in as system properties. Values must not contain a single quote.
     */
    public static Path writeLauncher(Path script, Map<String, String> settings) throws IOException {
        String java = dev.failberry.sim.Launchers.javaBinary();
        StringBuilder sb = new StringBuilder("#!/bin/sh\nexec ")
                .append(quote(java))
                .append(" -Xshare:auto -XX:TieredStopAtLevel=1");
        for (var e : settings.entrySet()) {
            sb.append(' ').append(quote("-Dfake-uhubctl." + e.getKey() + "=" + e.getValue()));
        }
        sb.append(" -cp ")
                .append(quote(dev.failberry.sim.Launchers.absoluteClassPath()))
                .append(' ')
                .append(MAIN)
                .append(" \"$@\"\n");
        Files.writeString(script, sb.toString());
        script.toFile().setExecutable(true);
        return script;
    }

    private static String quote(String s) {
        if (s.contains("'")) {
            throw new IllegalArgumentException("quote in launcher value: " + s);
        }
        return "'" + s + "'";
    }

    public static void main(String[] args) throws Exception {
        int rc = run(args, System.out, System.err);
        System.out.flush();
        System.exit(rc);
    }

    static String setting(String key, String dflt) {
        String v = System.getProperty("fake-uhubctl." + key);
        if (v == null) {
            v = System.getenv(("fake_uhubctl_" + key)
                    .toUpperCase(Locale.ROOT)
                    .replace('-', '_')
                    .replace('.', '_'));
        }
        return v == null || v.isEmpty() ? dflt : v;
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        List<String> a = Arrays.asList(args);
        String location = value(a, "-l").orElse("");
        String ports = value(a, "-p").orElse("1-4");
        String action = value(a, "-a").orElse("status");
        Optional<Path> logFile = Optional.ofNullable(setting("log", null)).map(Path::of);
        append(logFile, "start " + String.join(" ", args));
        try {
            String scenario = setting("scenario", "ok");
            switch (scenario) {
                case "no-devices-error" -> {
                    err.println("No compatible devices detected at location " + location + "!");
                    err.println("Run with -h to get usage info.");
                    return 1;
                }
                case "permission-error" -> {
                    err.println("There were permission problems while accessing USB.");
                    err.println("Follow https://git.io/JIB2Z for a fix!");
                    err.println("No compatible devices detected at location " + location + "!");
                    err.println("Run with -h to get usage info.");
                    return 1;
                }
                case "hang" -> {
                    Thread.sleep(Long.MAX_VALUE);
                    return 0;
                }
                default -> {
                    // ok, no-effect, control-failed
                }
            }
            boolean acts = scenario.equals("ok") || scenario.equals("vanish") || scenario.equals("hang-after-off");
            String hub = "[0424:9514, USB 2.00, 5 ports, ppps]";
            out.println("Current status for hub " + location + " " + hub);
            out.println("  Port " + first(ports)
                    + ": 0503 power highspeed enable connect [12d1:1506 HUAWEI_MOBILE HUAWEI_MOBILE]");
            if (action.equals("off") || action.equals("cycle") || action.equals("0") || action.equals("2")) {
                powerOff(location, acts, scenario, err);
                out.println("Sent power off request");
                out.println("New status for hub " + location + " " + hub);
                out.println("  Port " + first(ports) + ": 0000 off");
            }
            if (scenario.equals("hang-after-off") && !action.equals("on") && !action.equals("1")) {
                Thread.sleep(Long.MAX_VALUE);
            }
            if (action.equals("cycle") || action.equals("2")) {
                Thread.sleep(Long.parseLong(setting("cycle-sleep-ms", "200")));
            }
            if (action.equals("on") || action.equals("cycle") || action.equals("1") || action.equals("2")) {
                powerOn(location, acts, scenario.equals("vanish"));
                out.println("Sent power on request");
                out.println("New status for hub " + location + " " + hub);
                out.println("  Port " + first(ports) + ": 0100 power");
            }
            return 0;
        } finally {
            append(logFile, "end " + action);
        }
    }

    private static void powerOff(String location, boolean acts, String scenario, PrintStream err) throws IOException {
        if (scenario.equals("control-failed")) {
            err.println("Failed to control port power!");
            err.println(": Broken pipe");
            return;
        }
        if (!acts) {
            return;
        }
        signal("off " + location);
        Optional<FakeSysfs> fake = fakeTree();
        String device = setting("device", null);
        if (fake.isPresent() && device != null) {
            Optional<FakeSysfs.Device> d = fake.get().snapshot(device);
            if (d.isPresent()) {
                // the old tty numbers stay "held open" for the re-add
                String held = String.join(",", fake.get().ttysOf(device));
                Files.writeString(stash(fake.get(), device), FakeSysfs.encode(d.get()) + "held=" + held + "\n");
                fake.get().remove(device);
            }
        }
    }

    private static void powerOn(String location, boolean acts, boolean deadModem) throws IOException {
        if (!acts) {
            return;
        }
        if (deadModem) {
            signal("on " + location);
            return;
        }
        Optional<FakeSysfs> fake = fakeTree();
        String device = setting("device", null);
        if (fake.isPresent() && device != null) {
            Path stash = stash(fake.get(), device);
            if (Files.exists(stash) && !fake.get().exists(device)) {
                String text = Files.readString(stash);
                fake.get().addHolding(FakeSysfs.decode(text), held(text));
                Files.delete(stash);
            }
        }
        signal("on " + location);
    }

    private static Set<Long> held(String stashText) {
        return stashText
                .lines()
                .filter(l -> l.startsWith("held="))
                .findFirst()
                .map(l -> l.substring(5))
                .filter(s -> !s.isEmpty())
                .map(s -> Arrays.stream(s.split(","))
                        .map(t -> Long.parseLong(t.substring(6)))
                        .collect(java.util.stream.Collectors.toSet()))
                .orElse(Set.of());
    }

    private static Optional<FakeSysfs> fakeTree() {
        String sys = setting("sysfs", null);
        String dev = setting("dev", null);
        return sys == null || dev == null ? Optional.empty() : Optional.of(new FakeSysfs(Path.of(sys), Path.of(dev)));
    }

    private static Path stash(FakeSysfs fake, String device) {
        return fake.sysRoot().resolve(".fake-uhubctl-" + device);
    }

    private static void signal(String line) throws IOException {
        String dir = setting("control-dir", null);
        if (dir != null) {
            Files.createDirectories(Path.of(dir));
            append(Optional.of(Path.of(dir, "power-events")), line);
        }
    }

    private static void append(Optional<Path> file, String line) throws IOException {
        if (file.isPresent()) {
            Files.writeString(
                    file.get(),
                    line + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        }
    }

    private static Optional<String> value(List<String> a, String flag) {
        int i = a.indexOf(flag);
        return i >= 0 && i + 1 < a.size() ? Optional.of(a.get(i + 1)) : Optional.empty();
    }

    private static String first(String ports) {
        return ports.split("[,-]")[0];
    }
}
