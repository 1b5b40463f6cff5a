package dev.failberry.daemon;

import dev.failberry.config.FailberryConfig;
import dev.failberry.time.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole recovery policy, as data, lowest step first:
 * <ol start="0">
 * <li>the link's own retry: while the link is wanted, pppd is dialled again after {@code linkRedial}
 *     ({@code ppp.redial.*}, run by {@code ppp.RedialBackoff}); every dial the ladder asks for starts it
 *     over, and it never escalates;</li>
 * <li>the ladder's rungs ({@code recovery.*}): for each, how many attempts and how long to wait after
 *     each before judging it failed. Rungs with zero attempts, a power switch of {@code none}, or reboots
 *     not enabled are absent.</li>
 * <li>the top: when every rung was tried, a pause, then a new round from the first rung. The first
 *     pause is {@code topPause}; each further one without a verified link in between doubles, up to
 *     {@code topPauseMax}; a verified link ends the pause and starts the series over.</li>
 * </ol>
 * {@link #describe()} says it in one line, which the daemon logs at start.
 *
 * @param linkRedial            the link's own redial backoff
 * @param downGrace             how long the link may be down or degraded before the first action
 * @param stableTime            link up and verified this long resets the ladder
 * @param minPowerCycleInterval never two power cycles closer than this, whatever the ladder says
 * @param topPause              the first pause after every rung was tried
 * @param topPauseMax           the longest pause
 */
public record RecoveryPolicy(
        Backoff linkRedial,
        List<Rung> rungs,
        Duration downGrace,
        Duration stableTime,
        Duration minPowerCycleInterval,
        Duration topPause,
        Duration topPauseMax) {

    /** One rung: an action, how often it may be tried, and the cooldown after each try. */
    public record Rung(RecoveryAction action, int attempts, Duration cooldown) {}

    public static RecoveryPolicy from(FailberryConfig config, boolean powerSwitchAvailable) {
        FailberryConfig.Recovery r = config.recovery();
        List<Rung> rungs = new ArrayList<>();
        add(rungs, RecoveryAction.REDIAL, r.redialAttempts(), r.redialCooldown());
        add(rungs, RecoveryAction.MODEM_RESET, r.resetAttempts(), r.resetCooldown());
        if (powerSwitchAvailable) {
            add(rungs, RecoveryAction.USB_POWER_CYCLE, r.powerCycleAttempts(), r.powerCycleCooldown());
        }
        if (r.reboot().enabled()) {
            add(rungs, RecoveryAction.REBOOT, 1, Duration.ofMinutes(10));
        }
        return new RecoveryPolicy(
                config.ppp().redial().backoff(),
                List.copyOf(rungs),
                r.downGrace(),
                r.stableTime(),
                r.minPowerCycleInterval(),
                r.topPause(),
                r.topPauseMax());
    }

    /** The pause after round {@code n + 1} without a verified link in between (n = 0: the first pause). */
    public Duration pause(int n) {
        Duration p = topPause;
        for (int i = 0; i < n && p.compareTo(topPauseMax) < 0; i++) {
            p = p.multipliedBy(2);
        }
        return p.compareTo(topPauseMax) < 0 ? p : topPauseMax;
    }

    private static void add(List<Rung> rungs, RecoveryAction a, int attempts, Duration cooldown) {
        if (attempts > 0) {
            rungs.add(new Rung(a, attempts, cooldown));
        }
    }

    /**
     * The policy in one line, e.g. "pppd redials by itself after 5 s, x2 up to 5 min; down 20 s: redial x2
     * (10 s apart), modem_reset x1 (30 s), usb_power_cycle x2 (2 min, at least 10 min apart); then pauses
     * of 5 min doubling to 1 h between rounds; ladder reset after 5 min stable".
     */
    public String describe() {
        StringBuilder sb = new StringBuilder("pppd redials by itself after ")
                .append(human(linkRedial.initial()))
                .append(", x")
                .append(number(linkRedial.multiplier()))
                .append(" up to ")
                .append(human(linkRedial.max()))
                .append("; down ")
                .append(human(downGrace))
                .append(":");
        String sep = " ";
        for (Rung rung : rungs) {
            sb.append(sep)
                    .append(rung.action().label())
                    .append(" x")
                    .append(rung.attempts())
                    .append(" (")
                    .append(human(rung.cooldown()))
                    .append(rung.attempts() > 1 ? " apart" : " cooldown");
            if (rung.action() == RecoveryAction.USB_POWER_CYCLE) {
                sb.append(", at least ").append(human(minPowerCycleInterval)).append(" apart");
            }
            sb.append(')');
            sep = ", ";
        }
        if (rungs.isEmpty()) {
            sb.append(" no recovery action configured");
        }
        sb.append("; then pauses of ").append(human(topPause));
        if (topPauseMax.compareTo(topPause) > 0) {
            sb.append(" doubling to ").append(human(topPauseMax));
        }
        return sb.append(" between rounds; ladder reset after ")
                .append(human(stableTime))
                .append(" stable")
                .toString();
    }

    static String human(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + " ms";
        }
        long s = d.toSeconds();
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + " h";
        }
        return s % 60 == 0 && s > 0 ? s / 60 + " min" : s + " s";
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
