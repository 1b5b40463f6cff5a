package dev.failberry.daemon;

import dev.failberry.daemon.Capabilities.PowerResult;
import dev.failberry.notify.EventName;
import dev.failberry.notify.NotifyEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The supervisor's decisions as notification events, never log lines: its state changes become
 * {@code link-down} (leaving CONNECTED, or not connected yet right after start) and {@code link-up}
 * (reaching CONNECTED); the executor's actions become {@code recovery} with their result, and
 * {@code reboot-pending} just before the host is rebooted. Folding and rate limits are the notifier's
 * business: this class says every change once.
 *
 * <p>An action's result is what happened next: {@code ok} when the link is CONNECTED before the ladder
 * takes another step, {@code failed} when it had to take one (or a power switch did not switch),
 * {@code modem-not-back} when the switch cut the power but the stick did not return.
 *
 * <p>On the supervisor's thread, except a power cycle's result (the switch's thread): synchronized.
 */
final class DecisionEvents implements Supervisor.StateListener, Executor.RecoveryEvents {
    private final NotifyBridge out;
    /** Null until the first state after STARTING. */
    private Boolean connected;

    private Pending pending;

    /** An action of the ladder whose result is not known yet. */
    private record Pending(RecoveryAction action, String reason, String detail) {}

    DecisionEvents(NotifyBridge out) {
        this.out = out;
    }

    /** The daemon is up (its listeners answer) and about to start the modem. */
    void started(String reason) {
        out.emit(EventName.STARTED, reason, Map.of());
    }

    @Override
    public synchronized void changed(DaemonState from, DaemonState to, String reason) {
        if (to == DaemonState.STOPPING || to == DaemonState.STARTING) {
            return;
        }
        boolean up = to == DaemonState.CONNECTED;
        if (up && !Boolean.TRUE.equals(connected)) {
            settle("ok", null); // before link-up: the notifier folds it into the outage it ends
            out.emit(EventName.LINK_UP, reason, Map.of());
        } else if (!up && connected == null) {
            // an outage from the start: told only if the link is not up within the hold-down
            out.emit(
                    EventName.LINK_DOWN,
                    "not connected since the daemon started",
                    Map.of(NotifyEvent.SINCE_START, true, "state_reason", reason));
        } else if (!up && connected) {
            // an action taken in the same decision: its fault is the cause, the state says what happens now
            out.emit(EventName.LINK_DOWN, pending == null ? reason : pending.reason() + "; " + reason, Map.of());
        }
        connected = up;
    }

    @Override
    public synchronized void taken(RecoveryAction action, String reason) {
        settle("failed", null);
        pending = action == RecoveryAction.REBOOT ? null : new Pending(action, reason, null);
    }

    @Override
    public synchronized void cycleResult(PowerResult result) {
        if (pending == null || pending.action() != RecoveryAction.USB_POWER_CYCLE) {
            return;
        }
        if (!result.switched()) {
            settle("failed", result.detail());
        } else if (!result.modemBack()) {
            settle("modem-not-back", result.detail());
        } else {
            pending = new Pending(pending.action(), pending.reason(), result.detail());
        }
    }

    @Override
    public void rebootPending(String reason) {
        out.emit(EventName.REBOOT_PENDING, reason, Map.of());
    }

    @Override
    public void rebootFailed(String why) {
        out.emit(EventName.RECOVERY, "reboot failed: " + why, Map.of("action", "reboot", "result", "failed"));
    }

    /** Tells the pending action's result, if one is pending. */
    private void settle(String result, String detail) {
        Pending p = pending;
        if (p == null) {
            return;
        }
        pending = null;
        String action = wire(p.action());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("action", action);
        d.put("result", result);
        String why = detail != null ? detail : p.detail();
        if (why != null) {
            d.put("detail", why);
        }
        out.emit(EventName.RECOVERY, action + " " + result + " (" + p.reason() + ")", d);
    }

    /** {@code usb-power-cycle}: the names notify's folding summarises. */
    static String wire(RecoveryAction a) {
        return a.label().replace('_', '-');
    }
}
