package dev.failberry.usb;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a power cycle did, verified by watching the modem's USB device: it must go away and come back.
 *
 * @param outcome   the typed result
 * @param message   one line for logs, status and the CLI
 * @param elapsed   from the request to the verdict (monotonic clock of the injected scheduler)
 * @param actions   what was executed, one line each (a command line, or "write 0 > .../authorized")
 * @param device    the modem's USB device after it came back (may be in storage mode: check its ids)
 * @param notes     warnings that did not decide the outcome (e.g. uhubctl's sysfs fallback message)
 */
public record CycleResult(
        Outcome outcome,
        String message,
        Duration elapsed,
        List<String> actions,
        Optional<UsbDevice> device,
        List<String> notes) {

    public enum Outcome {
        /** The device went away and came back. */
        CYCLED,
        /**
         * The switch acted, but the modem's USB device was not visible before the cycle (its ids do not
         * match the configured or known ones), so its going and coming back cannot be watched: whether the
         * modem is back is for its ports and its AT answers to tell.
         */
        UNVERIFIED,
        /** The device went away (or was absent) and did not come back within usb-power.wait-for-modem. */
        NOT_BACK,
        /** The device never went away: the switch had no effect (VBUS not cut, ganged ports, hub without switching). */
        NO_EFFECT,
        /** The switch command failed (uhubctl error, hang, sysfs write error) and nothing changed. */
        SWITCH_FAILED,
        /** The configuration does not fit the machine (no hub at that location, bad arguments, several hubs). */
        CONFIG_ERROR,
        /** The power-switch program is not installed. */
        NOT_INSTALLED,
        /** Not allowed to switch (run as root or install uhubctl's udev rule). */
        PERMISSION_DENIED,
        /** usb-power.method = none. */
        NOT_CONFIGURED
    }

    public CycleResult {
        actions = List.copyOf(actions);
        notes = List.copyOf(notes);
    }

    static CycleResult of(Outcome outcome, String message, Duration elapsed, List<String> actions) {
        return new CycleResult(outcome, message, elapsed, actions, Optional.empty(), List.of());
    }

    /** The device went away and came back. */
    public boolean cycled() {
        return outcome == Outcome.CYCLED;
    }

    /** True when the switch itself acted (whether or not the modem came back). */
    public boolean switched() {
        return outcome == Outcome.CYCLED || outcome == Outcome.UNVERIFIED || outcome == Outcome.NOT_BACK;
    }
}
