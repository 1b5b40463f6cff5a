package dev.failberry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.daemon.Assessor.Assessment;
import dev.failberry.daemon.Facts.Link;
import dev.failberry.daemon.RecoveryLadder.Act;
import dev.failberry.daemon.RecoveryLadder.Exhausted;
import dev.failberry.daemon.RecoveryLadder.Wait;
import dev.failberry.modem.ModemStatus;
import dev.failberry.modem.ModemStatus.Condition;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Facts -> fault -> action -> state as a table, with the default policy (down-grace 20 s, redial x2 10 s,
 * reset x1 30 s, power cycle x2 2 min at least 10 min apart, registration timeout, SIM busy timeout).
 * No threads, no scheduler: each row builds the facts and the ladder at "now" = 1000 s.
 */
class AssessorTest {
    private static final long NOW = seconds(1000);
    private static final FailberryConfig CONFIG = config();
    private static final RecoveryPolicy POLICY = RecoveryPolicy.from(CONFIG, true);
    private final Assessor assessor = new Assessor(
            new Controller.Settings(
                    CONFIG.modem().registrationTimeout(),
                    CONFIG.modem().simBusyTimeout(),
                    CONFIG.usbPower().waitForModem(),
                    CONFIG.usbPower().offTime(),
                    true),
            POLICY);

