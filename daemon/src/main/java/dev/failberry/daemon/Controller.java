package dev.failberry.daemon;

import dev.failberry.daemon.Assessor.Assessment;
import dev.failberry.daemon.Capabilities.DnsControl;
import dev.failberry.daemon.Capabilities.HostControl;
import dev.failberry.daemon.Capabilities.LinkControl;
import dev.failberry.daemon.Capabilities.ModemControl;
import dev.failberry.daemon.Capabilities.PowerControl;
import dev.failberry.daemon.Capabilities.PowerResult;
import dev.failberry.daemon.Facts.Link;
import dev.failberry.daemon.RecoveryLadder.Act;
import dev.failberry.daemon.RecoveryLadder.Exhausted;
import dev.failberry.modem.ModemStatus;
import dev.failberry.modem.ModemStatus.Condition;
import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import dev.failberry.time.TimeSource;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's loop. Capabilities report what they see (modem condition, link up/down,
 * verification, power-cycle results); the controller turns each report into new {@link Facts}, asks the
 * {@link Assessor} what they mean, has the {@link Executor} carry out what it says, and moves the daemon
 * state through {@link Supervisor#transition}. It alone holds the facts and the {@link RecoveryLadder}.
 * Every event method runs on the supervisor's thread; assessments never nest (a capability that reports
 * back while an action starts is assessed right after).
 */
public final class Controller {
    private static final Logger log = LoggerFactory.getLogger(Controller.class);

    /** Settings the controller needs beyond the ladder's policy. */
    public record Settings(
            Duration registrationTimeout,
            Duration simBusyTimeout,
            Duration waitForModem,
            Duration usbOffTime,
            boolean verificationEnabled) {}

    private final Supervisor supervisor;
    private final Scheduler scheduler;
    private final TimeSource time;
    private final Settings settings;
    private final Assessor assessor;
    private final Executor executor;
    private final DnsControl dns;

    private Facts facts;
    private RecoveryLadder ladder;
    private Assessor.Next next;
    private Consumer<PowerResult> manualCycleDone;
    private Cancellable evaluation = Cancellable.NONE;
    private long evaluationAt = Long.MAX_VALUE;
    private boolean evaluating;
    private boolean evaluateAgain;
    private final Set<String> saidOnce = new HashSet<>();
    private String lastPublishedIp;

    public Controller(
            Supervisor supervisor,
            Settings settings,
            RecoveryPolicy policy,
            RebootGuard rebootGuard,
            ModemControl modem,
            LinkControl link,
            PowerControl power,
            HostControl host,
            DnsControl dns,
            BiConsumer<RecoveryAction, String> actionCounter) {
        this.supervisor = supervisor;
        this.scheduler = supervisor.scheduler();
        this.time = scheduler.time();
        this.settings = settings;
        this.assessor = new Assessor(settings, policy);
        this.executor = new Executor(time, rebootGuard, modem, link, power, host, actionCounter);
        this.dns = dns;
        this.ladder = RecoveryLadder.start(policy);
        long now = time.nanoTime();
        // Right after boot the modem may still be enumerating: its absence is not a fault yet.
        this.facts = Facts.initial(now, now + settings.waitForModem().toNanos());
    }

    /** Who hears of the actions the executor carries out (the notifications); set once, before {@link #start}. */
    void recoveryEvents(Executor.RecoveryEvents listener) {
        executor.events(listener);
    }

    /** Starts the modem monitor; everything else follows from its reports. */
    public void start() {
        log.info("recovery policy: {}", ladder.policy().describe());
        executor.lastReboot().ifPresent(r -> log.info("last reboot by FailberryPi: {}", r));
        publishRecovery();
        supervisor.transition(DaemonState.MODEM_INIT, "opening the modem");
        executor.startModem();
        evaluate();
    }

    // ---- events from the capabilities ------------------------------------------------------------

    public void onModem(ModemStatus status) {
        Condition old = facts.condition();
        Facts.Cycle cycleBefore = facts.cycle();
        facts = facts.withModem(status, time.nanoTime());
        if (cycleBefore != facts.cycle() && facts.cycle() == Facts.Cycle.STICK_BACK) {
            log.info(
                    "recovery: the modem answers again ({}); not waiting for the power switch's own verification",
                    status.detail());
        }
        if (old != status.condition() && !status.condition().silent()) {
            saidOnce.removeIf(s -> s.startsWith("modem:"));
        }
        supervisor.publish(s -> s.withModem(StatusViews.modem(status)));
        if (status.condition().silent()) {
            hangup("modem " + status.condition().name().toLowerCase() + ": " + status.detail());
        }
        evaluate();
    }

