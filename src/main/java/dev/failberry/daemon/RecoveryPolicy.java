package dev.failberry.daemon;

import dev.failberry.config.FailberryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The escalation policy as data: for each rung, how many attempts and how long to wait after each
 * before judging it failed. Built from {@code recovery.*}; rungs with zero attempts, a power switch of
 * {@code none}, or reboots not enabled are simply absent.
 *
 * @param downGrace             how long the link may be down or degraded before the first action
 * @param stableTime            link up and verified this long resets the ladder
 * @param minPowerCycleInterval never two power cycles closer than this, whatever the ladder says
 */
public record RecoveryPolicy(List<Rung> rungs, Duration downGrace, Duration stableTime,
                             Duration minPowerCycleInterval) {

    /** One rung: an action, how often it may be tried, and the cooldown after each try. */
    public record Rung(RecoveryAction action, int attempts, Duration cooldown) {
    }

    public static RecoveryPolicy from(FailberryConfig.Recovery r, boolean powerSwitchAvailable) {
        List<Rung> rungs = new ArrayList<>();
        add(rungs, RecoveryAction.REDIAL, r.redialAttempts(), r.redialCooldown());
        add(rungs, RecoveryAction.MODEM_RESET, r.resetAttempts(), r.resetCooldown());
        if (powerSwitchAvailable) {
            add(rungs, RecoveryAction.USB_POWER_CYCLE, r.powerCycleAttempts(), r.powerCycleCooldown());
        }
        if (r.reboot().enabled()) {
            add(rungs, RecoveryAction.REBOOT, 1, Duration.ofMinutes(10));
        }
        return new RecoveryPolicy(List.copyOf(rungs), r.downGrace(), r.stableTime(), r.minPowerCycleInterval());
    }

    private static void add(List<Rung> rungs, RecoveryAction a, int attempts, Duration cooldown) {
        if (attempts > 0) {
            rungs.add(new Rung(a, attempts, cooldown));
        }
    }
}
