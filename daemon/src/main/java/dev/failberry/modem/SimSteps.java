package dev.failberry.modem;

import dev.failberry.config.FailberryConfig;
import dev.failberry.config.Secret;
import dev.failberry.modem.ModemStatus.Condition;
import dev.failberry.modem.Step.Outcome;
import dev.failberry.modem.parse.IccidParser;
import dev.failberry.modem.parse.PinRetriesParser;
import dev.failberry.modem.parse.SimParser;
import dev.failberry.modem.parse.SimState;
import dev.failberry.modem.vendor.Vendor;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIM part of the dialogue as steps. {@code AT+CPIN?}: a ready SIM goes on; a busy one is asked again in
 * 2 s; a missing or failed one every poll interval; a PUK or PH- lock is reported and left alone (no command
 * of ours can help). A SIM that wants its PIN: read its ICCID and the attempts it has left (vendor commands,
 * tried in order), ask the {@link PinGuard}, record the attempt, send {@code modem.pin}, record the answer.
 * At most one attempt per session; a refused PIN is never sent again, whatever restarts or power cuts come.
 * One instance per session.
 */
final class SimSteps {
    private static final Logger log = LoggerFactory.getLogger(SimSteps.class);
    /** ModemManager waits 10 s for +CPIN (mm-base-sim.c) and 20 s for the ICCID. */
    static final Duration CPIN_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration ICCID_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration BUSY_RETRY = Duration.ofSeconds(2);

    private final FailberryConfig.Modem config;
    private final ModemFacts facts;
    private final Supplier<Vendor> vendor;
    private final PinGuard guard;
    private boolean pinTried;
    private String iccid;
    private Integer attemptsLeft;

    SimSteps(FailberryConfig.Modem config, ModemFacts facts, Supplier<Vendor> vendor, PinGuard guard) {
        this.config = config;
        this.facts = facts;
        this.vendor = vendor;
        this.guard = guard;
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
            return Outcome.Then.of(iccid(0));
        }
        return switch (s) {
            case READY -> Outcome.NEXT;
            case BUSY -> new Outcome.Stop(Condition.SIM_BUSY, "SIM busy", BUSY_RETRY);
            case NOT_INSERTED, FAILURE, WRONG ->
                new Outcome.Stop(
                        Condition.NO_SIM,
                        "SIM " + s.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                        config.pollInterval());
            case SIM_PIN ->
                new Outcome.Stop(
                        Condition.SIM_LOCKED,
                        pinTried
                                ? "SIM PIN required again after it was sent"
                                : "SIM PIN required and modem.pin is not set",
                        null);
            default ->
                new Outcome.Stop(Condition.SIM_LOCKED, "SIM needs " + s.name().replace('_', ' '), null);
        };
    }

    /** The ICCID: the vendor's commands in order; on to the attempts left once one answers (or none did). */
    private Step iccid(int i) {
        List<String> cmds = vendor.get().iccidCommands();
        return new Step(cmds.get(i), ICCID_TIMEOUT, r -> {
            var p = r.isOk() ? IccidParser.iccid(r.lines()) : null;
            if (p != null && p.isOk()) {
                iccid = p.value();
            } else if (i + 1 < cmds.size()) {
                return Outcome.Then.of(iccid(i + 1));
            }
            return Outcome.Then.of(attempts(0));
        });
    }

    /** The PIN attempts left: the vendor's commands in order; then the decision. */
    private Step attempts(int i) {
        List<String> cmds = vendor.get().pinRetriesCommands();
        return new Step(cmds.get(i), config.commandTimeout(), r -> {
            var p = r.isOk() ? PinRetriesParser.any(r.lines()) : null;
            if (p != null && p.isOk() && p.value().pin() != null) {
                attemptsLeft = p.value().pin();
            } else if (i + 1 < cmds.size()) {
                return Outcome.Then.of(attempts(i + 1));
            }
            return decide();
        });
    }

    private Outcome decide() {
        Secret pin = config.pin().orElseThrow();
        PinGuard.Verdict v = guard.check(iccid, pin, attemptsLeft);
        if (!v.send()) {
            return refuse(v.why());
        }
        try {
            guard.attempting(iccid, pin, attemptsLeft);
        } catch (IOException e) {
            return refuse("cannot record the PIN attempt in " + guard.file() + " (" + e.getMessage()
                    + "): modem.pin is not sent, since a refusal could not be remembered");
        }
        return Outcome.Then.of(new Step("AT+CPIN=\"" + pin.value() + "\"", CPIN_TIMEOUT, this::entered));
    }

    private Outcome entered(AtResult r) {
        Secret pin = config.pin().orElseThrow();
        if (r.isOk()) {
            log.info("modem: SIM PIN accepted");
            try {
                guard.accepted(iccid, pin);
            } catch (IOException e) {
                log.warn("modem: cannot update {}: {}", guard.file(), e.getMessage());
            }
            return new Outcome.Then(steps());
        }
        // 16 incorrect password; 12 the SIM now wants its PUK; 11 it still wants the PIN
        boolean refused = r.status() == AtResult.Status.CME_ERROR
                && r.errorCode() != null
                && (r.errorCode() == 16 || r.errorCode() == 12 || r.errorCode() == 11);
        if (refused) {
            try {
                guard.rejected(iccid, pin);
            } catch (IOException e) {
                log.warn(
                        "modem: cannot update {} (the attempt stays recorded as cut short): {}",
                        guard.file(),
                        e.getMessage());
            }
            return refuse("the configured PIN was refused by this SIM: not retrying (3 wrong PINs lock the SIM);"
                    + " put the right PIN in modem.pin");
        }
        return refuse(
                "the SIM did not take modem.pin (" + r.status() + (r.errorText() != null ? " " + r.errorText() : "")
                        + "): not retrying, since it may have counted as a wrong PIN");
    }

    private Outcome refuse(String why) {
        if (guard.firstTime(why)) {
            log.warn("modem: {}", why);
        }
        return new Outcome.Stop(Condition.SIM_LOCKED, why, null);
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