    private static FailberryConfig config() {
        try {
            return ConfigLoader.fromUserConfig(ConfigFactory.parseString(""), "test.conf");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long seconds(long s) {
        return Duration.ofSeconds(s).toNanos();
    }

    /** Ladders by name: where it stands when the facts are assessed. */
    private static RecoveryLadder ladder(String name) {
        RecoveryLadder fresh = RecoveryLadder.start(POLICY);
        return switch (name) {
            case "fresh" -> fresh;
            case "redials-used" -> fresh.taken(new Act(RecoveryAction.REDIAL, 2, 2, 0), NOW - seconds(60));
            case "in-cooldown" -> fresh.taken(new Act(RecoveryAction.REDIAL, 1, 2, 0), NOW - seconds(5));
            case "cycled-1m-ago" -> fresh.taken(new Act(RecoveryAction.USB_POWER_CYCLE, 1, 2, 2), NOW - seconds(60));
            case "cycled-11m-ago" -> fresh.taken(new Act(RecoveryAction.USB_POWER_CYCLE, 1, 2, 2), NOW - seconds(660));
            case "all-used" -> fresh.taken(new Act(RecoveryAction.USB_POWER_CYCLE, 2, 2, 2), NOW - seconds(700));
            case "paused" -> fresh.paused(NOW + seconds(600));
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                   | modem        | for | link          | for | wanted | cycling | absent | ladder         | dial  | fault          | decision               | state
            registered, not dialled yet: dial        | REGISTERED   | 1   | IDLE          | 100 | false  | false   | 0      | fresh          | true  | LINK_DOWN      | grace                  | DIALING
            registered but a power cycle runs        | REGISTERED   | 1   | IDLE          | 100 | false  | true    | 60     | fresh          | false | -              | -                      | RECOVERING
            link up and verified: nothing to do      | REGISTERED   | 900 | UP_VERIFIED   | 100 | true   | false   | 0      | fresh          | false | -              | -                      | CONNECTED
            link down inside the grace               | REGISTERED   | 900 | DIALING       | 19  | true   | false   | 0      | fresh          | false | LINK_DOWN      | grace                  | DIALING
            link down past the grace: redial         | REGISTERED   | 900 | DIALING       | 20  | true   | false   | 0      | fresh          | false | LINK_DOWN      | act redial 1/2         | DIALING
            link up but unverified past the grace    | REGISTERED   | 900 | UP_UNVERIFIED | 30  | true   | false   | 0      | fresh          | false | LINK_DOWN      | act redial 1/2         | DIALING
            degraded past the grace: redial          | REGISTERED   | 900 | DEGRADED      | 30  | true   | false   | 0      | fresh          | false | LINK_DEGRADED  | act redial 1/2         | DEGRADED
            redials used: modem reset                | REGISTERED   | 900 | DIALING       | 90  | true   | false   | 0      | redials-used   | false | LINK_DOWN      | act modem_reset 1/1    | DIALING
            in the last action's cooldown            | REGISTERED   | 900 | DIALING       | 90  | true   | false   | 0      | in-cooldown    | false | LINK_DOWN      | wait                   | DIALING
            hung modem: power cycle at once          | HUNG         | 0   | IDLE          | 0   | false  | false   | 0      | fresh          | false | MODEM_SILENT   | act usb_power_cycle 1/2 | RECOVERING
            hung again 1 min after a cycle: spacing  | HUNG         | 0   | IDLE          | 0   | false  | false   | 0      | cycled-1m-ago  | false | MODEM_SILENT   | wait                   | RECOVERING
            hung again 11 min after a cycle          | HUNG         | 0   | IDLE          | 0   | false  | false   | 0      | cycled-11m-ago | false | MODEM_SILENT   | act usb_power_cycle 2/2 | RECOVERING
            port gone, every rung used: pause        | GONE         | 0   | IDLE          | 0   | false  | false   | 0      | all-used       | false | MODEM_SILENT   | exhausted              | RECOVERING
            gone while the ladder pauses             | GONE         | 0   | IDLE          | 0   | false  | false   | 0      | paused         | false | MODEM_SILENT   | wait                   | RECOVERING
            absent while still enumerating at boot   | ABSENT       | 30  | IDLE          | 30  | false  | false   | 30     | fresh          | false | -              | -                      | MODEM_INIT
            absent after the boot wait               | ABSENT       | 60  | IDLE          | 60  | false  | false   | 0      | fresh          | false | MODEM_SILENT   | act usb_power_cycle 1/2 | MODEM_INIT
            searching inside the registration time   | SEARCHING    | 10  | IDLE          | 10  | false  | false   | 0      | fresh          | false | NOT_REGISTERED | grace                  | REGISTERING
            searching while traffic is verified      | SEARCHING    | 999 | UP_VERIFIED   | 999 | true   | false   | 0      | fresh          | false | -              | -                      | CONNECTED
            denied past the grace: modem reset       | DENIED       | 20  | IDLE          | 20  | false  | false   | 0      | fresh          | false | NOT_REGISTERED | act modem_reset 1/1    | REGISTERING
            no SIM past the grace: modem reset       | NO_SIM       | 20  | IDLE          | 20  | false  | false   | 0      | fresh          | false | SIM_FAULT      | act modem_reset 1/1    | MODEM_INIT
            SIM locked: never escalated              | SIM_LOCKED   | 999 | IDLE          | 999 | false  | false   | 0      | fresh          | false | -              | -                      | MODEM_INIT
            port held by another program: no action | PORT_BUSY    | 999 | IDLE          | 999 | false  | false   | 0      | fresh          | false | -              | -                      | MODEM_INIT
            initialising                             | INITIALIZING | 5   | IDLE          | 5   | false  | false   | 0      | fresh          | false | -              | -                      | MODEM_INIT
            """)
    void factsToFaultToActionToState(
            String name,
            Condition modem,
            long modemFor,
            Link link,
            long linkFor,
            boolean wanted,
            boolean cycling,
            long absentFor,
            String ladderName,
            boolean dial,
            String fault,
            String decision,
            DaemonState state) {
        Facts facts = new Facts(
                ModemStatus.of(modem, "/dev/ttyUSB2", "detail"),
                NOW - seconds(modemFor),
                link,
                NOW - seconds(linkFor),
                wanted,
                null,
                NOW + seconds(absentFor),
                cycling ? Facts.Cycle.RUNNING : Facts.Cycle.NONE,
                null);
        Assessment a = assessor.assess(facts, ladder(ladderName), NOW);

        assertThat(a.dial()).as("dial").isEqualTo(dial);
        assertThat(a.fault() == null ? "-" : a.fault().name()).as("fault").isEqualTo(fault);
        assertThat(describe(a)).as("decision").isEqualTo(decision);
        assertThat(assessor.state(a.facts(), NOW, a.waiting()).state())
                .as("state")
                .isEqualTo(state);
        if (decision.equals("grace") || decision.equals("wait") || decision.equals("exhausted")) {
            assertThat(a.lookAgainAt())
                    .as("a later look is scheduled")
                    .isGreaterThan(NOW)
                    .isLessThan(Long.MAX_VALUE);
            assertThat(a.waiting() != null || decision.equals("grace"))
                    .as("the wait is explained")
                    .isTrue();
        }
    }

    private static String describe(Assessment a) {
        if (a.decision() == null) {
            return a.fault() == null ? "-" : "grace";
        }
        if (a.decision() instanceof Act act) {
            return "act " + act.action().label() + " " + act.attempt() + "/" + act.of();
        }
        return a.decision() instanceof Wait ? "wait" : a.decision() instanceof Exhausted ? "exhausted" : "?";
    }

    @Test
    void aStableLinkResetsTheLadderAndAnUnstableOneLooksAgainWhenItWouldBe() {
        Facts up = new Facts(
                ModemStatus.of(Condition.REGISTERED, "p", "registered"),
                0,
                Link.UP_VERIFIED,
                NOW - seconds(299),
                true,
                null,
                0,
                Facts.Cycle.NONE,
                "redial");
        Assessment early = assessor.assess(up, ladder("redials-used"), NOW);
        assertThat(early.ladderReset()).isFalse();
        assertThat(early.lookAgainAt()).isEqualTo(NOW + seconds(1));

        Assessment late = assessor.assess(up, ladder("redials-used"), NOW + seconds(1));
        assertThat(late.ladderReset()).isTrue();
        assertThat(late.ladder().idle()).isTrue();
    }

    @Test
    void theFaultIsDescribedWithItsDurationAndCause() {
        Facts down = new Facts(
                ModemStatus.of(Condition.REGISTERED, "p", "registered home"),
                0,
                Link.DIALING,
                NOW - seconds(42),
                true,
                "pppd exited 8: connect script (dial) failed",
                0,
                Facts.Cycle.NONE,
                null);
        assertThat(assessor.assess(down, ladder("fresh"), NOW).faultText())
                .isEqualTo("link down for 42 s: pppd exited 8: connect script (dial) failed");
    }

    @Test
    void aPauseThatEndedStartsANewRoundFromTheBottom() {
        Facts gone = new Facts(
                ModemStatus.of(Condition.GONE, "p", "port vanished"),
                0,
                Link.IDLE,
                0,
                false,
                null,
                0,
                Facts.Cycle.NONE,
                null);
        Assessment a = assessor.assess(gone, ladder("all-used").paused(NOW - 1), NOW);
        assertThat(a.decision()).isEqualTo(new Act(RecoveryAction.USB_POWER_CYCLE, 1, 2, 2));
    }
}
