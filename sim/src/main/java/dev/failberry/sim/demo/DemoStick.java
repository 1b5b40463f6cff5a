package dev.failberry.sim.demo;

import dev.failberry.sim.hilink.FakeIp;
import dev.failberry.sim.hilink.HilinkStandIn;
import dev.failberry.sim.usb.FakeSysfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router stick of {@code failberry demo --link ethernet}: a Huawei E3372 in HiLink mode (12d1:14dc,
 * cdc_ether) as the daemon meets one on a Pi, without root. Its parts cross the boundaries the daemon
 * crosses with a real stick:
 * <ul>
 * <li>the USB device and its network interface {@code eth1} in the fake sysfs tree, where the daemon finds
 *     the stick by USB id ({@code link.interface = auto}) and the fake uhubctl cuts its power;</li>
 * <li>the interface and its DHCP address as {@code ip} shows them: the {@link FakeIp} stand-in, whose
 *     {@code ip -o monitor} prints every change; its {@code ip link set} (the daemon's DHCP renew) takes
 *     the interface down and up and the lease is renewed;</li>
 * <li>the HiLink web API ({@link HilinkStandIn}, the captured replies) on {@link #GATEWAY}, the stick's
 *     own address in its subnet, as 192.168.8.1 is on a real one.</li>
 * </ul>
 * The addresses are in 127.8.0.0/24: every 127/8 address is this machine's own on Linux, so the daemon
 * really binds its API requests and probes to the "DHCP" address and really reaches the API on the
 * gateway, while the interface named {@code eth1} exists only in {@code ip}'s and sysfs's view.
 *
 * <p>A reboot (through the API, or the {@code reboot} fault) and a power cut make the interface and the USB
 * device go away; after {@code boot} the stick is back with a new interface index, the next DHCP address
 * and the next WAN address; its API is silent while it is down. State changes run on one thread of their own.
 */
final class DemoStick implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoStick.class);
    static final String GATEWAY = "127.8.0.1";
    static final String NAME = "eth1";
    private static final String MAC = "0c:5b:8f:27:9a:64";
    private static final String FIRST_WAN = "198.51.100.8";
    /** Between the API's "OK" to a reboot and the interface going away (the stick shuts down). */
    private static final Duration SHUTDOWN = Duration.ofMillis(300);
    /** From the interface coming up to the DHCP client's address (dhcpcd asks, the stick answers). */
    private static final Duration DHCP = Duration.ofMillis(200);

    private final FakeSysfs sysfs;
    private final String usbPath;
    private final FakeSysfs.Device device;
    private final Duration boot;
    private final HilinkStandIn api;
    private final FakeIp.Control ip;
    private final ScheduledExecutorService thread;
    private final WatchService requestWatch;
    // the fields below belong to the stick's thread
    private int nextIndex = 3;
    private int leases;
    private int wans;
    private int index;
    private boolean present;
    private boolean up;
    private boolean hasLease;
    private String address;
    private ScheduledFuture<?> booting;
    private long requestsSeen;

    private DemoStick(Path scratch, FakeSysfs sysfs, String usbPath, Duration boot) throws IOException {
        this.sysfs = sysfs;
        this.usbPath = usbPath;
        this.device = FakeSysfs.huaweiE3372HiLink(usbPath, "14dc");
        this.boot = boot;
        this.ip = FakeIp.install(scratch.resolve("ip"), scratch.resolve("bin").resolve("ip"));
        this.api = HilinkStandIn.start(
                HilinkStandIn.Profile.E3372_22X,
                v4(FIRST_WAN),
                new InetSocketAddress(InetAddress.getByName(GATEWAY), 0));
        api.rebootTakes(boot.plus(SHUTDOWN));
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-stick");
            t.setDaemon(true);
            return t;
        });
        api.onReboot(() -> thread.execute(() -> {
            log.info("demo: the stick reboots (asked through its API)");
            thread.schedule(() -> restart("rebooting"), SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS);
        }));
        this.requestWatch = scratch.getFileSystem().newWatchService();
        ip.requests().getParent().register(requestWatch, StandardWatchEventKinds.ENTRY_MODIFY);
        Thread watcher = new Thread(this::watchRequests, "demo-stick-ip");
        watcher.setDaemon(true);
        watcher.start();
        sysfs.add(FakeSysfs.piEthernet("1-1.1"));
        sysfs.addNetInterface("1-1.1", 0, "eth0", "b8:27:eb:00:00:01");
        sysfs.add(device);
        // plugged in and booted before the daemon starts, as a stick in a Pi usually is
        run(this::booted);
    }

    /** The stick plugged in at {@code usbPath}, booted; its API up on {@link #GATEWAY}. */
    static DemoStick start(Path scratch, FakeSysfs sysfs, String usbPath, Duration boot) throws IOException {
        return new DemoStick(scratch, sysfs, usbPath, boot);
    }

    URI apiUrl() {
        return api.url();
    }

    Path ipExecutable() {
        return ip.executable();
    }

    HilinkStandIn api() {
        return api;
    }

    /** The API stops answering (the stick hangs): requests get no answer. */
    void hang(boolean hung) {
        api.fault(hung ? HilinkStandIn.Fault.TIMEOUT : HilinkStandIn.Fault.NONE);
    }

    /** The signal as a {@code +CSQ} rssi (0..31, 99 unknown), as the stick's API reports it. */
    void signal(int csq) {
        api.signal(csq);
    }

    /** The network's answer to the stick: service, none (searching), or limited (denied). */
    void network(HilinkStandIn.Network n) {
        api.network(n);
    }

    /** The stick's data connection drops; it stays down until mobile data is switched on through the API. */
    void dropConnection() {
        api.dropConnection();
    }

    /**
     * {@code l} hears each change of the stick's data connection (true: up): whether traffic through the
     * stick can reach the internet. Called quickly, under the API's lock.
     */
    void onConnection(java.util.function.Consumer<Boolean> l) {
        api.onConnection(l);
    }

    /** Drops off the bus (a firmware crash, a loose plug): until {@link #reappear} or a power cycle. */
    void vanish() {
        run(() -> {
            gone();
            sysfs.remove(usbPath);
        });
    }

    /** Back on the bus after {@link #vanish}: it boots. */
    void reappear() {
        run(() -> {
            if (!sysfs.exists(usbPath)) {
                sysfs.add(device);
            }
            if (!present) {
                scheduleBoot();
            }
        });
    }

    /** The stick reboots by itself: gone, then back after its boot. */
    void reboot() {
        run(() -> restart("rebooting"));
    }

    /** The fake uhubctl cut the power (it removed the USB device from sysfs itself). */
    void powerOff() {
        run(this::gone);
    }

    /** The power is back: the USB device is there again (re-added if it had vanished), the stick boots. */
    void powerOn() {
        run(() -> {
            if (!sysfs.exists(usbPath)) {
                sysfs.add(device);
            }
            scheduleBoot();
        });
    }

    private void restart(String why) {
        log.info("demo: the stick's interface goes away ({})", why);
        gone();
        sysfs.remove(usbPath);
        sysfs.add(device);
        scheduleBoot();
    }

    private void scheduleBoot() {
        if (booting != null) {
            booting.cancel(false);
        }
        booting = thread.schedule(() -> run(this::booted), boot.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Booted: a new interface index, link up, then the next DHCP address; the carrier's next WAN address. */
    private void booted() {
        booting = null;
        if (present || !sysfs.exists(usbPath)) {
            return;
        }
        index = nextIndex++;
        address = "127.8.0." + (100 + leases++ % 100);
        if (wans++ > 0) {
            // back from a reboot or a power cut: connected again (if the network lets it), on the next address
            api.wan(v4("198.51.100." + (8 + wans % 50)));
            api.booted();
        }
        // a boot ends a hang and every session
        api.fault(HilinkStandIn.Fault.NONE);
        api.expireSessions();
        sysfs.addNetInterface(usbPath, 0, NAME, MAC);
        counters();
        present = true;
        up = true;
        hasLease = false;
        publish(List.of(linkLine()));
        thread.schedule(() -> run(this::leased), DHCP.toMillis(), TimeUnit.MILLISECONDS);
        log.info("demo: the stick is up: {} (index {})", NAME, index);
    }

    private void leased() {
        if (present && up && !hasLease) {
            hasLease = true;
            publish(List.of(addrLine()));
            log.info("demo: the stick's DHCP server gave {} the address {}/24", NAME, address);
        }
    }

    /** The interface goes away; the API, on the stick, is silent until the next boot. */
    private void gone() {
        api.fault(HilinkStandIn.Fault.TIMEOUT);
        if (booting != null) {
            booting.cancel(false);
            booting = null;
        }
        if (!present) {
            return;
        }
        List<String> events = new ArrayList<>();
        if (hasLease) {
            events.add("Deleted " + addrLine());
        }
        events.add("Deleted " + linkLine());
        present = false;
        hasLease = false;
        publish(events);
    }

    /** {@code ip link set dev eth1 down|up}: the daemon's DHCP renew. */
    private void request(String line) {
        String[] f = line.strip().split(" ");
        if (f.length != 2 || !present || !f[0].equals(NAME)) {
            return;
        }
        if (f[1].equals("down") && up) {
            // the carrier goes: the DHCP client drops the lease
            List<String> events = new ArrayList<>();
            if (hasLease) {
                events.add("Deleted " + addrLine());
            }
            up = false;
            hasLease = false;
            events.add(linkLine());
            publish(events);
        } else if (f[1].equals("up") && !up) {
            up = true;
            publish(List.of(linkLine()));
            thread.schedule(() -> run(this::leased), DHCP.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Writes the snapshot as it now is, then the events that led to it. */
    private void publish(List<String> events) {
        List<String> links = new ArrayList<>(List.of(
                "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen"
                        + " 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00",
                "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP mode DEFAULT group "
                        + "default qlen 1000\\    link/ether b8:27:eb:00:00:01 brd ff:ff:ff:ff:ff:ff"));
        List<String> addrs = new ArrayList<>(List.of(
                "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever",
                "2: eth0    inet 192.168.1.10/24 brd 192.168.1.255 scope global eth0\\       valid_lft forever"
                        + " preferred_lft forever"));
        if (present) {
            links.add(linkLine());
            if (hasLease) {
                addrs.add(addrLine());
            }
        }
        try {
            ip.change(links, addrs, events);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String linkLine() {
        String flags = up ? "<BROADCAST,MULTICAST,UP,LOWER_UP>" : "<BROADCAST,MULTICAST>";
        String state = up ? "UP" : "DOWN";
        return index + ": " + NAME + ": " + flags + " mtu 1500 qdisc pfifo_fast state " + state
                + " mode DEFAULT group default qlen 1000\\    link/ether " + MAC + " brd ff:ff:ff:ff:ff:ff";
    }

    private String addrLine() {
        return index + ": " + NAME + "    inet " + address + "/24 brd 127.8.0.255 scope global dynamic " + NAME
                + "\\       valid_lft 86400sec preferred_lft 86400sec";
    }

    /** The interface's byte counters: its traffic runs over loopback, so they stay at 0. */
    private void counters() {
        try {
            Path stats = sysfs.sysRoot().resolve("class/net").resolve(NAME).resolve("statistics");
            Files.createDirectories(stats);
            Files.writeString(stats.resolve("rx_bytes"), "0\n");
            Files.writeString(stats.resolve("tx_bytes"), "0\n");
        } catch (IOException e) {
            log.warn("demo: cannot write the stick's counters: {}", e.toString());
        }
    }

    private void watchRequests() {
        try {
            while (true) {
                var key = requestWatch.take();
                key.pollEvents();
                key.reset();
                List<String> lines = Files.readAllLines(ip.requests());
                for (long i = requestsSeen; i < lines.size(); i++) {
                    String line = lines.get((int) i);
                    run(() -> request(line));
                }
                requestsSeen = lines.size();
            }
        } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("demo: the stick's ip request watcher stopped: {}", e.toString());
        }
    }

    /** Runs {@code step} on the stick's thread; a failure is logged, never lost. */
    private void run(Runnable step) {
        thread.execute(() -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                log.warn("demo: the simulated stick: {}", e.toString());
            }
        });
    }

    private static Inet4Address v4(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    @Override
    public void close() {
        try {
            requestWatch.close();
        } catch (IOException ignored) {
            // closing
        }
        thread.shutdownNow();
        api.close();
    }
}
