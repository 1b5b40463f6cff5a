package dev.failberry.modem.discovery;

import dev.failberry.modem.discovery.DiscoveryResult.Found;
import dev.failberry.modem.discovery.DiscoveryResult.NotFound;
import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * After a power cycle (or when the modem vanished), waits, bounded, for the modem's ports to return,
 * found again by vendor/product id through {@link PortDiscovery} (the ttyUSB numbers may have changed).
 * Polls every {@link #POLL} on the scheduler, only while waiting. A stick that sits in mass-storage
 * (CD-ROM) mode is reported as such when the time is up; one that never returns is a typed result, and
 * the supervisor decides what comes next.
 */
public final class Reenumeration {
    public static final Duration POLL = Duration.ofMillis(500);

    /** The outcome of waiting. */
    public enum Outcome {
        /** Ports are back: {@link Result#modem()} holds them. */
        BACK,
        /** The stick stayed in CD-ROM mode (usb_modeswitch did not switch it). */
        STORAGE_MODE,
        /** No modem ports within the time (device absent, or present without ttys). */
        NOT_BACK
    }

    /** Outcome, the modem when back, one line for the log, and how long it took (monotonic). */
    public record Result(Outcome outcome, Optional<DiscoveredModem> modem, String message, Duration elapsed) {}

    private final PortDiscovery discovery;
    private final Scheduler scheduler;

    public Reenumeration(PortDiscovery discovery, Scheduler scheduler) {
        this.discovery = discovery;
        this.scheduler = scheduler;
    }

    /** Completes when the ports are back or {@code limit} has passed. */
    public CompletableFuture<Result> await(Duration limit) {
        CompletableFuture<Result> result = new CompletableFuture<>();
        long start = scheduler.time().nanoTime();
        // the poll and the deadline; both cancelled once decided, so nothing lingers on the scheduler
        Cancellable[] pending = {Cancellable.NONE, Cancellable.NONE};
        Runnable stop = () -> {
            pending[0].cancel();
            pending[1].cancel();
        };
        Runnable check = () -> {
            if (result.isDone()) {
                return;
            }
            DiscoveryResult r = discovery.discover();
            Duration elapsed = Duration.ofNanos(scheduler.time().nanoTime() - start);
            if (r instanceof Found f) {
                stop.run();
                result.complete(new Result(
                        Outcome.BACK,
                        Optional.of(f.modem()),
                        "modem ports back after " + elapsed.toMillis() + " ms: "
                                + f.modem().description(),
                        elapsed));
            } else if (elapsed.compareTo(limit) >= 0) {
                stop.run();
                NotFound nf = (NotFound) r;
                boolean storage = nf.reason() == DiscoveryResult.Reason.STORAGE_MODE;
                result.complete(new Result(
                        storage ? Outcome.STORAGE_MODE : Outcome.NOT_BACK,
                        Optional.empty(),
                        (storage
                                        ? "modem still in mass-storage (CD-ROM) mode after "
                                        : "modem ports did not come back within ")
                                + elapsed.toSeconds() + " s: " + nf.message(),
                        elapsed));
            }
        };
        scheduler.execute(() -> {
            check.run();
            if (!result.isDone()) {
                pending[0] = scheduler.scheduleEvery(POLL, POLL, check);
                pending[1] = scheduler.schedule(limit, check);
            }
        });
        return result;
    }
}
