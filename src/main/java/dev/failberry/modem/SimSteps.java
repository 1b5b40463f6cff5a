package dev.failberry.modem;

import dev.failberry.config.FailberryConfig;
import dev.failberry.modem.ModemStatus.Condition;
import dev.failberry.modem.Step.Outcome;
import dev.failberry.modem.parse.SimParser;
import dev.failberry.modem.parse.SimState;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIM part of the dialogue as steps: ask {@code AT+CPIN?}; a ready SIM goes on; a busy one is asked
 * again in 2 s; a missing or failed one every poll interval; one that needs a PIN gets the configured
 * PIN once per session; anything else (PUK, PH- locks) is reported and left alone, since no command of
 * ours can help. One instance per session (it remembers that the PIN was tried).
 */
final class SimSteps {
    private static final Logger log = LoggerFactory.getLogger(SimSteps.class);
    /** ModemManager waits 10 s for +CPIN (mm-base-sim.c). */
    static final Duration CPIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration BUSY_RETRY = Duration.ofSeconds(2);

    private final FailberryConfig.Modem config;
    private final ModemFacts facts;
    private boolean pinTried;

    SimSteps(FailberryConfig.Modem config, ModemFacts facts) {
        this.config = config;
        this.facts = facts;
    }

    /** The steps: {@code AT+CPIN?} and what follows from its answer. */
    List<Step> steps() {
        return List.of(new Step("AT+CPIN?", CPIN_TIMEOUT, this::cpin));
    }

    /** Only the question, for {@code failberry modem info}: never sends a PIN. */
    static Step query(ModemFacts facts) {
        return new Step("AT+CPIN?", CPIN_TIMEOUT, r -> {
            facts.sim = simState(r);
            return Outcome.NEXT;
        });
    }

    private Outcome cpin(AtResult r) {
        SimState s = simState(r);
        facts.sim = s;
        if (s == SimState.SIM_PIN && config.pin().isPresent() && !pinTried) {
            pinTried = true;
            return Outcome.Then.of(new Step("AT+CPIN=\"" + config.pin().get().value() + "\"", CPIN_TIMEOUT, this::entered));
        }
        return switch (s) {
            case READY -> Outcome.NEXT;
            case BUSY -> new Outcome.Stop(Condition.SIM_BUSY, "SIM busy", BUSY_RETRY);
            case NOT_INSERTED, FAILURE, WRONG -> new Outcome.Stop(Condition.NO_SIM,
                    "SIM " + s.name().toLowerCase(Locale.ROOT).replace('_', ' '), config.pollInterval());
            case SIM_PIN -> new Outcome.Stop(Condition.SIM_LOCKED, pinTried ? "SIM PIN refused"
                    : "SIM PIN required and modem.pin is not set", null);
            default -> new Outcome.Stop(Condition.SIM_LOCKED, "SIM needs " + s.name().replace('_', ' '), null);
        };
    }

    private Outcome entered(AtResult r) {
        if (!r.isOk()) {
            return new Outcome.Stop(Condition.SIM_LOCKED,
                    "the configured PIN was refused; not retrying (3 wrong PINs lock the SIM)", null);
        }
        log.info("modem: SIM PIN accepted");
        return new Outcome.Then(steps());
    }

    /** The SIM state from a {@code +CPIN?} answer, including {@code +CME ERROR} forms. */
    static SimState simState(AtResult r) {
        if (r.isOk()) {
            var p = SimParser.cpin(r.lines());
            return p.isOk() ? p.value() : SimState.UNKNOWN;
        }
        if (r.status() == AtResult.Status.CME_ERROR) {
            if (r.errorCode() != null) {
                return SimParser.fromCmeCode(r.errorCode());
            }
            var p = SimParser.cmeError("+CME ERROR: " + r.errorText());
            return p.isOk() ? p.value() : SimState.UNKNOWN;
        }
        return SimState.UNKNOWN;
    }
}
