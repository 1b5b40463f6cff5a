package dev.failberry.usb;

import dev.failberry.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The common shape of a real switch: serialise (process-wide), snapshot the modem's USB device, operate
 * the switch (subclass), then verify with a {@link PresenceWatch} that the device went away and came back,
 * within {@code usb-power.wait-for-modem}. One log line per cycle with its reason and one with the result.
 */
abstract class VerifiedSwitch implements PowerSwitch {
    private static final Logger log = LoggerFactory.getLogger(PowerSwitch.class);

    /** What the switch operation reported. {@code failure} present: stop, do not verify. */
    record Operation(
            List<String> actions, Optional<CycleResult> failure, Optional<String> softError, List<String> notes) {
        static Operation done(List<String> actions, List<String> notes) {
            return new Operation(actions, Optional.empty(), Optional.empty(), notes);
        }
    }

    protected final UsbTree tree;
    protected final UsbDeviceMatcher matcher;
    protected final Scheduler scheduler;
    protected final Duration waitForModem;

    VerifiedSwitch(UsbTree tree, UsbDeviceMatcher matcher, Scheduler scheduler, Duration waitForModem) {
        this.tree = tree;
        this.matcher = matcher;
        this.scheduler = scheduler;
        this.waitForModem = waitForModem;
    }

    /**
     * Operates the switch: blocking steps on {@link SerialGate#WORKER}, delays on the scheduler. Completes
     * when power is back on (or the operation failed). {@code start} is the monotonic start time.
     */
    abstract CompletableFuture<Operation> operate(PresenceWatch watch, long start);

    @Override
    public final CompletableFuture<CycleResult> cycle(String reason) {
        return SerialGate.submit(() -> runCycle(reason));
    }

    private CompletableFuture<CycleResult> runCycle(String reason) {
        long start = scheduler.time().nanoTime();
        log.info("usb power cycle with {} (reason: {})", describe(), reason);
        PresenceWatch watch = new PresenceWatch(tree, matcher, scheduler);
        CompletableFuture<CycleResult> result = new CompletableFuture<>();
        scheduler.execute(() -> {
            watch.start();
            operate(watch, start)
                    .whenComplete((op, error) -> scheduler.execute(() -> {
                        if (error != null) {
                            watch.stop();
                            result.complete(CycleResult.of(
                                    CycleResult.Outcome.SWITCH_FAILED,
                                    "internal error while switching: " + error,
                                    elapsed(start),
                                    List.of()));
                            return;
                        }
                        if (op.failure().isPresent()) {
                            watch.stop();
                            result.complete(op.failure().get());
                            return;
                        }
                        watch.afterCommand(waitForModem)
                                .whenComplete((v, e2) -> result.complete(verdict(op, v, start)));
                    }));
        });
        return result.thenApply(r -> {
            if (r.cycled()) {
                log.info("usb power cycle done in {} ms: {}", r.elapsed().toMillis(), r.message());
            } else {
                log.warn("usb power cycle {}: {}", r.outcome(), r.message());
            }
            return r;
        });
    }

    private CycleResult verdict(Operation op, PresenceWatch.Verdict v, long start) {
        List<String> notes = new ArrayList<>(op.notes());
        CycleResult.Outcome outcome = v.outcome();
        String message = v.message();
        if (op.softError().isPresent()) {
            if (outcome == CycleResult.Outcome.CYCLED) {
                notes.add(op.softError().get());
            } else {
                // the switch reported an error and the device did not cycle: the error is the story
                outcome = CycleResult.Outcome.SWITCH_FAILED;
                message = op.softError().get() + "; " + v.message();
            }
        }
        return new CycleResult(outcome, message, elapsed(start), op.actions(), v.device(), notes);
    }

    protected Duration elapsed(long start) {
        return Duration.ofNanos(scheduler.time().nanoTime() - start);
    }

    /** Runs {@code step} on the worker thread after {@code delay} on the scheduler. */
    protected <T> CompletableFuture<T> after(Duration delay, java.util.function.Supplier<T> step) {
        CompletableFuture<T> f = new CompletableFuture<>();
        scheduler.schedule(delay, () -> CompletableFuture.supplyAsync(step, SerialGate.WORKER)
                .whenComplete((r, e) -> {
                    if (e != null) {
                        f.completeExceptionally(e);
                    } else {
                        f.complete(r);
                    }
                }));
        return f;
    }
}
