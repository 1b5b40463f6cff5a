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
import dev.failberry.daemon.RecoveryLadder.Wait;
import dev.failberry.modem.ModemStatus;
import dev.failberry.modem.ModemStatus.Condition;
import dev.failberry.status.StatusSnapshot;
import dev.failberry.status.StatusSnapshot.Action;
import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import dev.failberry.time.TimeSource;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's loop. Capabilities report what they see (modem condition, link up/down,
 * verification, power-cycle results); the controller turns each report into new {@link Facts}, asks the
 * {@link Assessor} what they mean, carries out what it says, and moves the daemon state through
 * {@link Supervisor#transition}. Every event method runs on the supervisor's thread.
 */
public final class Controller {
    private static final Logger log = LoggerFactory.getLogger(Controller.class);

    /** Settings the controller needs beyond the ladder's policy. */
    public record Settings(
            Duration registrationTimeout,
            Duration simBusyTimeout,
            Duration waitForModem,
            Duration usbOffTime,
            boolean verificationEnabled) {
    }

    private final Supervisor supervisor;
    private final Scheduler scheduler;
    private final TimeSource time;
    private final Settings settings;
    private final Assessor assessor;
    private final RebootGuard rebootGuard;
    private final ModemControl modem;
    private final LinkControl link;
    private final PowerControl power;
    private final HostControl host;
    private final DnsControl dns;
    private final Consumer<RecoveryAction> actionCounter;

    private Facts facts;
    private RecoveryLadder ladder;
    private Consumer<PowerResult> manualCycleDone;
    private Cancellable evaluation = Cancellable.NONE;
    private long evaluationAt = Long.MAX_VALUE;
    private final Set<String> saidOnce = new HashSet<>();
    private final Map<RecoveryAction, Integer> counts = new java.util.EnumMap<>(RecoveryAction.class);
    private Action lastAction;
    private String lastPublishedIp;

    public Controller(Supervisor supervisor, Settings settings, RecoveryPolicy policy, RebootGuard rebootGuard,
                      ModemControl modem, LinkControl link, PowerControl power, HostControl host, DnsControl dns,
                      Consumer<RecoveryAction> actionCounter) {
        this.supervisor = supervisor;
        this.scheduler = supervisor.scheduler();
        this.time = scheduler.time();
        this.settings = settings;
        this.assessor = new Assessor(settings, policy);
        this.ladder = RecoveryLadder.start(policy);
        this.rebootGuard = rebootGuard;
        this.modem = modem;
        this.link = link;
        this.power = power;
        this.host = host;
        this.dns = dns;
        this.actionCounter = actionCounter;
        for (RecoveryAction a : RecoveryAction.values()) {
            counts.put(a, 0);
        }
        long now = time.nanoTime();
        // Right after boot the modem may still be enumerating: its absence is not a fault yet.
        this.facts = Facts.initial(now, now + settings.waitForModem().toNanos());
    }

    /** Starts the modem monitor; everything else follows from its reports. */
    public void start() {
        rebootGuard.lastReboot().ifPresent(r -> log.info("last reboot by FailberryPi: {}", r));
        publishRecovery();
        supervisor.transition(DaemonState.MODEM_INIT, "opening the modem");
        modem.start();
        evaluate();
    }

    // ---- events from the capabilities ------------------------------------------------------------

    public void onModem(ModemStatus status) {
        Condition old = facts.condition();
        facts = facts.withModem(status, time.nanoTime());
        if (old != status.condition() && !status.condition().silent()) {
            saidOnce.removeIf(s -> s.startsWith("modem:"));
        }
        supervisor.publish(s -> s.withModem(view(status)));
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
            return;   // a pppd that is being stopped reported its address late: the link is not wanted
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

    public void onLinkDown(String reason) {
        lastPublishedIp = null;
        dns.linkDown();
        facts = facts.withLinkDown(reason).withLink(facts.dialWanted() ? Link.DIALING : Link.IDLE, time.nanoTime());
        modem.checkNow();
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
        if (!power.available()) {
            done.accept(new PowerResult(false, false, "no USB power switch configured (usb-power.method = none)"));
            return;
        }
        if (supervisor.state() == DaemonState.STARTING) {
            done.accept(new PowerResult(false, false, "the daemon is still starting"));
            return;
        }
        if (facts.powerCycleInFlight()) {
            done.accept(new PowerResult(false, false, "a USB power cycle is already in progress"));
            return;
        }
        log.info("recovery: usb_power_cycle: {}", reason);
        manualCycleDone = done;
        ladder = ladder.powerCycled(time.nanoTime());
        record(RecoveryAction.USB_POWER_CYCLE, reason);
        publishRecovery();
        cycle(reason);
        evaluate();
    }

    public void onPowerCycleDone(PowerResult result) {
        facts = facts.withPowerCycleInFlight(false);
        Consumer<PowerResult> manual = manualCycleDone;
        manualCycleDone = null;
        if (manual != null) {
            log.info("recovery: requested usb_power_cycle finished: {}", result.detail());
            manual.accept(result);
        } else if (!result.switched()) {
            log.warn("recovery: usb_power_cycle failed: {}; moving on", result.detail());
            ladder = ladder.skipRungOf(RecoveryAction.USB_POWER_CYCLE);
        } else if (!result.modemBack()) {
            log.warn("recovery: usb_power_cycle done but the modem did not come back: {}", result.detail());
        } else {
            log.info("recovery: usb_power_cycle done, modem is back ({})", result.detail());
        }
        facts = facts.expectingAbsenceUntil(time.nanoTime() + Duration.ofSeconds(5).toNanos());
        modem.start();
        evaluate();
    }

    // ---- the loop -------------------------------------------------------------------------------

    /** Assesses the facts, carries out what the assessment says, and moves the daemon state. */
    void evaluate() {
        long now = time.nanoTime();
        if (supervisor.state() == DaemonState.STOPPING) {
            return;
        }
        Assessment a = assessor.assess(facts, ladder, now);
        facts = a.facts();
        ladder = a.ladder();
        if (a.dial()) {
            link.dial();
        }
        if (a.ladderReset()) {
            log.info("recovery: link stable for {} min, ladder reset", ladder.policy().stableTime().toMinutes());
            publishRecovery();
        }
        if (facts.condition() == Condition.SIM_LOCKED) {
            once("modem:sim-locked", () -> log.error("modem: {} - a person must fix this (modem.pin); no recovery "
                    + "action can help", facts.modem().detail()));
        }
        if (a.decision() instanceof Wait || a.decision() instanceof Exhausted) {
            once("wait:" + a.waiting(), () -> log.info("recovery: {} ({})", a.waiting(), a.faultText()));
        }
        if (a.decision() instanceof Exhausted) {
            publishRecovery();
        }
        schedule(a.lookAgainAt());
        String waiting = a.waiting();
        if (a.decision() instanceof Act act) {
            act(act, a.faultText(), now);
            waiting = null;
        }
        Assessor.Target target = assessor.state(facts, now, waiting);
        supervisor.transition(target.state(), target.reason());
    }

    private void act(Act a, String reason, long now) {
        if (a.action() == RecoveryAction.REBOOT) {
            RebootGuard.Verdict v = rebootGuard.check();
            if (!v.allowed()) {
                once("reboot-refused:" + v.reason(), () -> log.warn("recovery: reboot refused: {}", v.reason()));
                lastAction = new Action(time.now(), "reboot_refused", v.reason());
                ladder = ladder.skipRungOf(RecoveryAction.REBOOT);
                publishRecovery();
                schedule(now);
                return;
            }
        }
        log.info("recovery: {} (attempt {}/{}): {}", a.action().label(), a.attempt(), a.of(), reason);
        ladder = ladder.taken(a, now);
        record(a.action(), reason);
        saidOnce.removeIf(s -> s.startsWith("wait:"));
        switch (a.action()) {
            case REDIAL -> link.restart(reason);
            case MODEM_RESET -> {
                hangup("modem reset");
                facts = facts.expectingAbsenceUntil(now + settings.waitForModem().toNanos());
                modem.softReset(reason);
            }
            case USB_POWER_CYCLE -> cycle(reason);
            case REBOOT -> reboot(reason);
        }
        publishRecovery();
        schedule(ladder.cooldownUntil());
    }

    /** Counts {@code action} (status, metrics) as the last one taken. */
    private void record(RecoveryAction action, String reason) {
        counts.merge(action, 1, Integer::sum);
        actionCounter.accept(action);
        lastAction = new Action(time.now(), action.label(), reason);
        facts = facts.withLastAction(action.label());
    }

    /** Starts a power cycle, the ladder's or an admin's: the link hung up, the modem's absence expected. */
    private void cycle(String reason) {
        hangup("USB power cycle");
        facts = facts.withPowerCycleInFlight(true).expectingAbsenceUntil(
                time.nanoTime() + settings.usbOffTime().plus(settings.waitForModem()).toNanos());
        power.cycle(reason, r -> scheduler.execute(() -> onPowerCycleDone(r)));
    }

    private void reboot(String reason) {
        try {
            rebootGuard.recordReboot(reason);
        } catch (IOException e) {
            log.error("recovery: reboot cancelled: could not persist the reboot guard ({})", e.getMessage());
            ladder = ladder.skipRungOf(RecoveryAction.REBOOT);
            return;
        }
        String error = host.reboot(reason);
        if (error != null) {
            log.error("recovery: reboot command failed: {}", error);
            ladder = ladder.skipRungOf(RecoveryAction.REBOOT);
        }
    }

    private void hangup(String reason) {
        if (facts.dialWanted() || facts.link() != Link.IDLE) {
            facts = facts.hungUp(time.nanoTime());
            link.hangup(reason);
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
        var view = new StatusSnapshot.RecoveryView(counts.get(RecoveryAction.REDIAL),
                counts.get(RecoveryAction.MODEM_RESET), counts.get(RecoveryAction.USB_POWER_CYCLE),
                counts.get(RecoveryAction.REBOOT), lastAction, ladder.level(),
                rebootGuard.lastReboot().orElse(null));
        supervisor.publish(s -> s.withRecovery(view));
    }

    private static StatusSnapshot.ModemView view(ModemStatus m) {
        return new StatusSnapshot.ModemView(m.condition().name().toLowerCase(), m.port(), m.manufacturer(), m.model(),
                m.revision(), m.imei(), m.sim(), m.registration(), m.operator(), m.accessTechnology(),
                new StatusSnapshot.Signal(m.csq(), m.rssiDbm()), m.consecutiveTimeouts(),
                m.condition().silent() || m.condition() == Condition.NO_SIM || m.condition() == Condition.SIM_LOCKED
                        ? m.detail() : null);
    }
}
