package dev.failberry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.http.HealthVerdict;
import dev.failberry.testutil.LogCapture;
import dev.failberry.time.VirtualTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SupervisorTest {
    private final VirtualTime time = new VirtualTime();
    private final Supervisor supervisor = new Supervisor(time);

    @Test
    void walksThroughAHealthyStartAndLogsEveryTransitionWithItsReason() {
        try (var log = LogCapture.of(Supervisor.class)) {
            assertThat(supervisor.transition(DaemonState.MODEM_INIT, "modem port opened"))
                    .isTrue();
            time.advance(Duration.ofSeconds(2));
            assertThat(supervisor.transition(DaemonState.REGISTERING, "modem initialised"))
                    .isTrue();
            assertThat(supervisor.transition(DaemonState.DIALING, "registered home"))
                    .isTrue();
            assertThat(supervisor.snapshot().healthy()).isFalse();
            assertThat(supervisor.transition(DaemonState.CONNECTED, "link verified"))
                    .isTrue();

            assertThat(log.messages())
                    .containsExactly(
                            "INFO state STARTING -> MODEM_INIT (modem port opened)",
                            "INFO state MODEM_INIT -> REGISTERING (modem initialised)",
                            "INFO state REGISTERING -> DIALING (registered home)",
                            "INFO state DIALING -> CONNECTED (link verified)");
        }
        assertThat(supervisor.state()).isEqualTo(DaemonState.CONNECTED);
        assertThat(supervisor.snapshot().healthy()).isTrue();
        assertThat(supervisor.snapshot().state()).isEqualTo("CONNECTED");
        assertThat(supervisor.snapshot().stateSince()).isEqualTo(time.now());
    }

    @Test
    void illegalTransitionIsRefusedLoggedAndCounted() {
        try (var log = LogCapture.of(Supervisor.class)) {
            assertThat(supervisor.transition(DaemonState.CONNECTED, "bug")).isFalse();
            assertThat(log.messages())
                    .containsExactly(
                            "WARN state STARTING -> CONNECTED refused: not an allowed transition (reason was: bug)");
        }
        assertThat(supervisor.state()).isEqualTo(DaemonState.STARTING);
        assertThat(supervisor.refusedTransitions()).isEqualTo(1);
        assertThat(supervisor.snapshot().healthy()).isFalse();
    }

    @Test
    void everyTransitionAndEveryRefusalReachesTheHook() {
        var seen = new java.util.ArrayList<String>();
        supervisor.onTransition(seen::add);
        supervisor.transition(DaemonState.MODEM_INIT, "a");
        supervisor.transition(DaemonState.MODEM_INIT, "same state: no transition");
        supervisor.transition(DaemonState.STARTING, "illegal");
        assertThat(seen).containsExactly("MODEM_INIT", "refused");
    }

    @Test
    void stoppingIsTerminal() {
        supervisor.transition(DaemonState.STOPPING, "shutdown");
        assertThat(supervisor.transition(DaemonState.MODEM_INIT, "late event")).isFalse();
        assertThat(supervisor.state()).isEqualTo(DaemonState.STOPPING);
    }

    @Test
    void sameStateOnlyUpdatesTheReasonWithoutALogLine() {
        supervisor.transition(DaemonState.MODEM_INIT, "opening port");
        try (var log = LogCapture.of(Supervisor.class)) {
            assertThat(supervisor.transition(DaemonState.MODEM_INIT, "SIM busy"))
                    .isTrue();
            assertThat(log.messages()).isEmpty();
        }
        assertThat(supervisor.snapshot().stateReason()).isEqualTo("SIM busy");
        assertThat(supervisor.snapshot().unhealthyReason()).isEqualTo("modem not ready: SIM busy");
    }

    @Test
    void degradedIsUnhealthyWithTheReason() {
        supervisor.transition(DaemonState.MODEM_INIT, "a");
        supervisor.transition(DaemonState.REGISTERING, "b");
        supervisor.transition(DaemonState.DIALING, "c");
        supervisor.transition(DaemonState.CONNECTED, "d");
        supervisor.transition(DaemonState.DEGRADED, "3 of 5 probes failed");
        assertThat(HealthVerdict.of(supervisor.snapshot(), Duration.ZERO, Duration.ofSeconds(20)))
                .isEqualTo(new HealthVerdict(false, "failberry unhealthy: link degraded: traffic checks failing"));
        assertThat(supervisor.snapshot().unhealthyReason()).isEqualTo("link degraded: 3 of 5 probes failed");
    }

    @Test
    void everyStateCanReachStoppingAndOnlyStoppingIsTerminal() {
        for (DaemonState s : DaemonState.values()) {
            if (s != DaemonState.STOPPING) {
                assertThat(s.canMoveTo(DaemonState.STOPPING)).as(s.name()).isTrue();
                assertThat(s.next()).as(s.name()).isNotEmpty();
            }
        }
        assertThat(DaemonState.STOPPING.next()).isEmpty();
    }

    @Test
    void heartbeatRunsOnVirtualTimeAndAStalledSupervisorTurnsHealthRed() {
        supervisor.startHeartbeat();
        time.advance(Duration.ofMinutes(1));
        assertThat(supervisor.heartbeatAge()).isLessThanOrEqualTo(Supervisor.HEARTBEAT);

        var stalled = new Supervisor(time);
        time.advance(Duration.ofSeconds(30));
        var verdict = HealthVerdict.of(stalled.snapshot(), stalled.heartbeatAge(), Duration.ofSeconds(20));
        assertThat(verdict.healthy()).isFalse();
        assertThat(verdict.body()).isEqualTo("failberry unhealthy: supervisor stalled for 30 s");
    }
}
