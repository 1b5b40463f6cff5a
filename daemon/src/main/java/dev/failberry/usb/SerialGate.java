package dev.failberry.usb;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Process-wide serialisation of power cycles: parallel uhubctl calls can wedge a hub (uhubctl #622), and
 * two overlapping cycles would confuse each other's verification. A cycle starts only when the previous
 * one has completed. Blocking steps (running uhubctl, writing sysfs) run on one lazily created daemon
 * thread that exits when idle, so an idle daemon holds no extra thread.
 */
final class SerialGate {
    private static final Object LOCK = new Object();
    private static CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

    static final Executor WORKER =
            new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "usb-power");
                t.setDaemon(true);
                return t;
            });

    private SerialGate() {}

    /** Runs {@code cycle} after every cycle submitted before it has completed. */
    static <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> cycle) {
        synchronized (LOCK) {
            CompletableFuture<T> next = tail.handle((r, e) -> null).thenCompose(x -> cycle.get());
            tail = next;
            return next;
        }
    }
}
