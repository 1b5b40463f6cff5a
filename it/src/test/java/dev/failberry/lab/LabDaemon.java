package dev.failberry.lab;

import static org.awaitility.Awaitility.await;

import dev.failberry.json.Json;
import dev.failberry.proc.ThisJvm;
import dev.failberry.sim.modem.ModemSimulator;
import dev.failberry.sim.modem.Personality;
import dev.failberry.sim.modem.SimTiming;
import dev.failberry.sim.ppp.StandIns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real daemon, {@code failberry run} from the built classes, in the lab's Pi namespace: the modem
 * simulator on pseudo-terminals (this JVM), the pppd and chat stand-ins as real executables (the pppd
 * stand-in in lab mode makes the link's interface), production paths and bindings otherwise. Each start
 * writes its own log ({@code daemon-N.log}); a failing test prints the last one ({@link LabExtension}).
 */
final class LabDaemon implements AutoCloseable {
    static final int HEALTH = 9000;
    static final int ADMIN = 9001;

    private final NetLab lab;
    private final Path scratch;
    private final ModemSimulator modem;
    private final StandIns standIns;
    private final Path config;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Process process;
    private int starts;
    private Path log;

    /**
     * @param pppd  the stand-in's scenario additions (e.g. {@code local-ip.2}, {@code version})
     * @param extra HOCON inside {@code failberry { }} added to the lab's settings
     */
    LabDaemon(NetLab lab, Path scratch, boolean defaultRoute, Map<String, String> pppd, String extra)
            throws IOException {
        this.lab = lab;
        this.scratch = scratch;
        this.modem = ModemSimulator.start(Personality.huaweiE1550(), SimTiming.fast(), scratch.resolve("dev"));
        this.standIns = StandIns.install(scratch.resolve("bin"), scratch.resolve("pppd"));
        scenario(pppd);
        this.config = scratch.resolve("failberry.conf");
        Files.writeString(config, """
                failberry {
                  state-dir = "%s"
                  runtime-dir = "%s"
                  log-level = INFO
                  modem { port = "%s", data-port = "%s", command-timeout = 1s, poll-interval = 2s }
                  ppp {
                    pppd = "%s"
                    chat = "%s"
                    default-route = %s
                    redial.initial-backoff = 300ms
                    probe { targets = ["%s:443"], interval = 1s, timeout = 1s }
                    data-usage.statistics-dir = "%s"
                  }
                  usb-power.method = none
                  dns.provider = none
                  health { bind = "0.0.0.0", port = %d }
                  admin.port = %d
                  wired.interface = eth0
                  firewall.forward = [{ proto = tcp, port = %d, to = "%s:%d" }]
                %s
                }
                """.formatted(
                        scratch.resolve("state"),
                        scratch.resolve("run"),
                        modem.controlPath(),
                        modem.dataPath(),
                        standIns.pppd(),
                        standIns.chat(),
                        defaultRoute,
                        NetLab.PROBE,
                        standIns.statisticsDir(),
                        HEALTH,
                        ADMIN,
                        NetLab.LAN_SERVICE_PORT,
                        NetLab.LAN_HOST,
                        NetLab.LAN_SERVICE_PORT,
                        extra));
        Files.createDirectories(scratch.resolve("state"));
    }

    /**
     * A daemon without the modem simulator and pppd stand-ins (an Ethernet-type stick): {@code body} is
     * HOCON inside {@code failberry { }} after the lab's common settings (paths, ports, probes, forward).
     */
    LabDaemon(NetLab lab, Path scratch, String body) throws IOException {
        this.lab = lab;
        this.scratch = scratch;
        this.modem = null;
        this.standIns = null;
        this.config = scratch.resolve("failberry.conf");
        Files.writeString(config, """
                failberry {
                  state-dir = "%s"
                  runtime-dir = "%s"
                  log-level = INFO
                  ppp.probe { targets = ["%s:443"], interval = 1s, timeout = 1s }
                  usb-power.method = none
                  dns.provider = none
                  health { bind = "0.0.0.0", port = %d }
                  admin.port = %d
                  wired.interface = eth0
                  firewall.forward = [{ proto = tcp, port = %d, to = "%s:%d" }]
                %s
                }
                """.formatted(
                        scratch.resolve("state"),
                        scratch.resolve("run"),
                        NetLab.PROBE,
                        HEALTH,
                        ADMIN,
                        NetLab.LAN_SERVICE_PORT,
                        NetLab.LAN_HOST,
                        NetLab.LAN_SERVICE_PORT,
                        body));
        Files.createDirectories(scratch.resolve("state"));
    }

    /** Replaces the stand-in's scenario (lab mode always on); resets its run counter. */
    void scenario(Map<String, String> values) throws IOException {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("lab.carrier-netns", lab.carrier);
        s.put("lab.ip", NetLab.IP);
        s.put("local-ip", "198.51.100.7");
        s.put("remote-ip", NetLab.PEER);
        s.putAll(values);
        standIns.scenario(s);
    }

    Path config() {
        return config;
    }

    /** The simulated stick the daemon talks to (what it was sent, e.g. its SMS). */
    ModemSimulator modem() {
        return modem;
    }

    /**
     * Environment variables the daemon gets at its next start, as systemd's EnvironmentFile gives them (e.g.
     * the AWS credentials, which the daemon hands on to its AWS helper process).
     */
    void environment(Map<String, String> variables) {
        environment.putAll(variables);
    }

    void start() throws IOException {
        starts++;
        log = scratch.resolve("daemon-" + starts + ".log");
        List<String> cmd = new ArrayList<>(List.of(
                NetLab.IP,
                "netns",
                "exec",
                lab.pi,
                ThisJvm.javaBinary(),
                "-Xmx96m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Djava.io.tmpdir=" + scratch.resolve("tmp"),
                "-cp",
                ThisJvm.absoluteClassPath(),
                "dev.failberry.cli.Main",
                "run",
                "--config",
                config.toString()));
        Files.createDirectories(scratch.resolve("tmp"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(environment);
        process = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Whether {@link #start()} has run (the process may have exited since). */
    boolean started() {
        return process != null;
    }

    /** Waits until the daemon says CONNECTED (link up, probes through the link passing). */
    void awaitConnected(Duration within) {
        await().atMost(within)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> "CONNECTED".equals(status().get("state")));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> status() throws Exception {
        String reply = lab.http(lab.pi, "127.0.0.1", ADMIN, "/status", "127.0.0.1");
        return Json.parseObject(reply.substring(reply.indexOf(" | ") + 3));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> part(Map<String, Object> status, String key) {
        return (Map<String, Object>) status.get(key);
    }

    /** The carrier ends the session: the modem says NO CARRIER, pppd exits, the daemon redials. */
    void dropCarrier() {
        modem.dropCarrier();
    }

    /** SIGTERM, as systemd stops the service; waits for the exit. */
    int stop() throws Exception {
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the daemon did not stop within 30 s\n" + logTail());
        }
        return process.exitValue();
    }

    /** SIGKILL to the daemon and everything it started, as a crash followed by systemd's cgroup kill. */
    void kill() throws Exception {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle h : all) {
            h.onExit().get(10, TimeUnit.SECONDS);
        }
    }

    String log() throws IOException {
        return log == null || !Files.exists(log) ? "" : Files.readString(log, StandardCharsets.UTF_8);
    }

    String logTail() {
        try {
            List<String> lines = log().lines().toList();
            return "--- " + log + " (last 60 lines) ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            try {
                kill();
            } catch (Exception ignored) {
                // the lab's close kills what is left in its namespaces
            }
        }
        if (modem != null) {
            modem.close();
        }
    }
}