    public void onLinkDialing() {
        facts = facts.withLink(Link.DIALING, time.nanoTime());
        evaluate();
    }

    /**
     * pppd has an address. {@code publicIp} is null when the local address is private or carrier-grade NAT;
     * the public-IP check may then report one later through {@link #onPublicAddress}.
     */
    public void onLinkUp(String localIp, String publicIp) {
        if (!facts.dialWanted()) {
            return; // a pppd that is being stopped reported its address late: the link is not wanted
        }
        facts = facts.withLink(settings.verificationEnabled() ? Link.UP_UNVERIFIED : Link.UP_VERIFIED, time.nanoTime());
        if (publicIp != null) {
            onPublicAddress(localIp, publicIp);
        }
        evaluate();
    }

    /** The link's public address is known (directly, or from the external check behind NAT). */
    public void onPublicAddress(String localIp, String publicIp) {
        if (!publicIp.equals(lastPublishedIp)) {
            lastPublishedIp = publicIp;
            dns.addressChanged(publicIp, localIp);
        }
    }

    /**
     * A pppd run ended. When the supervisor had hung up, that is the end it asked for, not a reason to
     * give for anything that follows (such as the redial after a power cycle).
     */
    public void onLinkDown(String reason) {
        lastPublishedIp = null;
        dns.linkDown();
        if (facts.dialWanted()) {
            facts = facts.withLinkDown(reason);
        }
        facts = facts.withLink(facts.dialWanted() ? Link.DIALING : Link.IDLE, time.nanoTime());
        executor.checkModem();
        evaluate();
    }

    /** Probes passed (k-of-n clean) or failed (degraded). */
    public void onLinkVerification(boolean ok, String reason) {
        if (facts.link() == Link.IDLE || facts.link() == Link.DIALING) {
            return;
        }
        facts = facts.withLink(ok ? Link.UP_VERIFIED : Link.DEGRADED, time.nanoTime());
        if (!ok) {
            facts = facts.withLinkDown(reason);
        }
        evaluate();
    }

    /**
     * An admin asked for a power cycle ({@code failberry usb cycle} while the daemon runs): done like the
     * ladder's, counted, but outside the ladder. {@code done} gets the result on the supervisor's thread.
     */
    public void requestPowerCycle(String reason, Consumer<PowerResult> done) {
        String refused = !executor.canCycle()
                ? "no USB power switch configured (usb-power.method = none)"
                : supervisor.state() == DaemonState.STARTING
                        ? "the daemon is still starting"
                        : facts.powerCycleUnreported() ? "a USB power cycle is already in progress" : null;
        if (refused != null) {
            done.accept(new PowerResult(false, false, refused));
            return;
        }
        log.info("recovery: usb_power_cycle: {}", reason);
        long now = time.nanoTime();
        manualCycleDone = done;
        ladder = ladder.powerCycled(now);
        boolean hangUp = linkInUse();
        facts = assessor.afterAction(facts, RecoveryAction.USB_POWER_CYCLE, now);
        executor.requestedCycle(reason, hangUp, this::cycleDone);
        publishRecovery();
        evaluate();
    }

    public void onPowerCycleDone(PowerResult result) {
        boolean answered = facts.cycle() == Facts.Cycle.STICK_BACK;
        facts = facts.withCycle(Facts.Cycle.NONE);
        Consumer<PowerResult> manual = manualCycleDone;
        manualCycleDone = null;
        if (manual != null) {
            log.info("recovery: requested usb_power_cycle finished: {}", result.detail());
            manual.accept(result);
        } else if (!result.switched()) {
            log.warn("recovery: usb_power_cycle failed: {}; moving on", result.detail());
            ladder = ladder.skipRungOf(RecoveryAction.USB_POWER_CYCLE);
        } else if (answered) {
            log.info("recovery: usb_power_cycle finished after the modem had answered again ({})", result.detail());
        } else if (!result.modemBack()) {
            log.warn("recovery: usb_power_cycle done but the modem did not come back: {}", result.detail());
        } else {
            log.info("recovery: usb_power_cycle done, modem is back ({})", result.detail());
        }
        if (!answered) {
            facts = facts.expectingAbsenceUntil(
                    time.nanoTime() + Duration.ofSeconds(5).toNanos());
        }
        executor.startModem();
        evaluate();
    }

    /** The power switch reports on its own thread: back to the supervisor's. */
    private void cycleDone(PowerResult r) {
        scheduler.execute(() -> onPowerCycleDone(r));
    }

    // ---- the loop -------------------------------------------------------------------------------

