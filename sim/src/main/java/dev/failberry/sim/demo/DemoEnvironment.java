package dev.failberry.sim.demo;

import dev.failberry.daemon.Environment;
import dev.failberry.http.AdminRoute;
import dev.failberry.sim.aws.LoopbackAws;
import dev.failberry.sim.modem.ModemSimulator;
import dev.failberry.sim.modem.Personality;
import dev.failberry.sim.modem.SimState;
import dev.failberry.sim.modem.SimTiming;
import dev.failberry.sim.ppp.StandIns;
import dev.failberry.sim.usb.FakeSysfs;
import dev.failberry.sim.usb.FakeUhubctl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code failberry demo} runs the daemon against, all on this machine: the modem simulator
 * (a Huawei E1550 on two pseudo-terminals), the pppd and chat stand-ins, a fake uhubctl that powers the
 * simulated stick off and on (through a fake sysfs tree and the simulator), a loopback
 * Route53-compatible endpoint, and a loopback TCP "internet" for the link probes. Faults can be injected
 * over the admin listener ({@code POST /demo/fault?what=hang}).
 */
public final class DemoEnvironment implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoEnvironment.class);
    static final String USB_PATH = "1-1.2";

    private final Path scratch;
    private final ModemSimulator modem;
    private final StandIns standIns;
    private final LoopbackAws aws;
    private final int internetPort;
    private volatile ServerSocket internet;
    private final FakeSysfs sysfs;
    private final Path uhubctl;
    private final Thread powerWatcher;
    private final WatchService watch;

    private DemoEnvironment(Path scratch, SimTiming timing) throws IOException {
        this.scratch = scratch;
        this.modem = ModemSimulator.start(Personality.huaweiE1550(), timing, scratch.resolve("dev"));
        this.standIns = StandIns.install(scratch.resolve("bin"), scratch.resolve("pppd"));
        // a documentation address (TEST-NET-2), so the demo link counts as public and gets published
        standIns.scenario(Map.of("local-ip", "198.51.100.7"));
        this.aws = LoopbackAws.start();
        this.internet = openInternet(0);
        this.internetPort = internet.getLocalPort();
        this.sysfs = new FakeSysfs(scratch.resolve("sys"), scratch.resolve("sysdev"));
        var device = FakeSysfs.huaweiE173(USB_PATH)
                .withIds("12d1", "1001", FakeSysfs.huaweiE173(USB_PATH).interfaces());
        sysfs.add(device);
        Path control = scratch.resolve("usb");
        Files.createDirectories(control);
        Files.writeString(control.resolve("power-events"), "");
        this.uhubctl = FakeUhubctl.writeLauncher(
                scratch.resolve("bin").resolve("uhubctl"),
                Map.of(
                        "sysfs",
                        sysfs.sysRoot().toString(),
                        "dev",
                        sysfs.devRoot().toString(),
                        "device",
                        USB_PATH,
                        "control-dir",
                        control.toString(),
                        "log",
                        control.resolve("calls").toString()));
        this.watch = control.getFileSystem().newWatchService();
        control.register(watch, StandardWatchEventKinds.ENTRY_MODIFY);
        this.powerWatcher = new Thread(() -> watchPower(control.resolve("power-events")), "demo-usb-power");
        powerWatcher.setDaemon(true);
        powerWatcher.start();
    }

    public static DemoEnvironment start(Path scratch) throws IOException {
        return new DemoEnvironment(scratch, SimTiming.realistic());
    }

    /** With the simulator's timing chosen (tests use {@link SimTiming#fast()}). */
    public static DemoEnvironment start(Path scratch, SimTiming timing) throws IOException {
        return new DemoEnvironment(scratch, timing);
    }

    /** The stand-in pppd's next runs get {@code localIp} (the carrier hands out a new address). */
    public void nextLinkAddress(String localIp) throws IOException {
        standIns.scenario(Map.of("local-ip", localIp));
    }

    /** Where the fake uhubctl logs its calls (one {@code start <args>} line per call). */
    public Path uhubctlCalls() {
        return scratch.resolve("usb").resolve("calls");
    }

    /** Config keys (relative to {@code failberry}) that point the daemon at the simulators. */
    public Map<String, Object> configOverrides() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("modem.port", modem.controlPath());
        m.put("modem.data-port", modem.dataPath());
        m.put("modem.discovery.sysfs-root", sysfs.sysRoot().toString());
        m.put("modem.discovery.dev-root", sysfs.devRoot().toString());
        m.put("modem.discovery.vendor-id", "12d1");
        m.put("modem.discovery.product-id", "1001");
        m.put("ppp.pppd", standIns.pppd().toString());
        m.put("ppp.chat", standIns.chat().toString());
        m.put("ppp.data-usage.statistics-dir", standIns.statisticsDir().toString());
        m.put("ppp.probe.targets", List.of("127.0.0.1:" + internetPort));
        m.put("usb-power.method", "uhubctl");
        m.put("usb-power.command", uhubctl.toString());
        m.put("dns.route53.endpoint", aws.endpoint().toString());
        m.put("dns.verify-name-servers", List.of("127.0.0.1:" + aws.dnsServer().getPort()));
        m.put("dns.route53.hosted-zone-id", aws.settings().zoneId());
        // the simulated link is no network interface: never touch this machine's routing or firewall
        m.put("ppp.default-route", true);
        m.put("routing.reply-routing", false);
        m.put("firewall.manage", false);
        return m;
    }

    /** The daemon's environment: the stand-ins' pid/lock directories, probes bound to loopback. */
    public Environment environment(Path runtimeDir) {
        return environment(scratch, runtimeDir);
    }

    /**
     * The daemon's environment for a demo world laid out in {@code scratch}, computable without the world
     * itself (the {@code demo} command runs the world in another process, {@link DemoWorld}, whose ready
     * line carries the same facts to the daemon).
     */
    public static Environment environment(Path scratch, Path runtimeDir) {
        return Environment.loopback(
                StandIns.paths(scratch.resolve("pppd"), runtimeDir),
                LoopbackAws.ACCESS_KEY,
                LoopbackAws.SECRET_KEY,
                scratch.resolve("no-pi-model"));
    }

    public ModemSimulator modem() {
        return modem;
    }

    public LoopbackAws aws() {
        return aws;
    }

    /** {@code POST /demo/fault?what=...}: inject a fault into the simulated hardware. */
    public AdminRoute.Response fault(AdminRoute.Request req) {
        return fault(req.query("what", ""), req.query("value", ""));
    }

    /** Injects fault {@code what} (with {@code value} where it takes one); 400 names the known faults. */
    public AdminRoute.Response fault(String what, String value) {
        switch (what) {
            case "hang" -> modem.setHung(true, false);
            case "unhang" -> modem.setHung(false, true);
            case "vanish" -> modem.vanish();
            case "reappear" -> modem.reappear(true);
            case "reboot" -> modem.reboot();
            case "drop-carrier" -> modem.dropCarrier();
            case "signal" -> modem.setSignal(parse(value, 15));
            case "searching" -> modem.setRegistration(SimState.Registration.SEARCHING);
            case "home" -> modem.setRegistration(SimState.Registration.HOME);
            case "denied" -> modem.setRegistration(SimState.Registration.DENIED);
            case "internet-down" -> closeInternet();
            case "internet-up" -> {
                if (!reopenInternet()) {
                    return AdminRoute.Response.text(
                            503, "the loopback internet could not listen on port " + internetPort + " again\n");
                }
            }
            default -> {
                return AdminRoute.Response.text(
                        400,
                        "what= one of hang, unhang, vanish, reappear, reboot, "
                                + "drop-carrier, signal (value=0..31), searching, home, denied, internet-down, internet-up\n");
            }
        }
        log.info("demo: fault injected: {}{}", what, value.isEmpty() ? "" : " " + value);
        return AdminRoute.Response.text(200, "ok: " + what + "\n");
    }

    private static int parse(String s, int fallback) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The loopback "internet" the probes reach: answers every connection and closes it. */
    private ServerSocket openInternet(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread acceptor = new Thread(() -> accept(socket), "demo-internet");
        acceptor.setDaemon(true);
        acceptor.start();
        return socket;
    }

    /** The undo of internet-down: listens on the same port again (the probes' target). */
    private synchronized boolean reopenInternet() {
        if (!internet.isClosed()) {
            return true;
        }
        try {
            internet = openInternet(internetPort);
            return true;
        } catch (IOException e) {
            log.warn("demo: internet-up: cannot listen on 127.0.0.1:{} again: {}", internetPort, e.getMessage());
            return false;
        }
    }

    private void closeInternet() {
        try {
            internet.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                s.getOutputStream().write("ok\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    /** The fake uhubctl appends "off"/"on" lines; the simulated stick vanishes and comes back. */
    private void watchPower(Path events) {
        long seen = 0;
        try {
            while (true) {
                var key = watch.take();
                key.pollEvents();
                key.reset();
                List<String> lines = Files.readAllLines(events);
                for (int i = (int) seen; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.startsWith("off")) {
                        log.info("demo: USB power off: the simulated stick vanishes");
                        modem.vanish();
                    } else if (line.startsWith("on")) {
                        log.info("demo: USB power on: the simulated stick comes back");
                        modem.setHung(false, true);
                        modem.reappear(true);
                    }
                }
                seen = lines.size();
            }
        } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("demo: power watcher stopped: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closeInternet();
        try {
            watch.close();
        } catch (IOException ignored) {
            // closing
        }
        modem.close();
        aws.close();
    }
}
