package dev.failberry.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.daemon.DaemonState;
import dev.failberry.status.ModemView;
import dev.failberry.status.NetworkView;
import dev.failberry.status.PppView;
import dev.failberry.status.RecoveryView;
import dev.failberry.status.StatusSnapshot;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The public 503 answer (issue 20): words from a fixed vocabulary, never the state's free-text reason.
 * The reasons below are what the controller wrote into the state in the demo and the end-to-end tests:
 * probe targets with their errors, device paths, pppd's exit message.
 */
class HealthVerdictTest {
    private static final String PROBES =
            "probes failed: 127.0.0.1:43287: Connection refused; [2001:db8::1]:443: " + "connect timed out";

    static StatusSnapshot snapshot(String state, String reason, String modem, String ppp) {
        var s = new StatusSnapshot(
                state,
                reason,
                Instant.EPOCH,
                false,
                "details: " + reason,
                null,
                null,
                null,
                RecoveryView.none(),
                null,
                Instant.EPOCH,
                0);
        if (modem != null) {
            s = s.withModem(new ModemView(
                    modem,
                    "/dev/ttyUSB2",
                    null,
                    null,
                    null,
                    "861234567890123",
                    null,
                    null,
                    null,
                    null,
                    null,
                    0,
                    "read failed on /dev/ttyUSB2"));
        }
        if (ppp != null) {
            s = s.withPpp(new PppView(
                    ppp,
                    "ppp0",
                    "10.64.64.64",
                    "10.0.0.1",
                    null,
                    null,
                    null,
                    0,
                    "pppd exited 16: Modem hangup",
                    false,
                    null));
        }
        return s;
    }

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("STARTING", "starting", null, null, "starting"),
                Arguments.of(
                        "MODEM_INIT",
                        "waiting for the modem: no /dev/ttyUSB2",
                        "absent",
                        null,
                        "modem not ready: modem not found"),
                Arguments.of(
                        "MODEM_INIT",
                        "SIM not inserted (+CME ERROR: 10)",
                        "no_sim",
                        null,
                        "modem not ready: no SIM card"),
                Arguments.of(
                        "MODEM_INIT",
                        "SIM PIN required and modem.pin 1234 was rejected",
                        "sim_locked",
                        null,
                        "modem not ready: SIM locked (PIN or PUK needed)"),
                Arguments.of("MODEM_INIT", "SIM busy (+CME ERROR: 14)", "sim_busy", null, "modem not ready: SIM busy"),
                Arguments.of(
                        "MODEM_INIT",
                        "/dev/ttyUSB2 is locked by pid 4242 (minicom)",
                        "port_busy",
                        null,
                        "modem not ready: modem port in use by another program"),
                Arguments.of(
                        "MODEM_INIT", "opening /dev/ttyUSB2", "initializing", null, "modem not ready: initialising"),
                Arguments.of(
                        "REGISTERING",
                        "searching (+CREG: 0,2)",
                        "searching",
                        null,
                        "not registered: searching for a mobile network"),
                Arguments.of(
                        "REGISTERING",
                        "registration denied by 530 05",
                        "denied",
                        null,
                        "not registered: the mobile network refused registration"),
                Arguments.of(
                        "DIALING",
                        "redialling after: pppd exited 16: Modem hangup",
                        "registered",
                        "backoff",
                        "link down: dialling"),
                Arguments.of(
                        "DIALING",
                        "link up, verifying traffic",
                        "registered",
                        "up",
                        "link down: checking that traffic flows"),
                Arguments.of("DEGRADED", PROBES, "registered", "up", "link degraded: traffic checks failing"),
                Arguments.of(
                        "RECOVERING",
                        "modem hung: 3 consecutive AT timeouts on /dev/ttyUSB2",
                        "hung",
                        null,
                        "recovering: modem not answering"),
                Arguments.of(
                        "RECOVERING",
                        "modem gone: /dev/ttyUSB2 vanished",
                        "gone",
                        null,
                        "recovering: modem disappeared"),
                Arguments.of(
                        "RECOVERING",
                        "waiting for the modem to return after usb_power_cycle",
                        "absent",
                        null,
                        "recovering: waiting for the modem to return"),
                Arguments.of(
                        "RECOVERING",
                        "USB power cycle in progress",
                        "registered",
                        "idle",
                        "recovering: restoring the link"),
                Arguments.of("STOPPING", "shutdown requested", null, null, "stopping"),
                Arguments.of("SOME_NEW_STATE", "10.0.0.1 unreachable", null, null, "some new state"),
                Arguments.of("127.0.0.1:9 down", "x", null, null, "unknown"));
    }

    @ParameterizedTest(name = "{0} ({2}/{3})")
    @MethodSource("answers")
    void theInternetGetsWordsNeverTheDetails(String state, String reason, String modem, String ppp, String words) {
        HealthVerdict v = HealthVerdict.of(snapshot(state, reason, modem, ppp), 0, 1);
        assertThat(v.healthy()).isFalse();
        assertThat(v.body()).isEqualTo("failberry unhealthy: " + words);
        assertThat(v.body())
                .doesNotContainPattern("[0-9]")
                .doesNotContain("/dev/")
                .doesNotContain("pppd");
    }

    @Test
    void everyStateOfTheSupervisorHasWordsOfItsOwn() {
        for (DaemonState s : DaemonState.values()) {
            if (s != DaemonState.CONNECTED) {
                assertThat(HealthVerdict.publicReason(snapshot(s.name(), "r", null, null)))
                        .as(s.name())
                        .isNotEqualTo("unknown")
                        .doesNotContain("_");
            }
        }
    }

    static StatusSnapshot withWired(StatusSnapshot s, String path, Instant since, NetworkView.WiredTarget... targets) {
        var wired = new NetworkView.WiredView(
                "eth0",
                "192.168.1.1",
                "192.168.1.50",
                path,
                "1 of 2 targets unreachable (2 must answer) in 3 of the last 5 rounds: 203.0.113.53:53: "
                        + "no answer within 3000 ms",
                since,
                since,
                2,
                3,
                5,
                java.util.List.of(targets));
        return s.withNetwork(new NetworkView(
                wired,
                new NetworkView.FirewallView(true, 0, java.util.List.of(), false, null, null, null),
                new NetworkView.RoutingView(true, null, null, null, null, null),
                java.util.List.of()));
    }

    static final NetworkView.WiredTarget ANSWERS = new NetworkView.WiredTarget("1.1.1.1:443", true, 9L, null);
    static final NetworkView.WiredTarget SILENT =
            new NetworkView.WiredTarget("203.0.113.53:53", false, null, "no answer within 3000 ms");

    @Test
    void theWiredRecordFollowsTheWiredPathInWordsAndNumbersOnly() {
        Instant since = Instant.parse("2026-12-01T14:02:31Z");
        // the mobile link is down (DIALING): the wired answer does not care
        StatusSnapshot down =
                withWired(snapshot("DIALING", "dialling", "registered", "backoff"), "down", since, ANSWERS, SILENT);
        HealthVerdict v = HealthVerdict.wired(down, 0, 1);
        assertThat(v.healthy()).isFalse();
        assertThat(v.body())
                .isEqualTo("failberry unhealthy: wired path down: 1 of 2 targets unreachable since 14:02 UTC");
        assertThat(v.body())
                .doesNotContain("203.0.113")
                .doesNotContain("1.1.1.1")
                .doesNotContain("192.168");
        assertThat(HealthVerdict.wiredReason(down.network().wired(), since.plusSeconds(86_400 * 2)))
                .isEqualTo("wired path down: 1 of 2 targets unreachable since 2026-12-01 14:02 UTC");
        assertThat(HealthVerdict.wiredReason(
                        withWired(down, "down", since, ANSWERS, ANSWERS)
                                .network()
                                .wired(),
                        since.plusSeconds(60)))
                .isEqualTo("wired path down: targets answer again, waiting for a clean window "
                        + "(down since 14:02 UTC)");
        // the mobile record's answer is what it was
        assertThat(HealthVerdict.of(down, 0, 1).body()).isEqualTo("failberry unhealthy: link down: dialling");
    }

    @Test
    void theWiredRecordIsOkWhileThePathIsUpOrUnknownAndSharesTheOneOkAnswer() {
        StatusSnapshot linkDown = snapshot("RECOVERING", "modem hung", "hung", null);
        assertThat(HealthVerdict.wired(linkDown, 0, 1)).isSameAs(HealthVerdict.OK);
        assertThat(HealthVerdict.wired(withWired(linkDown, "up", Instant.EPOCH, ANSWERS), 0, 1))
                .isSameAs(HealthVerdict.OK);
        assertThat(HealthVerdict.wired(withWired(linkDown, "unknown", Instant.EPOCH), 0, 1))
                .isSameAs(HealthVerdict.OK);
        // a wedged daemon is still a wedged daemon
        assertThat(HealthVerdict.wired(
                                withWired(linkDown, "up", Instant.EPOCH, ANSWERS), 30_000_000_000L, 20_000_000_000L)
                        .body())
                .isEqualTo("failberry unhealthy: supervisor stalled for 30 s");
    }

    /** The hot path: every Route53 checker asks every 10-30 s, from many regions; the healthy answer allocates nothing. */
    @Test
    void theHealthyWiredAnswerAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        StatusSnapshot up = withWired(snapshot("CONNECTED", "ok", null, null), "up", Instant.EPOCH, ANSWERS);
        long id = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) {
            HealthVerdict.wired(up, i, Long.MAX_VALUE); // warm up (JIT)
        }
        long before = threads.getThreadAllocatedBytes(id);
        HealthVerdict last = null;
        for (int i = 0; i < 100_000; i++) {
            last = HealthVerdict.wired(up, i, Long.MAX_VALUE);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(last).isSameAs(HealthVerdict.OK);
        // 100,000 calls: even 8 bytes each would be 800 KB; what remains is the measuring itself
        assertThat(allocated).isLessThan(4096);
    }

    @Test
    void aStalledSupervisorSaysForHowLong() {
        HealthVerdict v = HealthVerdict.of(snapshot("DEGRADED", PROBES, null, null), 30_000_000_000L, 20_000_000_000L);
        assertThat(v.body()).isEqualTo("failberry unhealthy: supervisor stalled for 30 s");
    }
}