    /** Assesses the facts, carries out what the assessment says, and moves the daemon state. */
    void evaluate() {
        if (evaluating) {
            evaluateAgain = true;
            return;
        }
        evaluating = true;
        try {
            do {
                evaluateAgain = false;
                evaluateOnce();
            } while (evaluateAgain);
        } finally {
            evaluating = false;
        }
    }

    private void evaluateOnce() {
        long now = time.nanoTime();
        if (supervisor.state() == DaemonState.STOPPING) {
            return;
        }
        Assessment a = assessor.assess(facts, ladder, now);
        facts = a.facts();
        ladder = a.ladder();
        if (a.dial()) {
            executor.dial();
        }
        if (a.ladderReset()) {
            log.info(
                    "recovery: link stable for {} min, ladder reset",
                    ladder.policy().stableTime().toMinutes());
            publishRecovery();
        }
        if (facts.condition() == Condition.SIM_LOCKED) {
            once(
                    "modem:sim-locked",
                    () -> log.error(
                            "modem: {} - a person must fix this (modem.pin); no recovery " + "action can help",
                            facts.modem().detail()));
        }
        if (facts.condition() == Condition.PORT_BUSY) {
            once(
                    "modem:port-busy",
                    () -> log.warn(
                            "modem: {} (no recovery action while another program holds " + "the port)",
                            facts.modem().detail()));
        }
        schedule(a.lookAgainAt());
        if (a.fault() == null) {
            saidOnce.removeIf(k -> k.startsWith("wait:")); // the next fault's wait is news again
        }
        String waiting = a.waiting();
        Assessor.Next upcoming = a.next();
        if (a.decision() instanceof Act act) {
            act(act, a.faultText(), now);
            waiting = null;
            upcoming = assessor.assess(facts, ladder, now).next(); // what the action leaves next
        }
        if (upcoming != null && upcoming.at() > now && (a.decision() != null)) {
            Assessor.Next n = upcoming;
            once(
                    "wait:" + a.fault() + ":" + n.step() + "@" + n.at(),
                    () -> log.info(
                            "recovery: next {} at {} (in {} s): {} ({})",
                            n.step(),
                            StatusViews.wall(n.at(), time),
                            StatusViews.seconds(n.at() - now),
                            n.why(),
                            a.faultText()));
        }
        if (!java.util.Objects.equals(upcoming, next) || a.decision() instanceof Exhausted) {
            next = upcoming;
            publishRecovery();
        }
        Assessor.Target target = assessor.state(facts, now, waiting);
        supervisor.transition(target.state(), target.reason());
    }

    /** The ladder's action: facts and ladder first, so that a capability answering at once finds them current. */
    private void act(Act a, String reason, long now) {
        Optional<String> refused = executor.refusal(a.action());
        if (refused.isPresent()) {
            once(
                    "refused:" + refused.get(),
                    () -> log.warn("recovery: {} refused: {}", a.action().label(), refused.get()));
            ladder = ladder.skipRungOf(a.action());
            publishRecovery();
            schedule(now);
            return;
        }
        log.info("recovery: {} (attempt {}/{}): {}", a.action().label(), a.attempt(), a.of(), reason);
        saidOnce.removeIf(s -> s.startsWith("wait:"));
        ladder = ladder.taken(a, now);
        boolean hangUp = linkInUse();
        facts = assessor.afterAction(facts, a.action(), now);
        if (!executor.perform(a.action(), reason, hangUp, this::cycleDone)) {
            ladder = ladder.skipRungOf(a.action());
        }
        publishRecovery();
        schedule(ladder.cooldownUntil());
    }

    private boolean linkInUse() {
        return facts.dialWanted() || facts.link() != Link.IDLE;
    }

    private void hangup(String reason) {
        if (linkInUse()) {
            facts = facts.hungUp(time.nanoTime());
            executor.hangup(true, reason);
        }
    }

    /** Runs {@link #evaluate} at {@code atNanos} (only the earliest pending look is kept). */
    private void schedule(long atNanos) {
        if (atNanos == Long.MAX_VALUE) {
            return;
        }
        long now = time.nanoTime();
        if (atNanos >= evaluationAt && evaluationAt > now) {
            return;
        }
        evaluation.cancel();
        evaluationAt = atNanos;
        evaluation = scheduler.schedule(Duration.ofNanos(Math.max(0, atNanos - now)), () -> {
            evaluationAt = Long.MAX_VALUE;
            evaluate();
        });
    }

    private void once(String key, Runnable r) {
        if (saidOnce.add(key)) {
            r.run();
        }
    }

    // ---- status ---------------------------------------------------------------------------------

    private void publishRecovery() {
        var view = StatusViews.recovery(executor, ladder, next, time);
        supervisor.publish(s -> s.withRecovery(view));
    }
}
