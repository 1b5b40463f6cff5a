package dev.failberry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.daemon.DaemonState;
import dev.failberry.daemon.Supervisor;
import dev.failberry.metrics.Metrics;
import dev.failberry.time.VirtualTime;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 21, item 1: a few hundred idle connections took {@code /health} offline. With the shipped
 * defaults, 2,000 connections from four addresses (1,500 idle, 500 sending a request that never ends,
 * every one reopened as soon as the server closes it) must not keep a fresh check from another address
 * from being answered within 2 s, the budget of {@code curl -m 2} and of a Route53 checker. The same
 * from 64 addresses, which fill the listener's total.
 *
 * <p>Real sockets on loopback: Linux routes all of 127/8 to {@code lo}, so the attackers bind
 * 127.0.0.2 and up and the checker 127.0.0.1.
 */
class IdleConnectionFloodTest {
    private static final long DEADLINE_MILLIS = 2000;

    private final VirtualTime time = new VirtualTime();
    private final Supervisor supervisor = new Supervisor(time);
    private HttpListeners http;

    @BeforeEach
    void start() throws Exception {
        FailberryConfig config = ConfigLoader.fromUserConfig(
                ConfigFactory.parseString("failberry { health { bind = \"127.0.0.1\", port = 0 }, admin.port = 0 }"),
                "test.conf");
        var metrics = new Metrics(supervisor::snapshot, time);
        http = new HttpListeners(
                config.health(),
                config.admin(),
                new HealthHandler("/health", () -> HealthVerdict.of(supervisor.snapshot(), 0, 1)),
                new AdminHandler(supervisor::snapshot, time, metrics));
        http.start();
        supervisor.transition(DaemonState.MODEM_INIT, "a");
        supervisor.transition(DaemonState.REGISTERING, "b");
        supervisor.transition(DaemonState.DIALING, "c");
        supervisor.transition(DaemonState.CONNECTED, "link verified");
    }

    @AfterEach
    void stop() {
        http.close();
    }

    /** Four addresses (the "a few"): the per-address limit; 64: the total limit as well. */
    @ParameterizedTest(name = "from {0} addresses")
    @ValueSource(ints = {4, 64})
    void freshChecksAreAnsweredWithinTwoSecondsUnderTwoThousandIdleAndSlowConnections(int sources) throws Exception {
        List<InetAddress> attackers = new ArrayList<>();
        for (int i = 0; i < sources; i++) {
            attackers.add(InetAddress.getByName("127.0.0." + (2 + i)));
        }
        InetAddress checker = InetAddress.getByName("127.0.0.1");
        try (var flood = new ConnectionFlood(http.publicAddress(), attackers, 1500, 500)) {
            flood.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> flood.opened() >= 2000);
            // the slow ones have started their never-ending requests before the checks begin
            await().pollDelay(Duration.ofMillis(2 * ConnectionFlood.TRICKLE_MILLIS))
                    .until(() -> true);

            var probes = ConnectionFlood.probe(http.publicAddress(), checker, "/health", 200, 10, DEADLINE_MILLIS, 200);

            ConnectionGuard.Counts server = http.publicCounts();
            System.out.printf(
                    "idle flood from %d addresses: %s; flood opened %d, closed by server %d, failed "
                            + "connects %d; server %s%n",
                    sources,
                    probes.summary(DEADLINE_MILLIS),
                    flood.opened(),
                    flood.closedByServer(),
                    flood.failedConnects(),
                    server);
            // 16 per address, 512 in all; the probe's own connection is closed by now or about to be
            assertThat(server.open()).isLessThanOrEqualTo(Math.min(sources * 16, 512) + 1);
            assertThat(server.refusedForAddress() + server.refused()).isPositive();
            assertThat(probes.failures()).as(probes.summary(DEADLINE_MILLIS)).isZero();
            assertThat(probes.percentile(50, DEADLINE_MILLIS))
                    .as(probes.summary(DEADLINE_MILLIS))
                    .isLessThan(200);
        }
    }
}
