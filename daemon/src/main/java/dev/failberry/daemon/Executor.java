package dev.failberry.daemon;

import dev.failberry.daemon.Capabilities.HostControl;
import dev.failberry.daemon.Capabilities.LinkControl;
import dev.failberry.daemon.Capabilities.ModemControl;
import dev.failberry.daemon.Capabilities.PowerControl;
import dev.failberry.daemon.Capabilities.PowerResult;
import dev.failberry.status.RecoveryView.Action;
import dev.failberry.time.TimeSource;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out what the supervisor decided, on the capabilities, and keeps the record of what was done
 * (counts, the last action) for status and metrics. It decides nothing: the {@link Controller} has
 * already changed its facts and the ladder when it calls here, so a capability that reports back at
 * once finds them current.
 */
final class Executor {
    private static final Logger log = LoggerFactory.getLogger(Executor.class);

    private final TimeSource time;
    private final RebootGuard rebootGuard;
    private final ModemControl modem;
    private final LinkControl link;
    private final PowerControl power;
    private final HostControl host;
    private final BiConsumer<RecoveryAction, String> actionCounter;
    private final Map<RecoveryAction, Integer> counts = new EnumMap<>(RecoveryAction.class);
    private Action lastAction;
    private RecoveryEvents events = RecoveryEvents.NONE;

    /**
     * What the executor tells about the actions it carries out (the notifications): each action as it
     * starts, a power cycle's result, a reboot about to happen or failing. On the supervisor's thread,
     * except a power cycle's result, which comes on the switch's thread.
     */
    interface RecoveryEvents {
        void taken(RecoveryAction action, String reason);

        void cycleResult(PowerResult result);

        void rebootPending(String reason);

        void rebootFailed(String why);

        RecoveryEvents NONE = new RecoveryEvents() {
            @Override
            public void taken(RecoveryAction action, String reason) {}

            @Override
            public void cycleResult(PowerResult result) {}

            @Override
            public void rebootPending(String reason) {}

            @Override
            public void rebootFailed(String why) {}
        };
    }

    Executor(
            TimeSource time,
            RebootGuard rebootGuard,
            ModemControl modem,
            LinkControl link,
            PowerControl power,
            HostControl host,
            BiConsumer<RecoveryAction, String> actionCounter) {
        this.time = time;
        this.rebootGuard = rebootGuard;
        this.modem = modem;
        this.link = link;
        this.power = power;
        this.host = host;
        this.actionCounter = actionCounter;
        for (RecoveryAction a : RecoveryAction.values()) {
            counts.put(a, 0);
        }
    }

    void events(RecoveryEvents listener) {
        events = listener == null ? RecoveryEvents.NONE : listener;
    }

    /** Why {@code action} may not run now (the reboot guard), or empty. Recorded as the last action. */
    Optional<String> refusal(RecoveryAction action) {
        if (action != RecoveryAction.REBOOT) {
            return Optional.empty();
        }
        RebootGuard.Verdict v = rebootGuard.check();
        if (v.allowed()) {
            return Optional.empty();
        }
        lastAction = new Action(time.now(), "reboot_refused", v.reason());
        return Optional.of(v.reason());
    }

    /**
     * Counts {@code action} and carries it out. {@code hangUp}: the link is wanted or up and the action
     * needs it down first. Returns false when the action could not even start (the reboot command
     * failed): its rung is of no use.
     */
    boolean perform(RecoveryAction action, String reason, boolean hangUp, Consumer<PowerResult> cycleDone) {
        count(action, reason);
        return switch (action) {
            case REDIAL -> {
                link.restart(reason);
                yield true;
            }
            case MODEM_RESET -> {
                hangup(hangUp, "modem reset");
                modem.softReset(reason);
                yield true;
            }
            case USB_POWER_CYCLE -> {
                cycle(reason, hangUp, cycleDone);
                yield true;
            }
            case REBOOT -> reboot(reason);
        };
    }

    /** An admin's power cycle: counted like the ladder's, carried out the same way. */
    void requestedCycle(String reason, boolean hangUp, Consumer<PowerResult> done) {
        count(RecoveryAction.USB_POWER_CYCLE, reason);
        cycle(reason, hangUp, done);
    }

    private void cycle(String reason, boolean hangUp, Consumer<PowerResult> done) {
        hangup(hangUp, "USB power cycle");
        RecoveryEvents told = events;
        power.cycle(reason, r -> {
            told.cycleResult(r);
            done.accept(r);
        });
    }

    private boolean reboot(String reason) {
        try {
            rebootGuard.recordReboot(reason);
        } catch (IOException e) {
            log.error("recovery: reboot cancelled: could not persist the reboot guard ({})", e.getMessage());
            events.rebootFailed("cancelled: could not persist the reboot guard (" + e.getMessage() + ")");
            return false;
        }
        events.rebootPending(reason);
        String error = host.reboot(reason);
        if (error != null) {
            log.error("recovery: reboot command failed: {}", error);
            events.rebootFailed("the reboot command failed: " + error);
            return false;
        }
        return true;
    }

    void dial() {
        link.dial();
    }

    void hangup(boolean needed, String reason) {
        if (needed) {
            link.hangup(reason);
        }
    }

    void startModem() {
        modem.start();
    }

    void checkModem() {
        modem.checkNow();
    }

    boolean canCycle() {
        return power.available();
    }

    private void count(RecoveryAction action, String reason) {
        counts.merge(action, 1, Integer::sum);
        actionCounter.accept(action, reason);
        lastAction = new Action(time.now(), action.label(), reason);
        events.taken(action, reason);
    }

    int count(RecoveryAction action) {
        return counts.get(action);
    }

    Action lastAction() {
        return lastAction;
    }

    Optional<String> lastReboot() {
        return rebootGuard.lastReboot();
    }
}
