package dev.failberry.sim.hilink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.failberry.usbnet.IpEvent;
import dev.failberry.usbnet.IpMonitorParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code ip} stand-in of the Ethernet demo answers the daemon's invocations as iproute2 does, and what
 * it prints is what {@link IpMonitorParser} (tested with an iproute2 6.1 capture) reads.
 */
class FakeIpTest {
    private static final String LINK = "3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP"
            + " mode DEFAULT group default qlen 1000\\    link/ether 0c:5b:8f:27:9a:64 brd ff:ff:ff:ff:ff:ff";
    private static final String ADDR = "3: eth1    inet 127.8.0.100/24 brd 127.8.0.255 scope global dynamic eth1\\"
            + "       valid_lft 86400sec preferred_lft 86400sec";

    @TempDir
    Path tmp;

    private FakeIp.Control control;
    private Path dir;

    @BeforeEach
    void install() throws Exception {
        dir = tmp.resolve("ip");
        control = FakeIp.install(dir, tmp.resolve("bin/ip"));
        control.change(List.of(LINK), List.of(ADDR), List.of(LINK, ADDR));
    }

    private record Run(int status, String out, String err) {}

    private Run run(String args) throws Exception {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = FakeIp.run(
                List.of(args.split(" ")),
                dir,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theSnapshotIsWhatTheWorldWroteInIpsOneLineFormat() throws Exception {
        assertThat(run("-o link show")).isEqualTo(new Run(0, LINK + "\n", ""));
        assertThat(run("-o addr show")).isEqualTo(new Run(0, ADDR + "\n", ""));
        var link = (IpEvent.Link) IpMonitorParser.parse(LINK).orElseThrow();
        assertThat(link.name()).isEqualTo("eth1");
        assertThat(link.running()).isTrue();
        var addr = (IpEvent.Address) IpMonitorParser.parse(ADDR).orElseThrow();
        assertThat(addr.address().getHostAddress()).isEqualTo("127.8.0.100");
        assertThat(addr.prefix()).isEqualTo(24);
        assertThat(Files.isExecutable(control.executable())).isTrue();
    }

    @ParameterizedTest(name = "ip {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "-4 -o route show default dev eth1|0|",
                "link set dev eth1 down|0|",
                "link set dev eth9 up|1|Cannot find device \"eth9\"",
                "rule add from all lookup 7102|2|fake ip: not simulated: ip rule add from all lookup 7102",
            })
    void otherInvocations(String args, int status, String err) throws Exception {
        Run r = run(args);
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo(err == null ? "" : err);
    }

    @Test
    void aLinkSetIsHandedToTheWorldAsARequest() throws Exception {
        run("link set dev eth1 down");
        run("link set dev eth1 up");
        assertThat(Files.readAllLines(control.requests())).containsExactly("eth1 down", "eth1 up");
    }

    @Test
    void theMonitorPrintsOnlyWhatChangesAfterItStarted() throws Exception {
        var out = new ByteArrayOutputStream();
        boolean[] readerGone = {false};
        // as a pipe whose reader has gone (EPIPE): writes fail
        var pipe = new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                if (readerGone[0]) {
                    throw new java.io.IOException("Broken pipe");
                }
                out.write(b);
            }
        };
        var printer = new PrintStream(pipe, true, StandardCharsets.UTF_8);
        Thread monitor = new Thread(() -> {
            try {
                FakeIp.run(List.of("-o", "monitor", "link", "address"), dir, printer, System.err);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        monitor.setDaemon(true);
        monitor.start();
        String deleted = "Deleted " + ADDR;
        // the monitor may not have opened the file yet: change again until it has printed a change
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    control.change(List.of(LINK), List.of(), List.of(deleted));
                    return out.toString(StandardCharsets.UTF_8).contains(deleted);
                });
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(LINK);
        assertThat(IpMonitorParser.parse(deleted).orElseThrow().deleted()).isTrue();
        readerGone[0] = true;
        control.change(List.of(LINK), List.of(ADDR), List.of(ADDR));
        monitor.join(5000);
        assertThat(monitor.isAlive())
                .as("the monitor ends when its reader is gone")
                .isFalse();
    }
}
