package dev.failberry.modem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.modem.ModemStatus.Condition;
import dev.failberry.sim.modem.ModemSimulator;
import dev.failberry.sim.modem.Personality;
import dev.failberry.sim.modem.SimTiming;
import dev.failberry.testutil.LogCapture;
import dev.failberry.time.ThreadScheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AT session belongs to the modem thread. Before the split, {@code execute()} (the admin API's
 * {@code POST /modem/at}, on an HTTP worker thread) read the port and the "lent to pppd" flag of the
 * monitor thread and wrote to the port itself. Here admin commands hammer the monitor from several threads
 * while the port is lent to pppd and taken back, and the monitor is closed and reopened, over a real
 * pseudo-terminal: every byte must reach the modem from the modem thread, every answer must be a real
 * answer or GONE, and the session must be whole afterwards.
 */
class ModemSessionConfinementTest {
    private static final String MODEM_THREAD = "modem-confined";

    @TempDir
    Path dir;

    private ModemSimulator sim;
    private ModemMonitor monitor;
    private ThreadScheduler scheduler;
    private final List<ModemStatus> seen = new CopyOnWriteArrayList<>();
    /** Threads other than the modem thread that wrote to or opened the port, with what they did. */
    private final Map<String, String> foreignAccess = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    /** The real jSerialComm link, noting any thread but the modem's that opens it or writes to it. */
    private final class WatchedLink implements SerialLink {
        private final SerialLink real;

        WatchedLink(SerialLink real) {
            this.real = real;
        }

        private void note(String what) {
            String t = Thread.currentThread().getName();
            if (!t.equals(MODEM_THREAD)) {
                foreignAccess.putIfAbsent(t, what);
            }
        }

        @Override
        public void open() throws IOException {
            note("open");
            real.open();
        }

        @Override
        public int read(byte[] buf) throws IOException {
            return real.read(buf);
        }

        @Override
        public void write(byte[] data) throws IOException {
            note("write " + new String(data, java.nio.charset.StandardCharsets.US_ASCII).strip());
            real.write(data);
        }

        @Override
        public void close() {
            real.close();
        }

        @Override
        public String name() {
            return real.name();
        }
    }

    private static FailberryConfig.Modem singlePortConfig() throws Exception {
        // modem.data-port unset: pppd dials on the control port, so the monitor lends it
        String text = "failberry.modem { command-timeout = 2s, hung-threshold = 3, poll-interval = 1s }";
        FailberryConfig.Modem m = ConfigLoader.fromUserConfig(ConfigFactory.parseString(text), "test.conf")
                .modem();
        assertThat(m.sharedDataPort()).isTrue();
        return m;
    }

    private ModemStatus last() {
        return seen.isEmpty() ? null : seen.get(seen.size() - 1);
    }

    private void awaitStatus(java.util.function.Predicate<ModemStatus> p) {
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> last() != null && p.test(last()));
    }

    @Test
    void adminCommandsDuringLendCloseAndReopenTouchThePortOnlyFromTheModemThread() throws Exception {
        sim = ModemSimulator.start(Personality.huaweiE1550(), SimTiming.fast(), dir);
        scheduler = new ThreadScheduler(MODEM_THREAD);
        monitor = new ModemMonitor(
                singlePortConfig(),
                dir.resolve("state"),
                ModemPorts.fixed(sim.controlPath(), sim.dataPath()),
                path -> new AtPort(new WatchedLink(new JSerialCommLink(SerialSettings.of(path)))),
                scheduler,
                seen::add,
                (c, s, l) -> {});
        try (var internal = LogCapture.of(ThreadScheduler.class)) {
            monitor.start();
            awaitStatus(s -> s.condition() == Condition.REGISTERED);

            AtomicBoolean stop = new AtomicBoolean();
            Map<AtResult.Status, AtomicInteger> answers = new ConcurrentHashMap<>();
            List<Throwable> thrown = new CopyOnWriteArrayList<>();
            List<Thread> admins = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread t = new Thread(
                        () -> {
                            while (!stop.get()) {
                                try {
                                    AtResult r = monitor.execute("AT", Duration.ofSeconds(3));
                                    answers.computeIfAbsent(r.status(), k -> new AtomicInteger())
                                            .incrementAndGet();
                                } catch (RuntimeException e) {
                                    thrown.add(e);
                                }
                            }
                        },
                        "admin-" + i);
                admins.add(t);
                t.start();
            }
            for (int round = 0; round < 12; round++) {
                seen.clear();
                monitor.lendPortToLink(true);
                awaitStatus(s -> "AT port in use by pppd".equals(s.detail()));
                int lentAt = sim.receivedCommands().size();
                // while pppd has the port nothing may reach the modem from us; the admins get GONE
                assertThat(monitor.execute("AT", Duration.ofSeconds(3)).status())
                        .isEqualTo(AtResult.Status.GONE);
                assertThat(sim.receivedCommands()).hasSize(lentAt);
                seen.clear();
                monitor.lendPortToLink(false);
                awaitStatus(s -> s.condition() == Condition.REGISTERED);
                if (round % 3 == 2) {
                    monitor.close(); // returns once the port is closed
                    assertThat(monitor.execute("AT", Duration.ofSeconds(3)).status())
                            .isEqualTo(AtResult.Status.GONE);
                    seen.clear();
                    monitor.start();
                    awaitStatus(s -> s.condition() == Condition.REGISTERED);
                }
            }
            stop.set(true);
            for (Thread t : admins) {
                t.join(10_000);
            }

            assertThat(thrown).isEmpty();
            assertThat(foreignAccess)
                    .as("threads other than the modem thread that opened or wrote the port")
                    .isEmpty();
            assertThat(answers.keySet())
                    .as("a modem that always answers gives OK, or GONE while the port is not ours")
                    .isSubsetOf(AtResult.Status.OK, AtResult.Status.GONE);
            assertThat(answers.get(AtResult.Status.OK)).isNotNull();
            assertThat(internal.messages())
                    .as("no task failed on the modem thread")
                    .isEmpty();
            assertThat(monitor.execute("ATI", Duration.ofSeconds(3)).lines()).contains("Model: E1550");
        }
    }

    @Test
    void sessionStateIsRefusedOffTheModemThread() throws Exception {
        scheduler = new ThreadScheduler(MODEM_THREAD);
        var thread = new ModemThread(scheduler);
        var session = new AtSession(
                singlePortConfig(),
                ModemPorts.fixed("/nonexistent", "/nonexistent"),
                path -> {
                    throw new AssertionError("not opened");
                },
                thread,
                (c, s, l) -> {},
                () -> {});
        assertThatThrownBy(session::ready)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside the modem thread");
        assertThatThrownBy(() -> session.admin("AT", Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
        // handed over, the same call is fine
        assertThat(thread.call(session::ready, Duration.ofSeconds(5), Duration.ofSeconds(5), () -> null))
                .isFalse();
    }
}
