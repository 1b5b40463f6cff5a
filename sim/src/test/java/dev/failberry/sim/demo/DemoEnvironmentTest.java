package dev.failberry.sim.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.failberry.config.LinkConfig.LinkType;
import dev.failberry.sim.modem.SimTiming;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router stick's faults at the demo's fault API, without the daemon: the radio reaches the stick's
 * API, and the loopback internet the probes use is reachable only while the stick's data connection is
 * up (the probes' traffic leaves through the stick) and {@code internet-down} is not in force.
 */
class DemoEnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void theSticksDataConnectionAndInternetDownBothDecideWhetherTheInternetAnswers() throws IOException {
        try (DemoEnvironment env = DemoEnvironment.start(dir, SimTiming.fast(), LinkType.ETHERNET)) {
            int port = internetPort(env);
            assertThat(reachable(port)).isTrue();

            ok(env, "drop-carrier", "");
            assertThat(env.stickApi().connected()).isFalse();
            assertThat(reachable(port))
                    .as("no way out through a disconnected stick")
                    .isFalse();
            // internet-up undoes internet-down only: the stick's connection still decides
            ok(env, "internet-up", "");
            ok(env, "home", "");
            assertThat(reachable(port))
                    .as("a dropped connection stays down until asked to connect")
                    .isFalse();
            ok(env, "reboot", "");
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> env.stickApi().connected() && reachable(port));

            ok(env, "searching", "");
            assertThat(reachable(port)).isFalse();
            ok(env, "home", "");
            assertThat(env.stickApi().connected())
                    .as("service back: it connects by itself")
                    .isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> reachable(port));
            ok(env, "denied", "");
            assertThat(reachable(port)).isFalse();
            ok(env, "home", "");

            ok(env, "internet-down", "");
            assertThat(env.stickApi().connected()).isTrue();
            assertThat(reachable(port)).isFalse();
            ok(env, "internet-up", "");
            await().atMost(Duration.ofSeconds(5)).until(() -> reachable(port));
        }
    }

    @Test
    void theSignalTakesACsqValueAndUnknownFaultsAreRefused() throws IOException {
        try (DemoEnvironment env = DemoEnvironment.start(dir, SimTiming.fast(), LinkType.ETHERNET)) {
            ok(env, "signal", "7");
            ok(env, "signal", "99");
            assertThat(env.fault("signal", "32").status()).isEqualTo(400);
            assertThat(env.fault("signal", "-1").status()).isEqualTo(400);
            var r = env.fault("sim-out", "");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("drop-carrier", "signal", "searching", "home", "denied", "internet-up");
        }
    }

    private static void ok(DemoEnvironment env, String what, String value) {
        var r = env.fault(what, value);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @SuppressWarnings("unchecked")
    private static int internetPort(DemoEnvironment env) {
        String target = ((List<String>) env.configOverrides().get("ppp.probe.targets")).get(0);
        return Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
    }

    private static boolean reachable(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
