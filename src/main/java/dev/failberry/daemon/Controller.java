package dev.failberry.daemon;

import dev.failberry.daemon.Capabilities.DnsControl;
import dev.failberry.daemon.Capabilities.HostControl;
import dev.failberry.daemon.Capabilities.LinkControl;
import dev.failberry.daemon.Capabilities.ModemControl;
import dev.failberry.daemon.Capabilities.PowerControl;
import dev.failberry.daemon.Capabilities.PowerResult;
import dev.failberry.daemon.RecoveryLadder.Act;
import dev.failberry.daemon.RecoveryLadder.Decision;
import dev.failberry.daemon.RecoveryLadder.Fault;
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
 * The supervisor's decisions. Capabilities report what they see (modem condition, link up/down,
 * verification, power-cycle results); the controller keeps the facts, asks the {@link RecoveryLadder}
 * what to do about a fault once its grace period has passed, performs the action, and derives the
 * daemon state, which it sets through {@link Supervisor#transition}. Every event method runs on the
 * supervisor's thread.
 */
public final class Controller {
    private static final Logger log = LoggerFactory.getLogger(Controller.class);

    /** The link as the controller sees it. */
    enum Link { IDLE, DIALING, UP_UNVERIFIED, UP_VERIFIED, DEGRADED }

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
    private final RecoveryLadder ladder;
    private final RebootGuard rebootGuard;
    private final ModemControl modem;
    private final LinkControl link;
    private final PowerControl power;
    private final HostControl host;
    private final DnsControl dns;
    private final Consumer<RecoveryAction> actionCounter;

    private ModemStatus modemStatus;
    private long modemConditionSince;
    private Link linkState = Link.IDLE;
    private long linkStateSince;
    private boolean dialWanted;
    private String lastLinkDown;
    private long expectAbsenceUntil;
    private boolean powerCycleInFlight;
    private Consumer<PowerResult> manualCycleDone;
    private String waitingWhy;
    private Cancellable evaluation = Cancellable.NONE;
    private long evaluationAt = Long.MAX_VALUE;
    private final Set<String> saidOnce = new HashSet<>();
    private final Map<RecoveryAction, Integer> counts = new java.util.EnumMap<>(RecoveryAction.class);
    private Action lastAction;
    private String lastPublishedIp;

    public Controller(Supervisor supervisor, Settings settings, RecoveryLadder ladder, RebootGuard rebootGuard,
                      ModemControl modem, LinkControl link, PowerControl power, HostControl host, DnsControl dns,
                      Consumer<RecoveryAction> actionCounter) {
        this.supervisor = supervisor;
        this.scheduler = supervisor.scheduler();
        this.time = scheduler.time();
        this.settings = settings;
        this.ladder = ladder;
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
        this.modemStatus = ModemStatus.of(Condition.ABSENT, null, "not opened yet");
        this.modemConditionSince = now;
        this.linkStateSince = now;
        // Right after boot the modem may still be enumerating: its absence is not a fault yet.
        this.expectAbsenceUntil = now + settings.waitForModem().toNanos();
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
        Condition old = modemStatus.condition();
        modemStatus = status;
        if (old != status.condition()) {
            modemConditionSince = time.nanoTime();
            if (!status.condition().silent()) {
                saidOnce.removeIf(s -> s.startsWith("modem:"));
            }
        }
        supervisor.publish(s -> s.withModem(view(status)));
        if (status.condition().silent() && (dialWanted || linkState != Link.IDLE)) {
            hangup("modem " + status.condition().name().toLowerCase() + ": " + status.detail());
        }
        evaluate();
    }

    public void onLinkDialing() {
        setLink(Link.DIALING);
        evaluate();
    }

    /**
     * pppd has an address. {@code publicIp} is null when the local address is private or carrier-grade NAT;
     * the public-IP check may then report one later through {@link #onPublicAddress}.
     */
    public void onLinkUp(String localIp, String publicIp) {
        if (!dialWanted) {
            return;   // a pppd that is being stopped reported its address late: the link is not wanted
        }
        setLink(settings.verificationEnabled() ? Link.UP_UNVERIFIED : Link.UP_VERIFIED);
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
        lastLinkDown = reason;
        lastPublishedIp = null;
        dns.linkDown();
        setLink(dialWanted ? Link.DIALING : Link.IDLE);
        modem.checkNow();
        evaluate();
    }

    /** Probes passed (k-of-n clean) or failed (degraded). */
    public void onLinkVerification(boolean ok, String reason) {
        if (linkState == Link.IDLE || linkState == Link.DIALING) {
            return;
        }
        setLink(ok ? Link.UP_VERIFIED : Link.DEGRADED);
        if (!ok) {
            lastLinkDown = reason;
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
        if (powerCycleInFlight) {
            done.accept(new PowerResult(false, false, "a USB power cycle is already in progress"));
            return;
        }
        log.info("recovery: usb_power_cycle: {}", reason);
        hangup("USB power cycle requested");
        powerCycleInFlight = true;
        manualCycleDone = done;
        long now = time.nanoTime();
        expectAbsenceUntil = now + settings.usbOffTime().plus(settings.waitForModem()).toNanos();
        counts.merge(RecoveryAction.USB_POWER_CYCLE, 1, Integer::sum);
        actionCounter.accept(RecoveryAction.USB_POWER_CYCLE);
        lastAction = new Action(time.now(), RecoveryAction.USB_POWER_CYCLE.label(), reason);
        ladder.notePowerCycle();
        publishRecovery();
        updateState();
        power.cycle(reason, r -> scheduler.execute(() -> onPowerCycleDone(r)));
    }

    public void onPowerCycleDone(PowerResult result) {
        powerCycleInFlight = false;
        Consumer<PowerResult> manual = manualCycleDone;
        manualCycleDone = null;
        if (manual != null) {
            log.info("recovery: requested usb_power_cycle finished: {}", result.detail());
            manual.accept(result);
        } else if (!result.switched()) {
            log.warn("recovery: usb_power_cycle failed: {}; moving on", result.detail());
            ladder.skipCurrentRung();
        } else if (!result.modemBack()) {
            log.warn("recovery: usb_power_cycle done but the modem did not come back: {}", result.detail());
        } else {
            log.info("recovery: usb_power_cycle done, modem is back ({})", result.detail());
        }
        expectAbsenceUntil = time.nanoTime() + Duration.ofSeconds(5).toNanos();
        modem.start();
        evaluate();
    }

    private void setLink(Link l) {
        if (l != linkState) {
            linkState = l;
            linkStateSince = time.nanoTime();
        }
    }

    // ---- decisions ------------------------------------------------------------------------------

    /** Re-derives the fault, acts when due, schedules the next look, and updates the daemon state. */
    void evaluate() {
        long now = time.nanoTime();
        if (supervisor.state() == DaemonState.STOPPING) {
            return;
        }
        Condition c = modemStatus.condition();
        if (c == Condition.REGISTERED && !dialWanted && !powerCycleInFlight) {
            // never while the power is being cut: the report of "registered" is from before the cut
            dialWanted = true;
            setLink(Link.DIALING);
            link.dial();
        }
        if (linkState == Link.UP_VERIFIED && !ladder.idle()) {
            long stableAt = linkStateSince + ladder.policy().stableTime().toNanos();
            if (now >= stableAt) {
                log.info("recovery: link stable for {} min, ladder reset", ladder.policy().stableTime().toMinutes());
                ladder.reset();
                publishRecovery();
            } else {
                schedule(stableAt);
            }
        }
        Fault fault = null;
        long faultSince = 0;
        Duration grace = Duration.ZERO;
        waitingWhy = null;
        if (powerCycleInFlight) {
            waitingWhy = "USB power cycle in progress";
        } else if (c.silent()) {
            if (c == Condition.ABSENT && now < expectAbsenceUntil) {
                waitingWhy = "waiting for the modem to appear";
                schedule(expectAbsenceUntil);
            } else {
                fault = Fault.MODEM_SILENT;
                faultSince = modemConditionSince;
            }
        } else if (c == Condition.SIM_LOCKED) {
            once("modem:sim-locked", () -> log.error("modem: {} - a person must fix this (modem.pin); no recovery "
                    + "action can help", modemStatus.detail()));
        } else if (c == Condition.NO_SIM) {
            fault = Fault.SIM_FAULT;
            faultSince = modemConditionSince;
            grace = ladder.policy().downGrace();
        } else if (c == Condition.SIM_BUSY) {
            fault = Fault.SIM_FAULT;
            faultSince = modemConditionSince;
            grace = settings.simBusyTimeout();
        } else if ((c == Condition.SEARCHING || c == Condition.DENIED) && !linkCarriesTraffic()) {
            fault = Fault.NOT_REGISTERED;
            faultSince = modemConditionSince;
            grace = c == Condition.DENIED ? ladder.policy().downGrace() : settings.registrationTimeout();
        } else if (c == Condition.REGISTERED) {
            if (linkState == Link.DIALING || linkState == Link.IDLE || linkState == Link.UP_UNVERIFIED) {
                fault = Fault.LINK_DOWN;
                faultSince = linkStateSince;
                grace = ladder.policy().downGrace();
            } else if (linkState == Link.DEGRADED) {
                fault = Fault.LINK_DEGRADED;
                faultSince = linkStateSince;
                grace = ladder.policy().downGrace();
            }
        }
        if (fault != null) {
            long due = faultSince + grace.toNanos();
            if (now < due) {
                schedule(due);
            } else {
                act(fault, now);
            }
        }
        updateState();
    }

    private void act(Fault fault, long now) {
        Decision d = ladder.decide(fault);
        if (d instanceof Wait w) {
            waitingWhy = w.why();
            once("wait:" + w.why(), () -> log.info("recovery: {} ({})", w.why(), describeFault(fault)));
            schedule(w.until());
            return;
        }
        Act a = (Act) d;
        String reason = describeFault(fault);
        if (a.action() == RecoveryAction.REBOOT) {
            RebootGuard.Verdict v = rebootGuard.check();
            if (!v.allowed()) {
                once("reboot-refused:" + v.reason(), () -> log.warn("recovery: reboot refused: {}", v.reason()));
                lastAction = new Action(time.now(), "reboot_refused", v.reason());
                ladder.skipCurrentRung();
                publishRecovery();
                schedule(now);
                return;
            }
        }
        log.info("recovery: {} (attempt {}/{}): {}", a.action().label(), a.attempt(), a.of(), reason);
        ladder.record(a.action());
        counts.merge(a.action(), 1, Integer::sum);
        actionCounter.accept(a.action());
        lastAction = new Action(time.now(), a.action().label(), reason);
        saidOnce.removeIf(s -> s.startsWith("wait:"));
        switch (a.action()) {
            case REDIAL -> link.restart(reason);
            case MODEM_RESET -> {
                hangup("modem reset");
                expectAbsenceUntil = now + settings.waitForModem().toNanos();
                modem.softReset(reason);
            }
            case USB_POWER_CYCLE -> {
                hangup("USB power cycle");
                powerCycleInFlight = true;
                expectAbsenceUntil = now + settings.usbOffTime().plus(settings.waitForModem()).toNanos();
                power.cycle(reason, r -> scheduler.execute(() -> onPowerCycleDone(r)));
            }
            case REBOOT -> reboot(reason);
        }
        publishRecovery();
        schedule(ladder.cooldownUntil());
    }

    private void reboot(String reason) {
        try {
            rebootGuard.recordReboot(reason);
        } catch (IOException e) {
            log.error("recovery: reboot cancelled: could not persist the reboot guard ({})", e.getMessage());
            ladder.skipCurrentRung();
            return;
        }
        String error = host.reboot(reason);
        if (error != null) {
            log.error("recovery: reboot command failed: {}", error);
            ladder.skipCurrentRung();
        }
    }

    /**
     * pppd is up and the probes pass: a registration report saying otherwise (some sticks report
     * "searching" for a moment while data flows) does not outweigh traffic that is verified to flow.
     */
    private boolean linkCarriesTraffic() {
        return linkState == Link.UP_VERIFIED;
    }

    private void hangup(String reason) {
        if (dialWanted || linkState != Link.IDLE) {
            dialWanted = false;
            setLink(Link.IDLE);
            link.hangup(reason);
        }
    }

    private String describeFault(Fault f) {
        return switch (f) {
            case MODEM_SILENT -> "modem " + modemStatus.condition().name().toLowerCase() + ": " + modemStatus.detail();
            case SIM_FAULT -> "SIM problem: " + modemStatus.detail();
            case NOT_REGISTERED -> "not registered: " + modemStatus.detail();
            case LINK_DOWN -> "link down for " + secondsSince(linkStateSince) + " s"
                    + (lastLinkDown == null ? "" : ": " + lastLinkDown);
            case LINK_DEGRADED -> "link degraded for " + secondsSince(linkStateSince) + " s"
                    + (lastLinkDown == null ? "" : ": " + lastLinkDown);
        };
    }

    private long secondsSince(long nanos) {
        return (time.nanoTime() - nanos) / 1_000_000_000L;
    }

    /** Runs {@link #evaluate} at {@code atNanos} (only the earliest pending look is kept). */
    private void schedule(long atNanos) {
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

    // ---- state and status -----------------------------------------------------------------------

    private void updateState() {
        Condition c = modemStatus.condition();
        DaemonState target;
        String reason;
        if (powerCycleInFlight) {
            target = DaemonState.RECOVERING;
            reason = "USB power cycle in progress";
        } else if (c == Condition.HUNG || c == Condition.GONE) {
            target = DaemonState.RECOVERING;
            reason = "modem " + c.name().toLowerCase() + ": " + modemStatus.detail()
                    + (waitingWhy == null ? "" : "; " + waitingWhy);
        } else if (c == Condition.ABSENT) {
            boolean afterAction = lastAction != null && time.nanoTime() < expectAbsenceUntil;
            target = afterAction ? DaemonState.RECOVERING : DaemonState.MODEM_INIT;
            reason = afterAction ? "waiting for the modem to return after " + lastAction.action()
                    : "waiting for the modem: " + modemStatus.detail();
        } else if (c == Condition.INITIALIZING || c == Condition.NO_SIM || c == Condition.SIM_LOCKED
                || c == Condition.SIM_BUSY) {
            target = DaemonState.MODEM_INIT;
            reason = modemStatus.detail();
        } else if ((c == Condition.SEARCHING || c == Condition.DENIED) && !linkCarriesTraffic()) {
            target = DaemonState.REGISTERING;
            reason = modemStatus.detail();
        } else {
            switch (linkState) {
                case UP_VERIFIED -> {
                    target = DaemonState.CONNECTED;
                    reason = settings.verificationEnabled() ? "link up, traffic verified" : "link up";
                }
                case DEGRADED -> {
                    target = DaemonState.DEGRADED;
                    reason = lastLinkDown == null ? "probes failing" : lastLinkDown;
                }
                case UP_UNVERIFIED -> {
                    target = DaemonState.DIALING;
                    reason = "link up, verifying traffic";
                }
                default -> {
                    target = DaemonState.DIALING;
                    reason = lastLinkDown == null ? "dialling" : "redialling after: " + lastLinkDown;
                }
            }
        }
        supervisor.transition(target, reason);
    }

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
