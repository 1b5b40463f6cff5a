package dev.failberry.usbnet;

import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * After a power cycle, waits, bounded, for the stick's network interface to return, found again by name
 * or USB id ({@link StickInterfaces#find}: it may come back under another name). Polls sysfs every
 * {@link #POLL} on the scheduler, only while waiting. A stick that is still a CD-ROM when the time is up
 * is reported with what to do about it (usb_modeswitch); the supervisor decides what comes next.
 */
public final class InterfaceReturn {
    public static final Duration POLL = Duration.ofMillis(500);

    /** The outcome: back (with the interface), still a CD-ROM, or not back. */
    public record Result(boolean back, boolean cdRom, String message) {}

    private final Supplier<InterfaceLookup> finder;
    private final Scheduler scheduler;

    public InterfaceReturn(Supplier<InterfaceLookup> finder, Scheduler scheduler) {
        this.finder = finder;
        this.scheduler = scheduler;
    }

    /** Completes when the interface is back or {@code limit} has passed. */
    public CompletableFuture<Result> await(Duration limit) {
        CompletableFuture<Result> result = new CompletableFuture<>();
        long start = scheduler.time().nanoTime();
        Cancellable[] poller = {Cancellable.NONE};
        Runnable check = () -> {
            if (result.isDone()) {
                return;
            }
            InterfaceLookup l = finder.get();
            long ms = (scheduler.time().nanoTime() - start) / 1_000_000;
            if (l instanceof InterfaceLookup.Found f) {
                poller[0].cancel();
                result.complete(
                        new Result(true, false, "the stick's interface is back after " + ms + " ms: " + f.describe()));
            } else if (ms >= limit.toMillis()) {
                poller[0].cancel();
                result.complete(
                        l instanceof InterfaceLookup.StorageMode s
                                ? new Result(
                                        false,
                                        true,
                                        "the stick came back as a CD-ROM ("
                                                + s.device().ids() + "): " + s.hint())
                                : new Result(
                                        false,
                                        false,
                                        "the stick's interface did not come back within " + ms / 1000 + " s: "
                                                + ((InterfaceLookup.NotFound) l).reason()));
            }
        };
        scheduler.execute(() -> {
            check.run();
            if (!result.isDone()) {
                poller[0] = scheduler.scheduleEvery(POLL, POLL, check);
                scheduler.schedule(limit, check);
            }
        });
        return result;
    }
}
