package dev.failberry.modem;

import dev.failberry.config.FailberryConfig;
import dev.failberry.modem.ModemStatus.Condition;
import dev.failberry.modem.Step.Outcome;
import dev.failberry.modem.parse.ModemIdentity;
import dev.failberry.modem.vendor.Vendor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the daemon says to the modem and what it makes of the answers: the init sequence, the SIM, the
 * vendor's extras and the APN, then a poll round every {@code modem.poll-interval}, and the URCs in
 * between, each a list of {@link Step}s run through the {@link AtSession}. It keeps the facts and the
 * condition and publishes a {@link ModemStatus} after every change.
 *
 * <p>Confined to the {@link ModemThread}, like the session it talks through.
 */
final class ModemDialogue implements AtSession.Events {
    private static final Logger log = LoggerFactory.getLogger(ModemDialogue.class);

    private final FailberryConfig.Modem config;
    private final AtSession session;
    private final ModemThread thread;
    private final Consumer<ModemStatus> listener;
    private final PinGuard pinGuard;
    private final SignalWatch signal = new SignalWatch();

    private ModemFacts facts = new ModemFacts();
    private UrcTable urcs = new UrcTable(facts);
    private SimSteps sim;
    private Vendor vendor = Vendor.of(null);
    private Condition condition = Condition.ABSENT;
    private String detail = "not opened yet";
    private ModemStatus lastPublished;

    ModemDialogue(
            FailberryConfig.Modem config,
            AtSession session,
            ModemThread thread,
            Consumer<ModemStatus> listener,
            PinGuard pinGuard) {
        this.config = config;
        this.session = session;
        this.thread = thread;
        this.listener = listener;
        this.pinGuard = pinGuard;
        this.sim = new SimSteps(config, facts, () -> vendor, pinGuard);
    }

    /** A poll round now, if the port is ours. */
    void checkNow() {
        thread.check();
        if (session.ready()) {
            poll();
        }
    }

    /** The vendor's (or the configured) soft-reset command. */
    String resetCommand() {
        thread.check();
        return "auto".equalsIgnoreCase(config.resetCommand()) ? vendor.resetCommand() : config.resetCommand();
    }

    // ---- what the session reports ------------------------------------------------------------------

    @Override
    public void opened(String controlPath) {
        thread.check();
        facts = new ModemFacts();
        urcs = new UrcTable(facts);
        sim = new SimSteps(config, facts, () -> vendor, pinGuard);
        set(Condition.INITIALIZING, "running the init sequence");
        initialise();
    }

    @Override
    public void notFound(String why) {
        set(condition == Condition.GONE ? Condition.GONE : Condition.ABSENT, why);
    }

    @Override
    public void absent(String why) {
        set(Condition.ABSENT, why);
    }

    @Override
    public void busy(String why) {
        set(Condition.PORT_BUSY, why + "; the daemon opens it once that program lets go");
    }

    @Override
    public void vanished(String why) {
        set(Condition.GONE, why);
    }

    @Override
    public void lent() {
        thread.check();
        detail = "AT port in use by pppd";
        publish();
    }

    @Override
    public void timeoutsChanged() {
        publish();
    }

    @Override
    public void hung(int consecutive) {
        set(Condition.HUNG, consecutive + " consecutive AT timeouts");
    }

    @Override
    public void answering(boolean wasHung) {
        thread.check();
        if (wasHung) {
            set(Condition.INITIALIZING, "answering again; re-initialising");
            initialise();
        } else if (condition == Condition.INITIALIZING || condition == Condition.HUNG) {
            initialise();
        } else {
            poll();
        }
    }

    @Override
    public void urc(String line) {
        thread.check();
        switch (urcs.apply(line, vendor)) {
            case REGISTRATION -> {
                if (condition != Condition.INITIALIZING) {
                    assessRegistration();
                }
            }
            case FACTS -> {
                watchSignal();
                publish();
            }
            default -> {}
        }
    }

