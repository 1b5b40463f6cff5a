package dev.failberry.sim.ppp;

import dev.failberry.proc.ProcessTree;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Stand-in for pppd on machines without kernel PPP (real pppd exits 4 there). Same command line as pppd
 * ({@code file}, {@code connect}, {@code linkname}, {@code unit}/{@code ifname}, the tty, the speed,
 * {@code --version}); only {@code nodetach} operation. It writes {@code <pid-dir>/ppp-<linkname>.pid},
 * takes the UUCP lock with {@code lock}, opens the tty, runs the connect command through
 * {@code /bin/sh -c} with stdin/stdout on the tty (exactly as pppd does, so a real or fake chat meets the
 * modem), prints pppd's exact log lines, writes interface statistics, and exits with pppd's codes.
 * Signals: SIGTERM/SIGINT print {@code Terminating on signal N} and exit 5; SIGHUP hangs up (exit 16).
 * While up, EOF/EIO or {@code NO CARRIER} on the tty means the modem went away: {@code Modem hangup},
 * exit 16.
 *
 * <p>Control directory: system property {@code failberry.sim.pppd.dir} or environment
 * {@code FAILBERRY_SIM_PPPD_DIR} (the launcher from {@link StandIns} bakes it in). Inside it:
 * {@code run/} pid files, {@code lock/} tty locks, {@code net/<iface>/statistics/{rx,tx}_bytes}, and
 * {@code scenario.properties}, read at each start (see {@link Scenario}).
 *
 * <p>Lab mode (scenario key {@code lab.carrier-netns}): the link also exists as a real network interface
 * with pppd's name and addresses, its far end in the carrier's network namespace, and the default route
 * is handled as pppd handles it ({@link LabLink}).
 */
public final class FakePppd {
    static final String VERSION = "2.4.9";
    private static final Set<String> FLAGS = Set.of(
            "nodetach",
            "noauth",
            "auth",
            "lock",
            "nolock",
            "crtscts",
            "nocrtscts",
            "local",
            "modem",
            "noipdefault",
            "defaultroute",
            "nodefaultroute",
            "replacedefaultroute",
            "usepeerdns",
            "debug",
            "persist",
            "updetach",
            "detach",
            "novj",
            "noccp",
            "nobsdcomp",
            "nodeflate",
            "noaccomp",
            "nopcomp",
            "ipcp-accept-local",
            "ipcp-accept-remote",
            "noipv6",
            "+ipv6",
            "ipv6",
            "hide-password",
            "show-password",
            "lcp-echo-adaptive",
            "passive",
            "silent",
            "proxyarp",
            "noproxyarp",
            "nomagic",
            "default-asyncmap",
            "receive-all",
            "nopersist",
            "demand");
    private static final Set<String> WITH_ARG = Set.of(
            "connect",
            "disconnect",
            "linkname",
            "ipparam",
            "unit",
            "ifname",
            "lcp-echo-interval",
            "lcp-echo-failure",
            "defaultroute-metric",
            "mtu",
            "mru",
            "user",
            "password",
            "remotename",
            "maxfail",
            "holdoff",
            "idle",
            "call",
            "logfile",
            "asyncmap",
            "connect-delay",
            "lcp-max-configure",
            "ipcp-max-configure",
            "name",
            "init",
            "welcome",
            "pty",
            "kdebug",
            "maxconnect");

    private final PrintStream out =
            new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final Options opts = new Options();
    private Path dir;
    private Scenario scenario;
    private Path pidFile;
    private Path lockFile;
    private Path statsDir;
    private Process connect;
    /** The tty, held open for the whole session as pppd holds it: its close at exit is the modem's DTR drop. */
    private InputStream tty;

    private long upAt;
    private long rx;
    private long tx;
    private LabLink lab;

    /** Parsed command line. */
    static final class Options {
        final List<String> words = new ArrayList<>();
        String device;
        String speed;
        String connect;
        String linkname;
        String ifname = "ppp0";
        boolean nodetach;
        boolean lock;
        boolean usepeerdns;
        boolean defaultroute;
        boolean replacedefaultroute;
        Integer defaultrouteMetric;
    }

    public static void main(String[] args) {
        System.exit(new FakePppd().run(args));
    }

