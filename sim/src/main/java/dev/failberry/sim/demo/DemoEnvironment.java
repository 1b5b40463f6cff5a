package dev.failberry.sim.demo;

import dev.failberry.config.LinkConfig.LinkType;
import dev.failberry.daemon.Environment;
import dev.failberry.http.AdminRoute;
import dev.failberry.sim.aws.LoopbackAws;
import dev.failberry.sim.hilink.HilinkStandIn;
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
 * Everything {@code failberry demo} runs the daemon against, all on this machine: for a PPP link the modem
 * simulator (a Huawei E1550 on two pseudo-terminals) and the pppd and chat stand-ins, for an Ethernet-type
 * link a router stick ({@link DemoStick}: its interface in the {@code ip} stand-in's and sysfs's view, its
 * HiLink API on loopback); for both a fake uhubctl that powers the simulated stick off and on (through a
 * fake sysfs tree and the simulator), a loopback Route53-compatible endpoint, and a loopback TCP "internet"
 * for the link probes. Faults can be injected over the admin listener ({@code POST /demo/fault?what=hang}).
 */
public final class DemoEnvironment implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoEnvironment.class);
    static final String USB_PATH = "1-1.2";

    private final Path scratch;
    private final LinkType link;
    // PPP: the modem and pppd; Ethernet: the router stick. The other is null.
    private final ModemSimulator modem;
    private final StandIns standIns;
    private final DemoStick stick;
    private final LoopbackAws aws;
    private final int internetPort;
    private volatile ServerSocket internet;
    /** The thread accepting on {@link #internet}: the socket stops listening only once it has left accept. */
    private volatile Thread internetAcceptor;
    // The loopback internet listens while it is wanted (not internet-down) and reachable: for a router stick
    // only while the stick's data connection is up, since the probes leave through the stick. Guarded by this.
    private boolean internetWanted = true;
    private boolean stickConnected = true;
    private final FakeSysfs sysfs;
    private final Path uhubctl;
    private final Thread powerWatcher;
    private final WatchService watch;

    private DemoEnvironment(Path scratch, SimTiming timing, LinkType link) throws IOException {
        this.scratch = scratch;
        this.link = link;
        this.sysfs = new FakeSysfs(scratch.resolve("sys"), scratch.resolve("sysdev"));
        if (link == LinkType.PPP) {
            this.modem = ModemSimulator.start(Personality.huaweiE1550(), timing, scratch.resolve("dev"));
            this.standIns = StandIns.install(scratch.resolve("bin"), scratch.resolve("pppd"));
            // a documentation address (TEST-NET-2), so the demo link counts as public and gets published
            standIns.scenario(Map.of("local-ip", "198.51.100.7"));
            this.stick = null;
            var device = FakeSysfs.huaweiE173(USB_PATH)
                    .withIds("12d1", "1001", FakeSysfs.huaweiE173(USB_PATH).interfaces());
            sysfs.add(device);
        } else {
            this.modem = null;
            this.standIns = null;
            // the stick's boot takes as long as the modem simulator's reboot
            this.stick = DemoStick.start(scratch, sysfs, USB_PATH, timing.rebootSilence());
        }
        this.aws = LoopbackAws.start();
        this.internet = openInternet(0);
        this.internetPort = internet.getLocalPort();
        if (stick != null) {
            stick.onConnection(this::stickConnection);
        }
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
        return new DemoEnvironment(scratch, SimTiming.realistic(), LinkType.PPP);
    }

    /** With the simulator's timing chosen (tests use {@link SimTiming#fast()}). */
    public static DemoEnvironment start(Path scratch, SimTiming timing) throws IOException {
        return new DemoEnvironment(scratch, timing, LinkType.PPP);
    }

    /** For a link of type {@code link}: a modem and pppd, or a router stick. */
    public static DemoEnvironment start(Path scratch, SimTiming timing, LinkType link) throws IOException {
        return new DemoEnvironment(scratch, timing, link);
    }

    /** The stand-in pppd's next runs get {@code localIp} (the carrier hands out a new address). */
    public void nextLinkAddress(String localIp) throws IOException {
        pppOnly();
        standIns.scenario(Map.of("local-ip", localIp));
    }

    /** Where the fake uhubctl logs its calls (one {@code start <args>} line per call). */
    public Path uhubctlCalls() {
        return scratch.resolve("usb").resolve("calls");
    }

    /** Config keys (relative to {@code failberry}) that point the daemon at the simulators. */
    public Map<String, Object> configOverrides() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("link.type", link.name().toLowerCase(java.util.Locale.ROOT));
        m.put("modem.discovery.sysfs-root", sysfs.sysRoot().toString());
        m.put("modem.discovery.dev-root", sysfs.devRoot().toString());
        m.put("modem.discovery.vendor-id", "12d1");
        if (link == LinkType.PPP) {
            m.put("modem.port", modem.controlPath());
            m.put("modem.data-port", modem.dataPath());
            m.put("modem.discovery.product-id", "1001");
            m.put("ppp.pppd", standIns.pppd().toString());
            m.put("ppp.chat", standIns.chat().toString());
            m.put("ppp.data-usage.statistics-dir", standIns.statisticsDir().toString());
        } else {
            m.put("modem.discovery.product-id", "14dc");
            m.put("modem.hilink.url", stick.apiUrl().toString());
            // the stick's interface as the ip stand-in shows it; its counters in the fake sysfs
            m.put("routing.ip", stick.ipExecutable().toString());
            m.put(
                    "ppp.data-usage.statistics-dir",
                    sysfs.sysRoot().resolve("class/net").toString());
        }
        m.put("ppp.probe.targets", List.of("127.0.0.1:" + internetPort));
        m.put("usb-power.method", "uhubctl");
        m.put("usb-power.command", uhubctl.toString());
        m.put("dns.route53.endpoint", aws.endpoint().toString());
        m.put("dns.verify-name-servers", List.of("127.0.0.1:" + aws.dnsServer().getPort()));
        m.put("dns.route53.hosted-zone-id", aws.settings().zoneId());
        // the simulated link is no network interface of this machine: never touch its routing or firewall
        m.put("ppp.default-route", true);
        m.put("routing.reply-routing", false);
        m.put("firewall.manage", false);
        return m;
    }

    /** The daemon's environment: the stand-ins' pid/lock directories, probes bound to loopback. */
    public Environment environment(Path runtimeDir) {
        return environment(scratch, runtimeDir, link);
    }

    /**
     * The daemon's environment for a demo world laid out in {@code scratch}, computable without the world
     * itself (the {@code demo} command runs the world in another process, {@link DemoWorld}, whose ready
     * line carries the same facts to the daemon). The PPP stand-in's link has no address of this machine,
     * so probes leave from 127.0.0.1; the router stick's DHCP address is one (127.8.0.x), so probes leave
     * from it, as on a Pi.
     */
    public static Environment environment(Path scratch, Path runtimeDir, LinkType link) {
        Environment e = Environment.loopback(
                StandIns.paths(scratch.resolve("pppd"), runtimeDir),
                LoopbackAws.ACCESS_KEY,
                LoopbackAws.SECRET_KEY,
                scratch.resolve("no-pi-model"));
        return link == LinkType.PPP ? e : e.probesFromLinkAddress();
    }

    public ModemSimulator modem() {
        pppOnly();
        return modem;
    }

    /** The router stick's HiLink API (link.type = ethernet only). */
    public HilinkStandIn stickApi() {
        if (stick == null) {
            throw new IllegalStateException("the demo world runs a PPP modem, not a router stick");
        }
        return stick.api();
    }

    private void pppOnly() {
        if (modem == null) {
            throw new IllegalStateException("the demo world runs a router stick (link.type = ethernet), not a modem");
        }
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
        return link == LinkType.PPP ? modemFault(what, value) : stickFault(what, value);
    }

    /**
     * The faults of a router stick: its API hangs, it drops off the bus, it reboots; the radio as its API
     * reports it (signal, registration, the data connection dropping).
     */
    private AdminRoute.Response stickFault(String what, String value) {
        switch (what) {
            case "hang" -> stick.hang(true);
            case "unhang" -> stick.hang(false);
            case "vanish" -> stick.vanish();
            case "reappear" -> stick.reappear();
            case "reboot" -> stick.reboot();
            case "drop-carrier" -> stick.dropConnection();
            case "signal" -> {
                int csq = parse(value, 15);
                if (csq != 99 && (csq < 0 || csq > 31)) {
                    return AdminRoute.Response.text(400, "value= 0..31 or 99 (a +CSQ rssi), not " + value + "\n");
                }
                stick.signal(csq);
            }
            case "searching" -> stick.network(HilinkStandIn.Network.SEARCHING);
            case "home" -> stick.network(HilinkStandIn.Network.HOME);
            case "denied" -> stick.network(HilinkStandIn.Network.DENIED);
            case "internet-down" -> setInternet(false);
            case "internet-up" -> {
                if (!setInternet(true)) {
                    return AdminRoute.Response.text(
                            503, "the loopback internet could not listen on port " + internetPort + " again\n");
                }
            }
            default -> {
                return AdminRoute.Response.text(
                        400,
                        "what= one of hang, unhang, vanish, reappear, reboot, drop-carrier, signal (value=0..31), "
                                + "searching, home, denied, internet-down, internet-up "
                                + "(link.type = ethernet: the stick's API, its USB device and interface)\n");
            }
        }
        log.info("demo: fault injected: {}{}", what, value.isEmpty() ? "" : " " + value);
        return AdminRoute.Response.text(200, "ok: " + what + "\n");
    }

    private AdminRoute.Response modemFault(String what, String value) {
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
            case "internet-down" -> setInternet(false);
            case "internet-up" -> {
                if (!setInternet(true)) {
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
        internetAcceptor = acceptor;
        return socket;
    }

    /** internet-down ({@code false}) and its undo; false: it could not listen on its port again. */
    private synchronized boolean setInternet(boolean wanted) {
        internetWanted = wanted;
        return applyInternet();
    }

    /**
     * The router stick's data connection went down or came back: the probes' traffic, which leaves through
     * the stick, reaches the internet only while it is up (on a Pi the stick's NAT has nowhere to send it).
     * Called under the stick API's lock: quick, and never calls the stick.
     */
    private synchronized void stickConnection(boolean up) {
        stickConnected = up;
        log.info("demo: the stick's data connection is {}", up ? "up" : "down: the internet is unreachable through it");
        applyInternet();
    }

    /** Listens on the probes' target while the internet is wanted and reachable; false: could not listen again. */
    private synchronized boolean applyInternet() {
        if (!internetWanted || !stickConnected) {
            closeInternet();
            return true;
        }
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

    /**
     * Stops listening before it returns: the JDK closes a server socket whose thread is blocked in accept only
     * when that thread has left it, and until then the kernel still completes connections to it (a probe or
     * a test right after internet-down would find the internet up).
     */
    private void closeInternet() {
        try {
            internet.close();
        } catch (IOException ignored) {
            // already closed
        }
        Thread acceptor = internetAcceptor;
        if (acceptor != null && acceptor != Thread.currentThread()) {
            try {
                acceptor.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
                        if (stick != null) {
                            stick.powerOff();
                        } else {
                            modem.vanish();
                        }
                    } else if (line.startsWith("on")) {
                        log.info("demo: USB power on: the simulated stick comes back");
                        if (stick != null) {
                            stick.powerOn();
                        } else {
                            modem.setHung(false, true);
                            modem.reappear(true);
                        }
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
        if (modem != null) {
            modem.close();
        }
        if (stick != null) {
            stick.close();
        }
        aws.close();
    }
}
