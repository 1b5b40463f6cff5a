package dev.failberry.daemon;

import static dev.failberry.daemon.DaemonState.CONNECTED;
import static dev.failberry.daemon.DaemonState.DEGRADED;
import static dev.failberry.daemon.DaemonState.DIALING;
import static dev.failberry.daemon.DaemonState.MODEM_INIT;
import static dev.failberry.daemon.DaemonState.RECOVERING;
import static dev.failberry.daemon.DaemonState.REGISTERING;
import static dev.failberry.daemon.DaemonState.STARTING;
import static dev.failberry.daemon.DaemonState.STOPPING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The state machine's allowed moves, each with the single event that causes it (allowed) or the reason
 * it cannot happen (refused). The soak test checks the other direction: in 30 simulated days of random
 * faults no move the controller wants is refused.
 */
class DaemonStateTest {
    @ParameterizedTest(name = "{0} -> {1}: {2} ({3})")
    @CsvSource(delimiter = '|', textBlock = """
            STARTING    | MODEM_INIT  | true  | the controller starts the modem monitor
            STARTING    | RECOVERING  | false | nothing acts before the controller started (an admin power cycle is refused)
            STARTING    | CONNECTED   | false | nothing is dialled before the modem was opened
            MODEM_INIT  | REGISTERING | true  | init done, the modem searches
            MODEM_INIT  | DIALING     | true  | init done, the modem is already registered: dial
            MODEM_INIT  | CONNECTED   | true  | the monitor re-initialised the modem while pppd kept the verified link
            MODEM_INIT  | DEGRADED    | true  | as above, with failing probes
            MODEM_INIT  | RECOVERING  | true  | the init sequence times out (hung) or the port vanishes
            REGISTERING | DIALING     | true  | registered
            REGISTERING | CONNECTED   | true  | probes pass on a link that was up while the modem reported searching
            REGISTERING | DEGRADED    | true  | registered again while the link's probes fail
            REGISTERING | MODEM_INIT  | true  | SIM busy or the monitor re-initialises
            DIALING     | CONNECTED   | true  | probes pass
            DIALING     | DEGRADED    | true  | probes fail on a new link
            DIALING     | RECOVERING  | true  | power cycle or hang while dialling
            CONNECTED   | DIALING     | true  | pppd died
            CONNECTED   | REGISTERING | true  | pppd died while the modem reported searching
            CONNECTED   | DEGRADED    | true  | probes fail
            DEGRADED    | CONNECTED   | true  | probes pass again
            RECOVERING  | MODEM_INIT  | true  | the stick is back and initialising
            RECOVERING  | DIALING     | true  | the power cycle ended and the modem still reports registered
            RECOVERING  | REGISTERING | true  | the power cycle ended and the modem still reports searching
            RECOVERING  | CONNECTED   | false | every recovery action hangs up: the link must be dialled again
            RECOVERING  | DEGRADED    | false | every recovery action hangs up: the link must be dialled again
            STOPPING    | MODEM_INIT  | false | stopping is terminal
            """)
    void allowedMovesAreTheRealOnes(DaemonState from, DaemonState to, boolean allowed, String why) {
        assertThat(from.canMoveTo(to)).as(why).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({"STARTING", "MODEM_INIT", "REGISTERING", "DIALING", "CONNECTED", "DEGRADED", "RECOVERING"})
    void everyRunningStateCanStopAndNoneMovesToItselfOrBackToStarting(DaemonState s) {
        assertThat(s.canMoveTo(STOPPING)).isTrue();
        assertThat(s.canMoveTo(s)).isFalse();
        assertThat(s.canMoveTo(STARTING)).isFalse();
        assertThat(STOPPING.next()).isEmpty();
        assertThat(CONNECTED.next()).contains(MODEM_INIT, REGISTERING, DIALING, DEGRADED, RECOVERING);
        assertThat(RECOVERING.next()).doesNotContain(CONNECTED, DEGRADED);
    }
}
