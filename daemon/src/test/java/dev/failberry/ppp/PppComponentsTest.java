package dev.failberry.ppp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.failberry.config.FailberryConfig;
import dev.failberry.time.VirtualTime;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assembled ppp capability: link-up starts probes and the public-IP check; status views follow. */
class PppComponentsTest {
    @TempDir
    Path tmp;

    private final VirtualTime time = new VirtualTime();
    private final RecordingPppListener events = new RecordingPppListener();

    private void until(BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    time.runDue();
                    return condition.getAsBoolean();
                });
    }

    @Test
    void linkUpStartsVerificationAndStatusViewsShowIt() throws Exception {
        Path ctl = tmp.resolve("ctl");
        Files.createDirectories(ctl);
        Files.writeString(ctl.resolve("upflag"), "");
        Path pppd = tmp.resolve("pppd");
        Files.writeString(
                pppd,
                "#!/bin/sh\necho 'Using interface ppp0'\necho 'local  IP address 100.72.13.5'\n"
                        + "echo 'remote IP address 10.64.64.64'\nwhile [ -f '" + ctl
                        + "/upflag' ]; do sleep 0.05; done\n"
                        + "echo 'Modem hangup'\nexit 16\n");
        Files.setPosixFilePermissions(pppd, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (ServerSocket target = new ServerSocket()) {
            target.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            FailberryConfig c = TestConfigs.config("state-dir = \"" + tmp.resolve("state") + "\"\nruntime-dir = \""
                    + tmp.resolve("rt") + "\"\nppp { pppd = \"" + pppd + "\", probe.targets = [\"127.0.0.1:"
                    + target.getLocalPort() + "\"], data-usage.statistics-dir = \"" + tmp.resolve("net") + "\" }");
            PppPaths paths = new PppPaths(c.runtimeDir(), tmp.resolve("run"), tmp.resolve("lock"));
            try (PppComponents ppp = PppComponents.create(
                    c,
                    paths,
                    time,
                    events,
                    SourceBinding.fixed(InetAddress.getLoopbackAddress()),
                    ZoneOffset.UTC,
                    l -> new PppLink(c.modem(), c.ppp(), paths, time, l, new Random(1), () -> PppdVersion.BOOKWORM))) {
                ppp.start();
                assertThat(ppp.pppView().state()).isEqualTo("idle");
                ppp.link().start("/dev/null");
                until(() -> events.events.contains("verified"));
                var view = ppp.pppView();
                assertThat(view.state()).isEqualTo("up");
                assertThat(view.localIp()).isEqualTo("100.72.13.5");
                assertThat(view.ipClass()).isEqualTo("cgnat");
                assertThat(view.verified()).isTrue();
                assertThat(view.probeLatencyMs()).isNotNull();
                assertThat(events.last(PublicIpInfo.class).note()).contains("inbound failover cannot work");
                assertThat(ppp.dataUsage().snapshot().rxBytes()).isZero();

                Files.delete(ctl.resolve("upflag"));
                until(() -> events.last(LinkDown.class) != null);
                assertThat(ppp.pppView().state()).isEqualTo("backoff");
                assertThat(ppp.pppView().lastExit()).isEqualTo("pppd exited 16: modem hung up (Modem hangup)");
                ppp.link().stop();
                time.runDue();
                assertThat(ppp.pppView().state()).isEqualTo("idle");
                int rounds = events.all(ProbeResult.class).size();
                time.advance(Duration.ofMinutes(2));
                assertThat(events.all(ProbeResult.class)).hasSize(rounds);
            }
            assertThat(tmp.resolve("state/data-usage.properties")).exists();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
        }
    }
}