    int run(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-v"))) {
            System.err.println("pppd version " + Scenario.version(controlDir()));
            return 0;
        }
        try {
            parse(List.of(args));
        } catch (IllegalArgumentException | IOException e) {
            out.println("pppd: " + e.getMessage());
            return 2;
        }
        if (!opts.nodetach) {
            out.println("pppd: the fake pppd supports only nodetach operation");
            return 2;
        }
        if (opts.device == null) {
            out.println("pppd: no device specified");
            return 2;
        }
        String control = controlDir();
        if (control == null) {
            out.println("pppd: fake pppd needs -Dfailberry.sim.pppd.dir or FAILBERRY_SIM_PPPD_DIR");
            return 1;
        }
        dir = Path.of(control);
        try {
            scenario = Scenario.load(dir);
        } catch (IOException e) {
            out.println("pppd: cannot read scenario: " + e.getMessage());
            return 1;
        }
        installSignals();
        try {
            return session();
        } finally {
            cleanup();
        }
    }

    private static String controlDir() {
        return System.getProperty("failberry.sim.pppd.dir", System.getenv("FAILBERRY_SIM_PPPD_DIR"));
    }

    private void parse(List<String> args) throws IOException {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("file")) {
                parse(Words.split(Files.readString(Path.of(next(args, ++i, a))), false));
                continue;
            }
            if (FLAGS.contains(a)) {
                switch (a) {
                    case "nodetach" -> opts.nodetach = true;
                    case "lock" -> opts.lock = true;
                    case "usepeerdns" -> opts.usepeerdns = true;
                    case "defaultroute" -> opts.defaultroute = true;
                    case "nodefaultroute" -> opts.defaultroute = false;
                    case "replacedefaultroute" -> opts.replacedefaultroute = true;
                    default -> {}
                }
            } else if (WITH_ARG.contains(a)) {
                String v = next(args, ++i, a);
                switch (a) {
                    case "connect" -> opts.connect = v;
                    case "linkname" -> opts.linkname = v;
                    case "unit" -> opts.ifname = "ppp" + Integer.parseInt(v);
                    case "ifname" -> opts.ifname = v;
                    case "defaultroute-metric" -> opts.defaultrouteMetric = Integer.parseInt(v);
                    default -> {}
                }
            } else if (a.startsWith("/")) {
                opts.device = a;
            } else if (a.matches("\\d+")) {
                opts.speed = a;
            } else if (a.matches("[0-9.]*:[0-9.]*")) {
                continue;
            } else {
                throw new IllegalArgumentException("unrecognized option '" + a + "'");
            }
        }
    }

    private static String next(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException("missing argument for option '" + option + "'");
        }
        return args.get(i);
    }

    private int session() {
        out.println("pppd " + VERSION + " started by " + System.getProperty("user.name") + ", uid "
                + new com.sun.security.auth.module.UnixSystem().getUid());
        if (opts.linkname != null) {
            pidFile = dir.resolve("run").resolve("ppp-" + opts.linkname + ".pid");
            writeQuietly(pidFile, ProcessHandle.current().pid() + "\n");
        }
        if (opts.lock && !lock()) {
            return exit(6);
        }
        if (scenario.outcome().equals("exit")) {
            scenario.exitLine().ifPresent(out::println);
            return exit(scenario.exitCode());
        }
        if (scenario.outcome().equals("silent")) {
            return waitForSignalOnly();
        }
        if (!Files.exists(Path.of(opts.device))) {
            out.println("Failed to open " + opts.device + ": No such file or directory");
            return exit(7);
        }
        runQuietly("stty", "-F", opts.device, "raw", "-echo");
        try {
            tty = new FileInputStream(opts.device);
        } catch (IOException e) {
            out.println("Failed to open " + opts.device + ": " + e.getMessage());
            return exit(7);
        }
        if (opts.connect != null) {
            Integer code = runConnect();
            if (code == null) {
                return terminated(false);
            }
            if (code != 0) {
                out.println("Connect script failed");
                return exit(8);
            }
        }
        out.println("Serial connection established.");
        out.println("Using interface " + opts.ifname);
        out.println("Connect: " + opts.ifname + " <--> " + opts.device);
        if (pidFile != null) {
            writeQuietly(pidFile, ProcessHandle.current().pid() + "\n" + opts.ifname + "\n");
        }
        String ev = poll(scenario.negotiationMillis());
        if (ev != null) {
            return handle(ev, false);
        }
        if (scenario.outcome().equals("negotiation-failed")) {
            out.println("LCP: timeout sending Config-Requests");
            out.println("Connection terminated.");
            return exit(10);
        }
        String labError = labUp();
        if (labError != null) {
            out.println("Couldn't set up the interface: " + labError);
            out.println("Connection terminated.");
            return exit(1);
        }
        out.println("local  IP address " + scenario.localIp());
        out.println("remote IP address " + scenario.remoteIp());
        if (opts.usepeerdns) {
            out.println("primary   DNS address " + scenario.dns1());
            out.println("secondary DNS address " + scenario.dns2());
        }
        upAt = System.nanoTime();
        statsDir = dir.resolve("net").resolve(opts.ifname).resolve("statistics");
        watchTty();
        long deadDue = scenario.peerDeadAfterMillis() > 0
                ? upAt + scenario.peerDeadAfterMillis() * 1_000_000L
                : Long.MAX_VALUE;
        while (true) {
            rx += scenario.rxPerTick();
            tx += scenario.txPerTick();
            writeStats();
            long wait = Math.min(200, Math.max(1, (deadDue - System.nanoTime()) / 1_000_000L));
            ev = poll(wait);
            if (ev != null) {
                return handle(ev, true);
            }
            if (System.nanoTime() >= deadDue) {
                out.println("No response to 3 echo-requests");
                out.println("Serial link appears to be disconnected.");
                teardown();
                return exit(15);
            }
        }
    }

    private int handle(String ev, boolean up) {
        switch (ev) {
            case "TERM", "INT" -> {
                out.println("Terminating on signal " + (ev.equals("TERM") ? 15 : 2));
                if (up) {
                    teardown();
                }
                return exit(5);
            }
            case "HUP" -> {
                out.println("Hangup (SIGHUP)");
                if (up) {
                    teardown();
                }
                return exit(16);
            }
            default -> {
                out.println("Modem hangup");
                if (up) {
                    teardown();
                }
                return exit(16);
            }
        }
    }

    /** Lab mode: the interface and the default route, as pppd sets them before it reports the addresses. */
    private String labUp() {
        String carrier = scenario.get("lab.carrier-netns", "");
        if (carrier.isEmpty()) {
            return null;
        }
        lab = new LabLink(scenario.get("lab.ip", "/sbin/ip"), carrier, opts.ifname, out);
        String v6 = scenario.get("lab.ipv6", "");
        return lab.up(
                scenario.localIp(),
                scenario.remoteIp(),
                v6.isEmpty() ? null : v6,
                opts.defaultroute,
                opts.replacedefaultroute,
                opts.defaultrouteMetric);
    }

    private void teardown() {
        long tenths = (System.nanoTime() - upAt) / 6_000_000_000L;
        out.println("Connect time " + tenths / 10 + "." + tenths % 10 + " minutes.");
        out.println("Sent " + tx + " bytes, received " + rx + " bytes.");
        out.println("Connection terminated.");
    }

    private int exit(int code) {
        out.println("Exit.");
        return code;
    }

    private int terminated(boolean up) {
        return handle(events.isEmpty() ? "TERM" : events.poll(), up);
    }

    /** Runs the connect command; null when a signal interrupted it (the command is killed). */
    private Integer runConnect() {
        try {
            // pppd itself runs the connect option through /bin/sh -c: so does its stand-in
            connect = ProcessTree.start(new ProcessBuilder("/bin/sh", "-c", opts.connect)
                    .redirectInput(new java.io.File(opts.device))
                    .redirectOutput(new java.io.File(opts.device))
                    .redirectError(ProcessBuilder.Redirect.INHERIT));
        } catch (IOException e) {
            out.println("Connect script failed: " + e.getMessage());
            return 1;
        }
        while (true) {
            try {
                if (connect.waitFor(50, TimeUnit.MILLISECONDS)) {
                    return connect.exitValue();
                }
            } catch (InterruptedException e) {
                return null;
            }
            if (!events.isEmpty()) {
                killConnect();
                return null;
            }
        }
    }

    private void killConnect() {
        if (connect != null && connect.isAlive()) {
            ProcessTree.kill(connect.toHandle());
        }
    }

    private int waitForSignalOnly() {
        while (true) {
            String ev = poll(60_000);
            if (ev != null) {
                return handle(ev, false);
            }
        }
    }

    private String poll(long millis) {
        try {
            return events.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return "TERM";
        }
    }

    /** Reads the tty while the link is up: EOF, EIO or NO CARRIER means the modem hung up or vanished. */
    private void watchTty() {
        Thread t = new Thread(
                () -> {
                    try (InputStream in = new FileInputStream(opts.device)) {
                        byte[] buf = new byte[512];
                        StringBuilder seen = new StringBuilder();
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                            if (seen.indexOf("NO CARRIER") >= 0) {
                                break;
                            }
                            if (seen.length() > 64) {
                                seen.delete(0, seen.length() - 16);
                            }
                        }
                    } catch (IOException ignored) {
                        // EIO: the other end is gone
                    }
                    events.add("HANGUP");
                },
                "tty-watch");
        t.setDaemon(true);
        t.start();
    }

    private void installSignals() {
        SignalReset.toDefault(SignalReset.SIGHUP);
        for (String sig : List.of("TERM", "INT", "HUP")) {
            try {
                JvmSignals.handle(sig, () -> {
                    if (!(sig.equals("TERM") && scenario.ignoreSigterm())) {
                        events.add(sig);
                    }
                });
            } catch (IllegalArgumentException e) {
                // the JVM refuses a signal that was ignored when it started (inherited SIG_IGN)
                out.println("pppd: cannot handle SIG" + sig + ": " + e.getMessage());
            }
        }
    }

    private boolean lock() {
        lockFile = dir.resolve("lock").resolve("LCK.." + Path.of(opts.device).getFileName());
        try {
            if (Files.exists(lockFile)) {
                long pid = Long.parseLong(Files.readString(lockFile).strip());
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    out.println("Device " + Path.of(opts.device).getFileName() + " is locked by pid " + pid);
                    lockFile = null;
                    return false;
                }
                out.println("Removed stale lock on " + Path.of(opts.device).getFileName() + " (pid " + pid + ")");
            }
        } catch (IOException | NumberFormatException e) {
            // unreadable lock: treat as stale
        }
        writeQuietly(lockFile, String.format("%10d%n", ProcessHandle.current().pid()));
        return true;
    }

    private void writeStats() {
        writeQuietly(statsDir.resolve("rx_bytes"), rx + "\n");
        writeQuietly(statsDir.resolve("tx_bytes"), tx + "\n");
    }

    private void cleanup() {
        killConnect();
        if (lab != null) {
            lab.down();
        }
        if (tty != null) {
            try {
                tty.close();
            } catch (IOException ignored) {
                // closing is all that matters: the modem sees the port go
            }
        }
        deleteQuietly(pidFile);
        deleteQuietly(lockFile);
        if (statsDir != null) {
            deleteQuietly(statsDir.resolve("rx_bytes"));
            deleteQuietly(statsDir.resolve("tx_bytes"));
            deleteQuietly(statsDir);
            deleteQuietly(statsDir.getParent());
        }
        out.flush();
    }

    private static void writeQuietly(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ignored) {
            // best effort, like pppd's own pid file
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static void runQuietly(String... command) {
        try {
            Process p = ProcessTree.start(new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD));
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no stty: the tty keeps its mode
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Scenario for the next pppd run, from {@code scenario.properties}; unset keys take defaults. */
    record Scenario(Properties p, int run) {
        /** The version {@code --version} reports: {@code version} in the scenario, else 2.4.9 (Bookworm's). */
        static String version(String dir) {
            Properties p = new Properties();
            if (dir != null && Files.exists(Path.of(dir, "scenario.properties"))) {
                try (var in = Files.newInputStream(Path.of(dir, "scenario.properties"))) {
                    p.load(in);
                } catch (IOException e) {
                    // the default
                }
            }
            return p.getProperty("version", VERSION).strip();
        }

        static Scenario load(Path dir) throws IOException {
            Properties p = new Properties();
            Path file = dir.resolve("scenario.properties");
            if (Files.exists(file)) {
                try (var in = Files.newInputStream(file)) {
                    p.load(in);
                }
            }
            Path counter = dir.resolve("runs");
            int run = 1;
            if (Files.exists(counter)) {
                run = Integer.parseInt(Files.readString(counter).strip()) + 1;
            }
            Files.createDirectories(dir);
            Files.writeString(counter, run + "\n");
            return new Scenario(p, run);
        }

        /** {@code key.N} (the N-th run, 1-based) wins over {@code key}. */
        String get(String key, String def) {
            return p.getProperty(key + "." + run, p.getProperty(key, def)).strip();
        }

        /** up (default), negotiation-failed, silent (no output, waits for a signal), exit (exit-code). */
        String outcome() {
            return get("outcome", "up");
        }

        int exitCode() {
            return Integer.parseInt(get("exit-code", "1"));
        }

        java.util.Optional<String> exitLine() {
            return java.util.Optional.ofNullable(p.getProperty("exit-line." + run, p.getProperty("exit-line")));
        }

        String localIp() {
            return get("local-ip", "10.64.12.34");
        }

        String remoteIp() {
            return get("remote-ip", "10.64.64.64");
        }

        String dns1() {
            return get("dns1", "10.11.12.13");
        }

        String dns2() {
            return get("dns2", "10.11.12.14");
        }

        long negotiationMillis() {
            return Long.parseLong(get("negotiation-ms", "50"));
        }

        long peerDeadAfterMillis() {
            return Long.parseLong(get("peer-dead-after-ms", "0"));
        }

        long rxPerTick() {
            return Long.parseLong(get("rx-per-tick", "1500"));
        }

        long txPerTick() {
            return Long.parseLong(get("tx-per-tick", "500"));
        }

        boolean ignoreSigterm() {
            return Boolean.parseBoolean(get("ignore-sigterm", "false"));
        }
    }
}
