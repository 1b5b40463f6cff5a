package dev.failberry.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.FailberryConfig;
import dev.failberry.net.WiredPath.PathState;
import dev.failberry.ppp.Prober;
import dev.failberry.ppp.SourceBinding;
import dev.failberry.status.NetworkView.WiredView;
import dev.failberry.testutil.LogCapture;
import dev.failberry.time.TimeSource;
import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wired path's verdict in virtual time: the schedule, the window and the hysteresis run on
 * {@link VirtualTime}, the probes are real TCP connects to two loopback targets that answer or refuse
 * ("domestic" and "international"), made on the test's thread.
 */
class WiredPathTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final VirtualTime time = new VirtualTime();
    private final List<String> changes = new ArrayList<>();
    private int updates;
    private Target domestic;
    private Target international;
    private String unavailable;
    private LogCapture logs;

    /** A loopback TCP target that can stop answering (its port then refuses) and answer again on the same port. */
    static final class Target implements AutoCloseable {
        private ServerSocket server;
        private Thread acceptor;
        final int port;

        Target() throws IOException {
            listen(0);
            port = server.getLocalPort();
        }

        private void listen(int port) throws IOException {
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
            Thread t = new Thread(
                    () -> {
                        while (!s.isClosed()) {
                            try (Socket c = s.accept()) {
                                c.getInetAddress(); // accepted: that is all a probe needs
                            } catch (IOException e) {
                                return;
                            }
                        }
                    },
                    "wired-target-" + s.getLocalPort());
            t.setDaemon(true);
            t.start();
            server = s;
            acceptor = t;
        }

        /** Stops answering: closes the listener and waits until its accept thread let go (the JDK closes the fd only then). */
        void down() throws IOException {
            server.close();
            try {
                acceptor.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void up() throws IOException {
            listen(port);
        }

        String name() {
            return "127.0.0.1:" + port;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        domestic = new Target();
        international = new Target();
        logs = LogCapture.of(WiredPath.class);
    }

    @AfterEach
    void tearDown() throws IOException {
        domestic.close();
        international.close();
        logs.close();
    }

    private FailberryConfig.WiredProbe config(int required) {
        return NetConfigs.config("wired.probe { targets = [\"" + international.name() + "\", \"" + domestic.name()
                        + "\"], required = " + required + " }")
                .wired()
                .probe();
    }

    private WiredPath path(FailberryConfig.WiredProbe config) {
        Prober.Source source = () -> {
            if (unavailable != null) {
                throw new Prober.Unavailable(unavailable);
            }
            return LOOPBACK;
        };
        return new WiredPath(
                config,
                source,
                time,
                Runnable::run,
                SourceBinding.LINK_ADDRESS,
                TimeSource.SYSTEM,
                new WiredPath.Listener() {
                    @Override
                    public void updated() {
                        updates++;
                    }

                    @Override
                    public void changed(PathState from, PathState to, String reason) {
                        changes.add(from.wire() + " -> " + to.wire());
                    }
                },
                null);
    }

    private WiredView view(WiredPath p) {
        return p.view(new WiredView("eth0", "192.168.1.1", "unknown", null, null).withAddress("192.168.1.50"));
    }

    /** Runs {@code n} more rounds (the first round runs at start, then one every interval). */
    private void rounds(int n) {
        for (int i = 0; i < n; i++) {
            time.advance(INTERVAL);
        }
    }

    @Test
    void theDefaultsAreWhatTheDocumentationSays() {
        FailberryConfig.WiredProbe d = NetConfigs.config("").wired().probe();
        assertThat(d.addresses()).extracting(Object::toString).containsExactly("1.1.1.1:443", "8.8.8.8:443");
        assertThat(d.interval()).isEqualTo(INTERVAL);
        assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(d.window()).isEqualTo(5);
        assertThat(d.failures()).isEqualTo(3);
        assertThat(d.required()).isEqualTo(1);
        assertThat(d.httpUrl()).isEmpty();
    }

    @Test
    void requiredTwoCatchesAPartialOutageAndOnlyACleanWindowBringsThePathBack() throws IOException {
        WiredPath p = path(config(2));
        p.start();
        time.runDue();
        assertThat(p.path()).isEqualTo(PathState.UP);
        assertThat(changes).containsExactly("unknown -> up");
        WiredView up = view(p);
        assertThat(up.path()).isEqualTo("up");
        assertThat(up.targets()).hasSize(2).allSatisfy(t -> assertThat(t.ok()).isTrue());
        assertThat(up.targets().get(0).latencyMs()).isNotNull();
        assertThat(up.required()).isEqualTo(2);
        assertThat(up.address()).isEqualTo("192.168.1.50");

        domestic.down(); // the international target still answers: a partial outage
        long outage = time.nanoTime();
        rounds(2);
        assertThat(p.path()).as("two failed rounds of five").isEqualTo(PathState.UP);
        rounds(1);
        assertThat(p.path()).isEqualTo(PathState.DOWN);
        assertThat(Duration.ofNanos(time.nanoTime() - outage))
                .as("interval x failures")
                .isEqualTo(INTERVAL.multipliedBy(3));
        WiredView down = view(p);
        assertThat(down.reason())
                .isEqualTo("1 of 2 targets unreachable (2 must answer) in 3 of the last 5 rounds: " + domestic.name()
                        + ": Connection refused");
        assertThat(down.since()).isEqualTo(time.now());
        assertThat(down.unreachable()).isEqualTo(1);
        assertThat(down.failedRounds()).isEqualTo(3);
        assertThat(logs.messages()).anyMatch(l -> l.equals("WARN wired path: up -> down (" + down.reason() + ")"));

        domestic.up();
        rounds(4);
        assertThat(p.path())
                .as("four clean rounds are not a clean window of five")
                .isEqualTo(PathState.DOWN);
        rounds(1);
        assertThat(p.path()).isEqualTo(PathState.UP);
        assertThat(view(p).reason()).startsWith("5 rounds in a row passed: 2 of 2 targets answer (fastest ");
        assertThat(changes).containsExactly("unknown -> up", "up -> down", "down -> up");
        assertThat(logs.messages().stream().filter(l -> l.contains("wired path:")))
                .hasSize(3);
        assertThat(updates).as("every round is published").isEqualTo(9);
    }

    @Test
    void requiredOneKeepsThePathUpWhileAnythingAnswers() throws IOException {
        WiredPath p = path(config(1));
        p.start();
        time.runDue();
        domestic.down();
        rounds(6);
        assertThat(p.path()).isEqualTo(PathState.UP);
        assertThat(view(p).unreachable()).isEqualTo(1);
        international.down();
        rounds(3);
        assertThat(p.path()).isEqualTo(PathState.DOWN);
        assertThat(view(p).reason()).startsWith("2 of 2 targets unreachable in 3 of the last 5 rounds: ");
    }

    @Test
    void aFlappingTargetTakesThePathDownOnceAndKeepsItDown() throws IOException {
        WiredPath p = path(config(2));
        p.start();
        time.runDue();
        for (int i = 0; i < 20; i++) {
            if (i % 2 == 0) {
                domestic.down();
            } else {
                domestic.up();
            }
            rounds(1);
        }
        assertThat(changes).containsExactly("unknown -> up", "up -> down");
        rounds(5);
        assertThat(changes).containsExactly("unknown -> up", "up -> down", "down -> up");
    }

    @Test
    void oneLostRoundNeverFlipsTheVerdict() throws IOException {
        WiredPath p = path(config(2));
        p.start();
        time.runDue();
        for (int i = 0; i < 5; i++) {
            domestic.down();
            rounds(1);
            domestic.up();
            rounds(2); // one failure in any three rounds: at most two of five
        }
        assertThat(changes).containsExactly("unknown -> up");
    }

    @Test
    void aPathThatCannotBeProbedIsUnknownWithItsReasonAndIsJudgedAfreshWhenItCanAgain() throws IOException {
        WiredPath p = path(config(2));
        p.start();
        time.runDue();
        domestic.down();
        rounds(3);
        assertThat(p.path()).isEqualTo(PathState.DOWN);

        unavailable = "wired interface eth0 is absent";
        rounds(3);
        assertThat(p.path()).isEqualTo(PathState.UNKNOWN);
        assertThat(view(p).reason()).isEqualTo("not probed: wired interface eth0 is absent");
        assertThat(view(p).targets()).isEmpty();
        assertThat(changes).containsExactly("unknown -> up", "up -> down", "down -> unknown");
        assertThat(logs.messages().stream().filter(l -> l.contains("eth0 is absent")))
                .as("logged once")
                .hasSize(1);

        unavailable = "no wired gateway: no default route on eth0 and none remembered (set wired.gateway)";
        rounds(1);
        assertThat(view(p).reason()).isEqualTo("not probed: " + unavailable);
        assertThat(logs.messages().stream().filter(l -> l.contains("no wired gateway")))
                .hasSize(1);

        unavailable = null;
        domestic.up();
        rounds(1);
        assertThat(p.path()).as("judged afresh: the first passing round").isEqualTo(PathState.UP);
        assertThat(changes).containsExactly("unknown -> up", "up -> down", "down -> unknown", "unknown -> up");
    }

    @Test
    void withoutTargetsThePathIsUnknownAndNothingIsProbed() {
        WiredPath p = path(NetConfigs.config("wired.probe.targets = []").wired().probe());
        p.start();
        rounds(3);
        assertThat(p.path()).isEqualTo(PathState.UNKNOWN);
        WiredView v = view(p);
        assertThat(v.reason()).isEqualTo("not checked (wired.probe.targets = [])");
        assertThat(v.required()).isNull();
        assertThat(v.targets()).isEmpty();
        assertThat(updates).isZero();
    }

    @Test
    void untilTheFirstVerdictThePathIsUnknownAndSaysHowFarItGot() throws IOException {
        domestic.down();
        WiredPath p = path(config(2));
        p.start();
        time.runDue();
        rounds(1);
        assertThat(p.path()).isEqualTo(PathState.UNKNOWN);
        assertThat(view(p).reason()).isEqualTo("not judged yet: 2 of 5 rounds failed so far");
        rounds(1);
        assertThat(p.path()).isEqualTo(PathState.DOWN);
        assertThat(changes).containsExactly("unknown -> down");
    }
}
