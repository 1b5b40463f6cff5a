import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.daemon.Capabilities;
import dev.failberry.daemon.Controller;
import dev.failberry.daemon.Daemon;
import dev.failberry.daemon.DaemonState;
import dev.failberry.daemon.RebootGuard;
import dev.failberry.daemon.RecoveryPolicy;
import dev.failberry.daemon.Supervisor;
import dev.failberry.daemon.Wiring;
import dev.failberry.modem.ModemStatus;
import dev.failberry.modem.ModemStatus.Condition;
import dev.failberry.sim.demo.DemoEnvironment;
import dev.failberry.time.VirtualTime;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Modem hang -> USB power-cycle command, and modem back -> link up, with the default settings
 * (reference.conf: command-timeout 3 s, hung-threshold 3, poll-interval 30 s, probe interval 30 s).
 *
 * <ul>
 *   <li>{@code sim}: the {@link Controller} on {@link VirtualTime} with in-memory capabilities (as in
 *       ControllerScenarioTest): how long the controller itself takes from each report to its action,
 *       plus the monitor's detection bound (threshold x command-timeout after the first unanswered poll
 *       command) and the poll phase (0 when the hang happens just before a poll, poll-interval when
 *       just after).</li>
 *   <li>{@code real RUNS}: the whole demo (modem simulator on PTYs, stand-in pppd, fake uhubctl, loopback
 *       Route53; exactly what {@code failberry demo} wires) but with the reference.conf modem and ppp
 *       timings instead of demo.conf's shorter ones. A fresh daemon per run (otherwise the 10 min
 *       minimum spacing of power cycles would hold the second run back). Each run injects the hang
 *       twice over: once right after a poll (worst case) and once ~1 s before the next poll (best case),
 *       found by watching the AT command counter in /metrics.</li>
 * </ul>
 * Usage (classpath: dist/target/failberry.jar, dist/target/failberry-sim.jar and
 * daemon/target/failberry-daemon-VERSION-tests.jar, for VirtualTime): java RecoveryTiming sim | real RUNS | real-demo RUNS
 * ({@code real-demo}: demo.conf's own shorter timings, command-timeout 2 s and poll-interval 10 s, for quick runs)
 */
public final class RecoveryTiming {
    private RecoveryTiming() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("sim")) {
            sim();
            return;
        }
        boolean defaults = args[0].equals("real");
        int runs = Integer.parseInt(args[1]);
        for (int i = 0; i < runs; i++) {
            // both cases of a run side by side: each is mostly waiting for timeouts
            List<Thread> cases = new ArrayList<>();
            for (boolean afterPoll : new boolean[] {true, false}) {
                Thread t = new Thread(
                        () -> {
                            try {
                                real(afterPoll, defaults);
                            } catch (Exception e) {
                                System.out.println("error=" + e);
                            }
                        },
                        afterPoll ? "after-poll" : "before-poll");
                t.start();
                cases.add(t);
            }
            for (Thread t : cases) {
                t.join();
            }
        }
        System.exit(0);
    }

    // ---- virtual time ---------------------------------------------------------------------------

    private static void sim() throws Exception {
        FailberryConfig config = ConfigLoader.fromUserConfig(
                ConfigFactory.parseString("failberry.usb-power.method = uhubctl"), "defaults");
        VirtualTime time = new VirtualTime(Instant.parse("2026-11-21T00:00:00Z"));
        Supervisor supervisor = new Supervisor(time);
        List<String> calls = new ArrayList<>();
        Consumer<String> log = c -> calls.add(time.nanoTime() + " " + c);
        List<Consumer<Capabilities.PowerResult>> pending = new ArrayList<>();
        Path state = Files.createTempDirectory("failberry-bench-sim-");
        RebootGuard guard =
                new RebootGuard(config.recovery().reboot(), state, time::now, () -> Optional.of(Duration.ofDays(3)));
        var settings = new Controller.Settings(
                config.modem().registrationTimeout(),
                config.modem().simBusyTimeout(),
                config.usbPower().waitForModem(),
                config.usbPower().offTime(),
                config.ppp().probe().enabled());
        Controller c = new Controller(
                supervisor,
                settings,
                RecoveryPolicy.from(config, true),
                guard,
                new Capabilities.ModemControl() {
                    @Override
                    public void start() {
                        log.accept("modem.start");
                    }

                    @Override
                    public void checkNow() {}

                    @Override
                    public void softReset(String reason) {
                        log.accept("modem.softReset");
                    }

                    @Override
                    public void close() {}
                },
                new Capabilities.LinkControl() {
                    @Override
                    public void dial() {
                        log.accept("link.dial");
                    }

                    @Override
                    public void hangup(String reason) {
                        log.accept("link.hangup");
                    }

                    @Override
                    public void restart(String reason) {
                        log.accept("link.restart");
                    }

                    @Override
                    public void close() {}
                },
                new Capabilities.PowerControl() {
                    @Override
                    public boolean available() {
                        return true;
                    }

                    @Override
                    public void cycle(String reason, Consumer<Capabilities.PowerResult> done) {
                        log.accept("power.cycle");
                        pending.add(done);
                    }
                },
                reason -> null,
                new Capabilities.DnsControl() {
                    @Override
                    public void addressChanged(String ip, String local) {}

                    @Override
                    public void linkDown() {}

                    @Override
                    public void close() {}
                },
                (action, reason) -> {});
        c.start();
        time.advance(Duration.ofSeconds(2));
        c.onModem(ModemStatus.of(Condition.REGISTERED, "/dev/ttyUSB2", "registered home"));
        time.advance(Duration.ofSeconds(2));
        c.onLinkUp("203.0.113.7", "203.0.113.7");
        c.onLinkVerification(true, "ok");
        time.advance(Duration.ofMinutes(10));

        long hungAt = time.nanoTime();
        c.onModem(ModemStatus.of(Condition.HUNG, "/dev/ttyUSB2", "3 consecutive AT timeouts"));
        time.runDue();
        long cycleAt = at(calls, "power.cycle", hungAt);
        time.advance(settings.usbOffTime().plusSeconds(1));
        long backAt = time.nanoTime();
        pending.get(0).accept(new Capabilities.PowerResult(true, true, "came back"));
        time.runDue();
        long startAt = at(calls, "modem.start", backAt);
        c.onModem(ModemStatus.of(Condition.INITIALIZING, "/dev/ttyUSB2", "init"));
        time.advance(Duration.ofSeconds(1));
        long registeredAt = time.nanoTime();
        c.onModem(ModemStatus.of(Condition.REGISTERED, "/dev/ttyUSB2", "registered home"));
        time.runDue();
        long dialAt = at(calls, "link.dial", registeredAt);
        time.advance(Duration.ofSeconds(1));
        long upAt = time.nanoTime();
        c.onLinkUp("203.0.113.9", "203.0.113.9");
        c.onLinkVerification(true, "ok");
        time.runDue();
        if (supervisor.state() != DaemonState.CONNECTED) {
            throw new IllegalStateException("not CONNECTED after the link came back: " + supervisor.state());
        }
        var m = config.modem();
        long detectMs = m.hungThreshold() * m.commandTimeout().toMillis();
        long pollMs = m.pollInterval().toMillis();
        System.out.printf(
                "controller_hung_to_cycle_ms=%d controller_back_to_start_ms=%d controller_registered_to_dial_ms=%d "
                        + "controller_verified_to_connected_ms=0 detect_bound_ms=%d poll_ms=%d best_ms=%d worst_ms=%d "
                        + "threshold=%d command_timeout_ms=%d%n",
                (cycleAt - hungAt) / 1_000_000,
                (startAt - backAt) / 1_000_000,
                (dialAt - registeredAt) / 1_000_000,
                detectMs,
                pollMs,
                detectMs,
                pollMs + detectMs,
                m.hungThreshold(),
                m.commandTimeout().toMillis());
        if (upAt < 0) {
            throw new IllegalStateException();
        }
    }

    private static long at(List<String> calls, String call, long notBefore) {
        for (String s : calls) {
            String[] p = s.split(" ", 2);
            if (p[1].equals(call) && Long.parseLong(p[0]) >= notBefore) {
                return Long.parseLong(p[0]);
            }
        }
        throw new IllegalStateException(call + " never happened: " + calls);
    }

    // ---- real time ------------------------------------------------------------------------------

    private static void real(boolean afterPoll, boolean defaults) throws Exception {
        Path scratch = Files.createTempDirectory("failberry-bench-demo-");
        DemoEnvironment env = DemoEnvironment.start(scratch);
        int health = freePort();
        int admin = freePort();
        FailberryConfig config = demoConfig(scratch, health, admin, env.configOverrides(), defaults);
        Daemon daemon = Wiring.assemble(config, env.environment(config.runtimeDir()));
        daemon.closeOnStop(env);
        try {
            daemon.start();
            Supervisor sup = daemon.supervisor();
            await(() -> sup.state() == DaemonState.CONNECTED, 60_000, "CONNECTED at start");
            HttpClient http = HttpClient.newHttpClient();
            URI metrics = URI.create("http://127.0.0.1:" + admin + "/metrics");
            long pollMs = config.modem().pollInterval().toMillis();
            // find the start of a poll: after a quiet second, the AT command counter moves
            Thread.sleep(1000);
            long quiet = atCount(http, metrics);
            while (atCount(http, metrics) == quiet) {
                Thread.sleep(20);
            }
            Thread.sleep(afterPoll ? 500 : pollMs - 1000);
            Path calls = scratch.resolve("usb/calls");
            Path events = scratch.resolve("usb/power-events");
            long t0 = System.nanoTime();
            env.modem().setHung(true, false);
            await(() -> lines(calls, "start") > 0, 120_000, "power cycle command");
            long t1 = System.nanoTime();
            await(() -> lines(events, "on") > 0, 60_000, "power on");
            long t2 = System.nanoTime();
            await(() -> sup.state() == DaemonState.CONNECTED, 180_000, "CONNECTED after the power cycle");
            long t3 = System.nanoTime();
            System.out.printf(
                    "timings=%s case=%s hang_to_cycle_ms=%d back_to_connected_ms=%d hang_to_connected_ms=%d%n",
                    defaults ? "reference" : "demo",
                    afterPoll ? "after-poll" : "before-poll",
                    (t1 - t0) / 1_000_000,
                    (t3 - t2) / 1_000_000,
                    (t3 - t0) / 1_000_000);
        } finally {
            daemon.close();
        }
    }

    /** demo.conf from the jar with the scratch paths and simulator endpoints, minus its shorter timings. */
    static FailberryConfig demoConfig(
            Path scratch, int health, int admin, Map<String, Object> overrides, boolean defaults) throws Exception {
        try (var in = Daemon.class.getResourceAsStream("/demo/demo.conf")) {
            Config user = ConfigFactory.parseReader(
                    new InputStreamReader(in, StandardCharsets.UTF_8),
                    ConfigParseOptions.defaults().setOriginDescription("demo.conf"));
            for (String k : !defaults
                    ? List.<String>of()
                    : List.of(
                            "modem.command-timeout",
                            "modem.poll-interval",
                            "ppp.connect-timeout",
                            "ppp.redial.initial-backoff",
                            "ppp.probe.interval",
                            "ppp.probe.timeout")) {
                user = user.withoutPath("failberry." + k);
            }
            user = user.withValue(
                            "failberry.state-dir",
                            ConfigValueFactory.fromAnyRef(
                                    scratch.resolve("state").toString()))
                    .withValue(
                            "failberry.runtime-dir",
                            ConfigValueFactory.fromAnyRef(scratch.resolve("run").toString()))
                    .withValue("failberry.health.port", ConfigValueFactory.fromAnyRef(health))
                    .withValue("failberry.admin.port", ConfigValueFactory.fromAnyRef(admin));
            for (var e : overrides.entrySet()) {
                user = user.withValue("failberry." + e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
            }
            return ConfigLoader.fromUserConfig(user, "demo.conf with reference.conf timings");
        }
    }

    private static long atCount(HttpClient http, URI metrics) throws Exception {
        String body = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        long n = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith("failberry_modem_at_latency_seconds_count")) {
                n += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return n;
    }

    private static long lines(Path file, String prefix) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(l -> l.startsWith(prefix))
                    .count();
        } catch (Exception e) {
            return 0;
        }
    }

    private static void await(BooleanSupplier cond, long timeoutMs, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
