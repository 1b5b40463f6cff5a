package dev.failberry.usbnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.failberry.testutil.LogCapture;
import dev.failberry.time.Backoff;
import dev.failberry.time.ThreadScheduler;
import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch with a stand-in {@code ip} that prints captured lines and dies (restart with backoff in
 * virtual time), and with the real {@code ip monitor} in a private network namespace (root only).
 */
class InterfaceWatchTest {
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 2.0, 0.0);

    @TempDir
    Path tmp;

    private InterfaceWatch watch;
    private ThreadScheduler scheduler;
    private String netns;

    @AfterEach
    void cleanUp() throws Exception {
        if (watch != null) {
            watch.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        if (netns != null) {
            new ProcessBuilder("ip", "netns", "del", netns).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A stand-in ip: snapshots print one link and one address, the monitor prints a rename and exits 3. */
    private Path fakeIp() throws IOException {
        Path ip = tmp.resolve("ip");
        Path count = tmp.resolve("monitor-starts");
        Files.writeString(ip, """
                #!/bin/sh
                case "$2" in
                  link) echo '3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000\\    link/ether 0c:5b:8f:27:9a:64 brd ff:ff:ff:ff:ff:ff' ;;
                  addr) echo '3: eth1    inet 192.168.8.100/24 brd 192.168.8.255 scope global dynamic eth1\\       valid_lft 86400sec preferred_lft 86400sec' ;;
                  monitor)
                    echo x >> '%s'
                    echo '3: eth2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default \\    link/ether 0c:5b:8f:27:9a:64 brd ff:ff:ff:ff:ff:ff'
                    exit 3 ;;
                esac
                """.formatted(count));
        Files.setPosixFilePermissions(ip, PosixFilePermissions.fromString("rwx------"));
        return ip;
    }

    private int monitorStarts() throws IOException {
        Path count = tmp.resolve("monitor-starts");
        return Files.exists(count) ? Files.readAllLines(count).size() : 0;
    }

    @Test
    void aDyingMonitorIsRestartedWithBackoffAndLoggedOnce() throws Exception {
        VirtualTime time = new VirtualTime();
        List<NetState> seen = new CopyOnWriteArrayList<>();
        watch = new InterfaceWatch(fakeIp(), time, BACKOFF, seen::add);
        try (LogCapture log = LogCapture.of(InterfaceWatch.class)) {
            watch.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                time.runDue();
                return monitorStarts() == 1 && watch.state().byName("eth2").isPresent() && time.pending() == 1;
            });
            // the snapshot gave eth1 with its address; the monitor's line renamed index 3 to eth2
            assertThat(seen.get(0).byName("eth1").orElseThrow().usable())
                    .extracting(InetAddress::getHostAddress)
                    .containsExactly("192.168.8.100");
            assertThat(watch.state().byName("eth2").orElseThrow().usable()).hasSize(1);
            // it died: the restart waits for the backoff (1 s), then 2 s after the next death
            time.advance(Duration.ofMillis(900));
            assertThat(monitorStarts()).isEqualTo(1);
            time.advance(Duration.ofMillis(100));
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                time.runDue();
                return monitorStarts() == 2 && time.pending() == 1;
            });
            time.advance(Duration.ofMillis(1900));
            assertThat(monitorStarts()).isEqualTo(2);
            time.advance(Duration.ofMillis(100));
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                time.runDue();
                return monitorStarts() == 3;
            });
            assertThat(log.messages().stream().filter(m -> !m.startsWith("DEBUG")))
                    .singleElement()
                    .asString()
                    .startsWith("WARN")
                    .contains("monitor exited with status 3")
                    .contains("restarting it in 1000 ms");
        }
    }

    @Test
    void aMissingIpIsRetriedNotFatal() throws Exception {
        VirtualTime time = new VirtualTime();
        watch = new InterfaceWatch(tmp.resolve("no-such-ip"), time, BACKOFF, s -> {});
        try (LogCapture log = LogCapture.of(InterfaceWatch.class)) {
            watch.start();
            time.runDue();
            assertThat(time.pending()).isEqualTo(1);
            assertThat(log.messages()).singleElement().asString().contains("cannot start");
        }
        watch.close();
        time.advance(Duration.ofMinutes(5));
        assertThat(time.pending()).isZero();
    }

    /** The real thing: ip monitor in a network namespace of this test's own, with a veth pair. */
    @Test
    void followsARealInterfaceThroughAddressRenameAndRemoval() throws Exception {
        Assumptions.assumeTrue(
                isRoot()
                        && run(
                                "ip",
                                "netns",
                                "add",
                                netns = "fbw" + ThreadLocalRandom.current().nextInt(1 << 30)),
                "skipped: needs root and ip netns to watch a real interface in a private network namespace");
        Path ip = tmp.resolve("ip-in-netns");
        Files.writeString(ip, "#!/bin/sh\nexec ip netns exec " + netns + " ip \"$@\"\n");
        Files.setPosixFilePermissions(ip, PosixFilePermissions.fromString("rwx------"));
        scheduler = new ThreadScheduler("watch-test");
        List<NetState> seen = new CopyOnWriteArrayList<>();
        watch = new InterfaceWatch(ip, scheduler, BACKOFF, seen::add);
        watch.start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !seen.isEmpty() && last(seen).byName("lo").isPresent());
        assertThat(inNs("ip", "link", "add", "stick0", "type", "veth", "peer", "name", "carrier0"))
                .isTrue();
        assertThat(inNs("ip", "link", "set", "carrier0", "up")).isTrue();
        assertThat(inNs("ip", "link", "set", "stick0", "up")).isTrue();
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        last(seen).byName("stick0").map(NetState.Iface::running).orElse(false));
        assertThat(inNs("ip", "addr", "add", "192.168.8.100/24", "dev", "stick0"))
                .isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> last(seen)
                .byName("stick0")
                .orElseThrow()
                .usable()
                .contains(InetAddress.getByName("192.168.8.100")));
        int index = last(seen).byName("stick0").orElseThrow().index();
        // a power-cycled stick comes back under another name: same index here, a new name
        assertThat(inNs("ip", "link", "set", "stick0", "down")).isTrue();
        assertThat(inNs("ip", "link", "set", "stick0", "name", "usb7")).isTrue();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> last(seen).byName("usb7").isPresent());
        assertThat(last(seen).byName("usb7").orElseThrow().index()).isEqualTo(index);
        assertThat(last(seen).byName("usb7").orElseThrow().running()).isFalse();
        assertThat(inNs("ip", "addr", "del", "192.168.8.100/24", "dev", "usb7")).isTrue();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> last(seen).byName("usb7").orElseThrow().usable().isEmpty());
        assertThat(inNs("ip", "link", "del", "usb7")).isTrue();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> last(seen).byIndex(index).isEmpty());
    }

    private static NetState last(List<NetState> seen) {
        return seen.isEmpty() ? NetState.EMPTY : seen.get(seen.size() - 1);
    }

    private boolean inNs(String... command) throws Exception {
        String[] full = new String[command.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = netns;
        System.arraycopy(command, 0, full, 4, command.length);
        return run(full);
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
