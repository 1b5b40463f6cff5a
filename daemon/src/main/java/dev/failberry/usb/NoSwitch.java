package dev.failberry.usb;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code usb-power.method = none}: never pretends to have power-cycled anything. */
final class NoSwitch implements PowerSwitch {
    private final String why;

    public NoSwitch() {
        this("USB power switching is not configured (usb-power.method = none)");
    }

    /** A switch that is configured but refused ({@link PiModelAdvice#refusals}): says why at each call. */
    public NoSwitch(String why) {
        this.why = why;
    }

    @Override
    public CompletableFuture<CycleResult> cycle(String reason) {
        return CompletableFuture.completedFuture(
                CycleResult.of(CycleResult.Outcome.NOT_CONFIGURED, why, Duration.ZERO, List.of()));
    }

    @Override
    public String describe() {
        return "none";
    }
}
