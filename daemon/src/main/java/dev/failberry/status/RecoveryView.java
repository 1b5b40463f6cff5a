package dev.failberry.status;

import java.time.Instant;

/**
 * The {@code recovery} part of {@code /status}: what the recovery ladder did and what it does next.
 *
 * @param next the ladder's next step; null while nothing is wrong (or nothing can help)
 */
public record RecoveryView(
        int redials,
        int modemResets,
        int usbPowerCycles,
        int reboots,
        Action lastAction,
        String level,
        String lastRebootReason,
        Next next) {

    public static RecoveryView none() {
        return new RecoveryView(0, 0, 0, 0, null, "idle", null, null);
    }

    public record Action(Instant time, String action, String reason) {}

    /**
     * The recovery ladder's next step while a fault lasts: {@code action} (a recovery action's label, or
     * "pause" when every rung was tried), its {@code attempt} ("2/2", null for a pause), when it comes if
     * nothing changes ({@code at}, and {@code atNanos} on the monotonic clock for "in N s"), and why not
     * sooner.
     */
    public record Next(String action, String attempt, Instant at, long atNanos, String why) {}
}
