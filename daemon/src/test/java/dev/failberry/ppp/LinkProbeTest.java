package dev.failberry.ppp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.failberry.config.FailberryConfig;
import dev.failberry.ppp.ProbeResult.ProbeState;
import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Probes against loopback TCP servers that start refusing: DEGRADED after k of n rounds, recovery after
 * k consecutive good rounds. The schedule runs in virtual time; the connects are real and synchronous.
 */
class LinkProbeTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final VirtualTime time = new VirtualTime();
    private final RecordingPppListener events = new RecordingPppListener();
    private ServerSocket server;
    private int port;
    private HttpServer http;

    @AfterEach
    void tearDown() throws IOException {
        if (server != null) {
            server.close();
        }
        if (http != null) {
            http.stop(0);
        }
    }

    private void listen() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        for (int attempt = 0; ; attempt++) {
            try {
                s.bind(new InetSocketAddress(LOOPBACK, port));
                break;
            } catch (java.net.BindException e) {
                if (attempt > 100) {
                    throw e;
                }
                org.awaitility.Awaitility.await()
                        .pollDelay(Duration.ofMillis(20))
                        .until(() -> true);
            }
        }
        server = s;
        port = s.getLocalPort();
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try (Socket c = s.accept()) {
                    accepted.add(c.getInetAddress().getHostAddress());
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        acceptor = t;
    }

    private Thread acceptor;

    private final CopyOnWriteArrayList<String> accepted = new CopyOnWriteArrayList<>();

    /** Closes the listener and waits until its accept thread let go of it (the JDK closes the fd only then). */
    private void refuse() throws Exception {
        server.close();
        acceptor.join(5000);
    }

    private FailberryConfig.Probe probeConfig(String extra) {
        return TestConfigs.config("ppp.probe { targets = [\"127.0.0.1:" + port + "\"], interval = 10s, timeout = 1s, "
                        + "window = 5, failures = 3\n" + extra + " }")
                .ppp()
                .probe();
    }

    private LinkProbe probe(FailberryConfig.Probe config, SourceBinding binding) {
        return new LinkProbe(config, time, Runnable::run, binding, events);
    }

    private ProbeState lastState() {
        return events.last(ProbeResult.class).state();
    }

    @Test
    void degradedAfterKOfNFailedRoundsAndVerifiedAgainAfterKGoodRounds() throws Exception {
        listen();
        // the fake link reports a carrier address; the stand-in binding puts probes on loopback
        LinkProbe probe = probe(probeConfig(""), SourceBinding.fixed(LOOPBACK));
        probe.start(InetAddress.getByName("100.72.13.5"));
        time.runDue();
        assertThat(lastState()).isEqualTo(ProbeState.VERIFIED);
        assertThat(events.events).contains("verified");
        assertThat(events.last(ProbeResult.class).latency()).isNotNull();

        refuse();
        time.advance(Duration.ofSeconds(10));
        time.advance(Duration.ofSeconds(10));
        assertThat(events.last(ProbeResult.class).failuresInWindow()).isEqualTo(2);
        assertThat(lastState()).isEqualTo(ProbeState.VERIFIED);
        assertThat(events.all(RecordingPppListener.Degraded.class)).isEmpty();
        time.advance(Duration.ofSeconds(10));
        assertThat(lastState()).isEqualTo(ProbeState.DEGRADED);
        var degraded = events.last(RecordingPppListener.Degraded.class);
        assertThat(degraded.reason()).startsWith("3 of the last 5 probe rounds failed (127.0.0.1:" + port);
        assertThat(degraded.result().checks().get(0).error()).isNotBlank();

        listen();
        time.advance(Duration.ofSeconds(10));
        time.advance(Duration.ofSeconds(10));
        assertThat(lastState()).isEqualTo(ProbeState.DEGRADED);
        time.advance(Duration.ofSeconds(10));
        assertThat(lastState()).isEqualTo(ProbeState.VERIFIED);
        assertThat(events.events.stream().filter("verified"::equals)).hasSize(2);
        assertThat(events.last(ProbeResult.class).failuresInWindow()).isZero();

        // one failure after recovery is not enough to degrade again (window was cleared)
        refuse();
        time.advance(Duration.ofSeconds(10));
        assertThat(lastState()).isEqualTo(ProbeState.VERIFIED);
        probe.stop();
        int rounds = events.all(ProbeResult.class).size();
        time.advance(Duration.ofMinutes(5));
        assertThat(events.all(ProbeResult.class)).hasSize(rounds);
    }

    @Test
    void intermittentFailuresBelowKNeverDegrade() throws Exception {
        listen();
        // every third round fails (the source address cannot be bound): 2 of 5, never 3 of 5
        var round = new AtomicInteger();
        InetAddress unusable = InetAddress.getByName("192.0.2.1");
        LinkProbe probe = probe(probeConfig(""), ip -> round.getAndIncrement() % 3 == 1 ? unusable : LOOPBACK);
        probe.start(InetAddress.getByName("10.1.2.3"));
        time.runDue();
        time.advance(Duration.ofSeconds(90));
        assertThat(events.all(ProbeResult.class)).hasSize(10);
        assertThat(events.all(ProbeResult.class).stream().filter(r -> !r.ok())).hasSize(3);
        assertThat(events.all(RecordingPppListener.Degraded.class)).isEmpty();
    }

    @Test
    void productionBindingUsesTheLinkAddressAsSource() throws Exception {
        listen();
        LinkProbe probe = probe(probeConfig(""), SourceBinding.LINK_ADDRESS);
        probe.start(InetAddress.getByName("127.0.0.2"));
        time.runDue();
        assertThat(lastState()).isEqualTo(ProbeState.VERIFIED);
        org.awaitility.Awaitility.await().until(() -> !accepted.isEmpty());
        assertThat(accepted).containsOnly("127.0.0.2");
    }

    @Test
    void aSourceAddressThatCannotBeBoundIsAFailureNeverAnUnboundFallback() throws Exception {
        listen();
        LinkProbe probe = probe(probeConfig(""), SourceBinding.LINK_ADDRESS);
        probe.start(InetAddress.getByName("192.0.2.55")); // not an address of this host
        time.runDue();
        ProbeResult r = events.last(ProbeResult.class);
        assertThat(r.ok()).isFalse();
        assertThat(r.checks().get(0).error()).contains("cannot bind to 192.0.2.55");
        assertThat(accepted).isEmpty();
    }

    @Test
    void httpCheckMustAnswer204() throws Exception {
        AtomicInteger status = new AtomicInteger(204);
        http = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        http.createContext("/generate_204", ex -> {
            ex.sendResponseHeaders(status.get(), -1);
            ex.close();
        });
        http.start();
        var config = TestConfigs.config(
                        "ppp.probe { targets = [], interval = 10s, timeout = 2s, window = 3, failures = 2, "
                                + "http-url = \"http://127.0.0.1:"
                                + http.getAddress().getPort() + "/generate_204\" }")
                .ppp()
                .probe();
        LinkProbe probe = probe(config, SourceBinding.fixed(LOOPBACK));
        probe.start(InetAddress.getByName("10.9.8.7"));
        time.runDue();
        assertThat(events.last(ProbeResult.class).ok()).isTrue();
        status.set(200); // a captive portal answers 200 with its login page
        time.advance(Duration.ofSeconds(20));
        assertThat(lastState()).isEqualTo(ProbeState.DEGRADED);
        assertThat(events.last(ProbeResult.class).checks().get(0).error()).isEqualTo("HTTP 200 instead of 204");
    }
}
