package dev.failberry.usb;

import java.util.concurrent.CompletableFuture;

/**
 * Cuts and restores the modem's USB power (or its nearest equivalent) and verifies the effect. Chosen
 * from {@code usb-power.method} by {@link PowerSwitches}. All cycles in the process are serialised.
 * The future completes on a background thread or the scheduler's thread; it never completes
 * exceptionally (failures are {@link CycleResult.Outcome}s).
 */
public interface PowerSwitch {
    /** Starts a power cycle; {@code reason} is logged. Bounded: the future always completes. */
    CompletableFuture<CycleResult> cycle(String reason);

    /** One line, e.g. {@code uhubctl -l 1-1 -p 2 (off 3 s)}. */
    String describe();

    /**
     * Blocking form for the CLI. Needs a scheduler that runs on its own thread (not
     * {@code VirtualTime}).
     */
    default CycleResult cycleAndWait(String reason) {
        return cycle(reason).join();
    }
}
