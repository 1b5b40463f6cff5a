package dev.failberry.modem;

import dev.failberry.config.FailberryConfig;
import dev.failberry.modem.ModemStatus.Condition;
import dev.failberry.modem.parse.ModemIdentity;
import dev.failberry.modem.parse.OperatorParser;
import dev.failberry.modem.parse.Registration;
import dev.failberry.modem.parse.RegistrationParser;
import dev.failberry.modem.parse.SignalParsers;
import dev.failberry.modem.parse.SimParser;
import dev.failberry.modem.parse.SimState;
import dev.failberry.modem.vendor.Vendor;
import dev.failberry.time.Backoff;
import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows the modem's real condition. Opens the AT port (finding it again after re-enumeration), runs
 * the {@link InitSequence}, then polls signal, registration and operator every
 * {@code modem.poll-interval}, and publishes a {@link ModemStatus} after every change. Counts
 * consecutive AT timeouts (any reply resets the count); after a timeout it probes again at once, so a
 * hung modem is reported {@link Condition#HUNG} within about {@code hung-threshold} command timeouts.
 * A vanished port is reported {@link Condition#GONE} as soon as the reader sees it, and reopening is
 * retried with a bounded backoff (never a spin). All of this runs on the monitor's own scheduler
 * thread, where blocking on the modem is allowed.
 */
public final class ModemMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModemMonitor.class);
    private static final Backoff REOPEN = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, 0.1);
    private static final Duration RESET_TIMEOUT = Duration.ofSeconds(5);

    private final FailberryConfig.Modem config;
    private final ModemPorts ports;
    private final Function<String, AtPort> portFactory;
    private final Scheduler scheduler;
    private final Consumer<ModemStatus> listener;
    private final AtCommandObserver observer;
    private final Random random = new Random();

    private AtPort port;
    private String controlPath;
    private Vendor vendor = Vendor.of(null);
    private ModemFacts facts = new ModemFacts();
    private Condition condition = Condition.ABSENT;
    private String detail = "not opened yet";
    private int consecutiveTimeouts;
    private int reopenAttempts;
    private boolean pinTried;
    private boolean closed;
    private boolean portLent;
    private Cancellable next = Cancellable.NONE;
    private ModemStatus lastPublished;

    public ModemMonitor(FailberryConfig.Modem config, ModemPorts ports, Function<String, AtPort> portFactory,
                        Scheduler scheduler, Consumer<ModemStatus> listener, AtCommandObserver observer) {
        this.config = config;
        this.ports = ports;
        this.portFactory = portFactory;
        this.scheduler = scheduler;
        this.listener = listener;
        this.observer = observer;
    }

    // ---- commands from the supervisor (any thread) -----------------------------------------------

    public void start() {
        scheduler.execute(() -> {
            closed = false;
            if (port == null || !port.isOpen()) {
                reopenAttempts = 0;
                open();
            }
        });
    }

    public void checkNow() {
        scheduler.execute(() -> {
            if (port != null && port.isOpen() && !portLent) {
                poll();
            }
        });
    }

    /** Sends the vendor's (or the configured) reset command, then waits for the modem to come back. */
    public void softReset(String reason) {
        scheduler.execute(() -> {
            String cmd = "auto".equalsIgnoreCase(config.resetCommand()) ? vendor.resetCommand() : config.resetCommand();
            if (port != null && port.isOpen()) {
                AtResult r = port.send(cmd, RESET_TIMEOUT);
                log.info("modem: reset with {} answered {} ({})", cmd, r.status(), reason);
            } else {
                log.warn("modem: reset not sent, the AT port is not open ({})", reason);
            }
            dropPort();
            set(Condition.ABSENT, "resetting (" + cmd + ")");
            reopenAttempts = 0;
            reschedule(Duration.ofSeconds(2), this::open);
        });
    }

    /**
     * With a single-port stick pppd needs the AT port: release it while the link is up and take it back
     * afterwards. With a separate data port this does nothing.
     */
    public void lendPortToLink(boolean lend) {
        if (!config.sharedDataPort()) {
            return;
        }
        scheduler.execute(() -> {
            portLent = lend;
            if (lend) {
                next.cancel();
                if (port != null) {
                    port.close();
                }
                detail = "AT port in use by pppd";
                publish();
            } else if (!closed) {
                reopenAttempts = 0;
                open();
            }
        });
    }

    /**
     * Runs one AT command for an admin ({@code failberry modem at}), serialised with the polling by the
     * port itself. Blocks the calling thread up to the timeout.
     */
    public AtResult execute(String command, Duration timeout) {
        AtPort p = port;
        if (p == null || !p.isOpen() || portLent) {
            return new AtResult(command, AtResult.Status.GONE, List.of(), null, null, null, List.of(), Duration.ZERO);
        }
        return p.send(command, timeout);
    }


    /** The data port of the current session (where pppd dials), or the configured one. */
    public String dataPort() {
        var r = ports.resolve();
        return r instanceof ModemPorts.Found f ? f.data() : config.dataPort();
    }

    @Override
    public void close() {
        scheduler.execute(() -> {
            closed = true;
            next.cancel();
            dropPort();
        });
    }

    // ---- the session (monitor thread) -------------------------------------------------------------

    private void open() {
        if (closed || portLent) {
            return;
        }
        ModemPorts.Resolution r = ports.resolve();
        if (r instanceof ModemPorts.Missing m) {
            set(condition == Condition.GONE ? Condition.GONE : Condition.ABSENT, m.why());
            retryOpen();
            return;
        }
        var found = (ModemPorts.Found) r;
        dropPort();
        AtPort p = portFactory.apply(found.control());
        p.setCommandObserver(observer);
        p.addUrcListener(line -> scheduler.execute(() -> onUrc(line)));
        p.addGoneListener(why -> scheduler.execute(() -> onGone(p, why)));
        try {
            p.open();
        } catch (IOException e) {
            set(Condition.ABSENT, "cannot open " + found.control() + ": " + e.getMessage());
            retryOpen();
            return;
        }
        port = p;
        controlPath = found.control();
        reopenAttempts = 0;
        consecutiveTimeouts = 0;
        facts = new ModemFacts();
        pinTried = false;
        set(Condition.INITIALIZING, "running the init sequence");
        initialise();
    }

    private void retryOpen() {
        Duration d = REOPEN.delay(reopenAttempts++, random);
        reschedule(d, this::open);
    }

    private void onGone(AtPort p, String why) {
        if (p != port) {
            return;
        }
        dropPort();
        set(Condition.GONE, "port vanished (" + why + ")");
        reopenAttempts = 0;
        retryOpen();
    }

    private void dropPort() {
        if (port != null) {
            port.close();
            port = null;
        }
    }

    private void initialise() {
        var steps = InitSequence.steps(config, facts, this::identified);
        for (InitSequence.Step step : steps) {
            if (port == null) {
                return;
            }
            AtResult res = command(step.command(), step.timeout());
            if (res == null) {
                return;
            }
            InitSequence.Outcome o = step.handler().apply(res);
            if (o == InitSequence.Outcome.STOP) {
                afterInitStopped();
                return;
            }
        }
        if (!sim()) {
            return;
        }
        for (String cmd : vendor.initCommands(config.quietUrcs())) {
            if (command(cmd, config.commandTimeout()) == null) {
                return;
            }
        }
        String apn = "AT+CGDCONT=" + config.contextId() + ",\"IP\",\"" + config.apn() + "\"";
        AtResult cg = command(apn, config.commandTimeout());
        if (cg == null) {
            return;
        }
        if (!cg.isOk()) {
            log.warn("modem: setting the APN ({}) answered {}", apn, describe(cg));
        }
        log.info("modem: initialised {} {} (vendor {}), APN {}", facts.identity.manufacturer(),
                facts.identity.model(), vendor.name(), config.apn());
        poll();
    }

    private void identified(ModemIdentity id) {
        vendor = Vendor.of(id.manufacturer());
        if (port != null) {
            vendor.registerUrcs(port.urcs());
        }
    }

    /** SIM handling; returns true when the SIM is ready. */
    private boolean sim() {
        AtResult r = command("AT+CPIN?", Duration.ofSeconds(10));
        if (r == null) {
            return false;
        }
        SimState s = simState(r);
        facts.sim = s;
        if (s == SimState.SIM_PIN && config.pin().isPresent() && !pinTried) {
            pinTried = true;
            AtResult entered = command("AT+CPIN=\"" + config.pin().get().value() + "\"", Duration.ofSeconds(10));
            if (entered == null) {
                return false;
            }
            if (!entered.isOk()) {
                set(Condition.SIM_LOCKED, "the configured PIN was refused; not retrying (3 wrong PINs lock the SIM)");
                return false;
            }
            log.info("modem: SIM PIN accepted");
            return sim();
        }
        switch (s) {
            case READY -> {
                return true;
            }
            case BUSY -> {
                set(Condition.SIM_BUSY, "SIM busy");
                reschedule(Duration.ofSeconds(2), this::initialiseAgain);
            }
            case NOT_INSERTED, FAILURE, WRONG -> {
                set(Condition.NO_SIM, "SIM " + s.name().toLowerCase(Locale.ROOT).replace('_', ' '));
                reschedule(config.pollInterval(), this::initialiseAgain);
            }
            case SIM_PIN -> set(Condition.SIM_LOCKED, pinTried ? "SIM PIN refused"
                    : "SIM PIN required and modem.pin is not set");
            default -> set(Condition.SIM_LOCKED, "SIM needs " + s.name().replace('_', ' '));
        }
        return false;
    }

    private void initialiseAgain() {
        if (port != null && port.isOpen()) {
            initialise();
        }
    }

    private static SimState simState(AtResult r) {
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

    private void afterInitStopped() {
        if (condition == Condition.INITIALIZING) {
            reschedule(config.pollInterval(), this::initialiseAgain);
        }
    }

    /** One round of polling; reschedules itself. */
    private void poll() {
        if (port == null || portLent) {
            return;
        }
        AtResult csq = command("AT+CSQ", config.commandTimeout());
        if (csq == null) {
            return;
        }
        if (csq.isOk()) {
            var s = SignalParsers.csq(csq.lines());
            if (s.isOk()) {
                facts.csq = s.value().rssiIndex();
                facts.rssiDbm = s.value().rssiDbm();
            }
        }
        for (String q : List.of("AT+CREG?", "AT+CGREG?")) {
            AtResult reg = command(q, Duration.ofSeconds(10));
            if (reg == null) {
                return;
            }
            reg.lines().forEach(this::registrationLine);
        }
        AtResult cops = command("AT+COPS?", config.commandTimeout());
        if (cops == null) {
            return;
        }
        if (cops.isOk()) {
            var o = OperatorParser.copsQuery(cops.lines());
            if (o.isOk()) {
                facts.operator = o.value().hasOperator() ? o.value().operator() : null;
                if (o.value().act() != null && o.value().hasOperator()) {
                    facts.technology = o.value().act().label();
                }
            }
        }
        evaluateRegistration();
        reschedule(config.pollInterval(), this::poll);
    }

    /**
     * Sends a command and keeps the timeout count. Returns null when the modem did not answer (the
     * caller stops; the monitor has already decided what comes next).
     */
    private AtResult command(String cmd, Duration timeout) {
        AtPort p = port;
        if (p == null) {
            return null;
        }
        AtResult r = p.send(cmd, timeout);
        if (r.status() == AtResult.Status.GONE) {
            if (p == port) {
                onGone(p, "read failed");
            }
            return null;
        }
        if (r.status() == AtResult.Status.TIMEOUT) {
            consecutiveTimeouts++;
            if (consecutiveTimeouts >= config.hungThreshold()) {
                if (condition != Condition.HUNG) {
                    log.warn("modem: {} consecutive AT timeouts on {}: hung", consecutiveTimeouts, controlPath);
                }
                set(Condition.HUNG, consecutiveTimeouts + " consecutive AT timeouts");
                reschedule(config.pollInterval(), this::probeHung);
            } else {
                publish();
                reschedule(Duration.ZERO, this::probe);
            }
            return null;
        }
        if (consecutiveTimeouts > 0) {
            consecutiveTimeouts = 0;
            publish();
        }
        return r;
    }

    /** After a timeout: a plain AT at once; an answer means carry on where we were. */
    private void probe() {
        if (command("AT", config.commandTimeout()) != null) {
            if (condition == Condition.INITIALIZING || condition == Condition.HUNG) {
                initialise();
            } else {
                poll();
            }
        }
    }

    private void probeHung() {
        AtResult r = command("AT", config.commandTimeout());
        if (r != null) {
            log.info("modem: answering again after being hung");
            set(Condition.INITIALIZING, "answering again; re-initialising");
            initialise();
        }
    }

    private void onUrc(String line) {
        if (line.regionMatches(true, 0, "+CREG", 0, 5) || line.regionMatches(true, 0, "+CGREG", 0, 6)
                || line.regionMatches(true, 0, "+CEREG", 0, 6)) {
            registrationLine(line);
            if (condition != Condition.INITIALIZING) {
                evaluateRegistration();
            }
            return;
        }
        vendor.signalFromUrc(line).ifPresent(csq -> {
            var s = SignalParsers.csq("+CSQ: " + csq + ",99");
            if (s.isOk()) {
                facts.csq = csq;
                facts.rssiDbm = s.value().rssiDbm();
                publish();
            }
        });
        vendor.technologyFromUrc(line).ifPresent(t -> {
            facts.technology = t;
            publish();
        });
    }

    private void registrationLine(String line) {
        var p = RegistrationParser.parse(line);
        if (p.isOk()) {
            Registration reg = p.value();
            switch (reg.domain()) {
                case CS -> facts.cs = reg;
                case PS -> facts.ps = reg;
                default -> facts.eps = reg;
            }
        }
    }

    private void evaluateRegistration() {
        Registration best = facts.bestRegistration();
        if (best == null) {
            set(Condition.SEARCHING, "registration unknown");
            return;
        }
        var state = best.state().simplified();
        if (best.state().isRegistered()) {
            set(Condition.REGISTERED, "registered " + (state.isRoaming() ? "roaming" : "home")
                    + (facts.operator == null ? "" : " on " + facts.operator));
        } else if (state == dev.failberry.modem.parse.RegistrationState.DENIED) {
            set(Condition.DENIED, "registration denied by the network");
        } else {
            set(Condition.SEARCHING, best.state().description());
        }
    }

    private void reschedule(Duration d, Runnable task) {
        next.cancel();
        if (!closed) {
            next = scheduler.schedule(d, task);
        }
    }

    private void set(Condition c, String why) {
        if (c != condition) {
            log.info("modem: {} -> {} ({})", condition.name().toLowerCase(Locale.ROOT),
                    c.name().toLowerCase(Locale.ROOT), why);
        }
        condition = c;
        detail = why;
        publish();
    }

    private void publish() {
        ModemStatus s = facts.status(condition, controlPath, consecutiveTimeouts, detail);
        if (!Objects.equals(s, lastPublished)) {
            lastPublished = s;
            listener.accept(s);
        }
    }

    private static String describe(AtResult r) {
        return r.status() + (r.errorText() != null ? " " + r.errorText() : "");
    }
}