    // ---- the dialogue --------------------------------------------------------------------------------

    private void initialise() {
        if (run(InitSequence.steps(config, facts, this::identified)) && run(sim.steps()) && run(vendorAndApn())) {
            log.info(
                    "modem: initialised {} {} (vendor {}), APN {}",
                    facts.identity.manufacturer(),
                    facts.identity.model(),
                    vendor.name(),
                    config.apn());
            poll();
        }
    }

    private void initialiseAgain() {
        if (session.ready()) {
            initialise();
        }
    }

    private void identified(ModemIdentity id) {
        vendor = Vendor.of(id.manufacturer());
        session.registerUrcs(vendor::registerUrcs);
    }

    /** The vendor's init commands (answers ignored), then the PDP context with the APN. */
    private List<Step> vendorAndApn() {
        List<Step> steps = new ArrayList<>();
        for (String cmd : vendor.initCommands(config.quietUrcs())) {
            steps.add(Step.setting(cmd, config.commandTimeout()));
        }
        String apn = "AT+CGDCONT=" + config.contextId() + ",\"IP\",\"" + config.apn() + "\"";
        steps.add(new Step(apn, config.commandTimeout(), r -> {
            if (!r.isOk()) {
                log.warn(
                        "modem: setting the APN ({}) answered {}",
                        apn,
                        r.status() + (r.errorText() != null ? " " + r.errorText() : ""));
            }
            return Outcome.NEXT;
        }));
        return steps;
    }

    /** One round of polling; reschedules itself. */
    private void poll() {
        if (!session.ready()) {
            return;
        }
        if (!run(PollSequence.steps(config, facts))) {
            return;
        }
        watchSignal();
        assessRegistration();
        session.next(config.pollInterval(), this::poll);
    }

    /** A weak signal is logged once when it crosses the threshold, and once when it recovers. */
    private void watchSignal() {
        String line = signal.observe(facts.csq);
        if (line != null) {
            if (signal.weak()) {
                log.warn("modem: {}", line);
            } else {
                log.info("modem: {}", line);
            }
        }
    }

    /**
     * Runs steps in order through the session. A step may put more steps first ({@link Outcome.Then}) or end
     * the dialogue ({@link Outcome.Stop}: the condition is set and a retry of the whole initialisation is
     * scheduled when asked). Returns true when every step ran; false when it stopped or a command was not
     * answered (the session has then decided what comes next).
     */
    private boolean run(List<Step> steps) {
        Deque<Step> todo = new ArrayDeque<>(steps);
        while (!todo.isEmpty()) {
            Step step = todo.poll();
            AtResult r = session.send(step.command(), step.timeout());
            if (r == null) {
                return false;
            }
            Outcome o = step.handler().apply(r);
            if (o instanceof Outcome.Then then) {
                List<Step> first = then.steps();
                for (int i = first.size() - 1; i >= 0; i--) {
                    todo.addFirst(first.get(i));
                }
            } else if (o instanceof Outcome.Stop stop) {
                set(stop.condition(), stop.why());
                if (stop.retryAfter() != null) {
                    session.next(stop.retryAfter(), this::initialiseAgain);
                }
                return false;
            }
        }
        return true;
    }

    private void assessRegistration() {
        ModemFacts.Assessment a = facts.registration();
        set(a.condition(), a.why());
    }

    private void set(Condition c, String why) {
        thread.check();
        if (c != condition) {
            log.info(
                    "modem: {} -> {} ({})",
                    condition.name().toLowerCase(Locale.ROOT),
                    c.name().toLowerCase(Locale.ROOT),
                    why);
        }
        condition = c;
        detail = why;
        publish();
    }

    private void publish() {
        thread.check();
        ModemStatus s = facts.status(condition, session.controlPath(), session.consecutiveTimeouts(), detail);
        if (!Objects.equals(s, lastPublished)) {
            lastPublished = s;
            listener.accept(s);
        }
    }
}
