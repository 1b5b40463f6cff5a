package dev.failberry.modem;

import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The modem's own thread, and the rule that the AT session and the dialogue live only on it. Every task
 * handed over here runs marked as the owner; {@link AtSession} and {@link ModemDialogue} call
 * {@link #check()} whenever their state is touched, so a read from another thread (the admin API's HTTP
 * worker once read the port and the "lent to pppd" flag directly) fails at once and loudly instead of
 * racing silently. Other threads hand work over with {@link #execute} (fire and forget) or {@link #call}
 * (wait for the answer, bounded both while queued and while running).
 */
final class ModemThread {
    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int ABANDONED = 2;

    private final Scheduler scheduler;
    /** The thread running one of our tasks right now; null between tasks. */
    private volatile Thread owner;

    ModemThread(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    /** Runs {@code task} on the modem thread as soon as possible. Safe from any thread. */
    void execute(Runnable task) {
        scheduler.execute(owned(task));
    }

    /** Runs {@code task} on the modem thread after {@code delay}. Safe from any thread. */
    Cancellable schedule(Duration delay, Runnable task) {
        return scheduler.schedule(delay, owned(task));
    }

    /** True on the modem thread, inside one of its tasks. */
    boolean isCurrent() {
        return owner == Thread.currentThread();
    }

    /** Fails unless called from the modem thread: session state is confined to it. */
    void check() {
        if (owner != Thread.currentThread()) {
            throw new IllegalStateException("modem session state touched from thread '"
                    + Thread.currentThread().getName() + "', outside the modem thread");
        }
    }

    /**
     * Runs {@code work} on the modem thread and waits for its answer. If it has not started within
     * {@code startWithin} (the thread is busy, or stopped), it is dropped for good, never run late, and
     * {@code notRun} answers; once started, the caller waits at most {@code finishWithin} more (the work
     * itself must be bounded, as every AT exchange is) and then gets {@code notRun} too. On the modem thread
     * itself the work runs at once.
     */
    <T> T call(Supplier<T> work, Duration startWithin, Duration finishWithin, Supplier<T> notRun) {
        if (isCurrent()) {
            return work.get();
        }
        AtomicInteger state = new AtomicInteger(QUEUED);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<T> answer = new CompletableFuture<>();
        execute(() -> {
            if (!state.compareAndSet(QUEUED, RUNNING)) {
                return;
            }
            started.countDown();
            try {
                answer.complete(work.get());
            } catch (RuntimeException | Error e) {
                answer.completeExceptionally(e);
                throw e;
            }
        });
        try {
            if (!started.await(startWithin.toNanos(), TimeUnit.NANOSECONDS) && state.compareAndSet(QUEUED, ABANDONED)) {
                return notRun.get();
            }
            return answer.get(finishWithin.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            state.compareAndSet(QUEUED, ABANDONED);
            Thread.currentThread().interrupt();
            return notRun.get();
        } catch (TimeoutException e) {
            return notRun.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private Runnable owned(Runnable task) {
        return () -> {
            Thread previous = owner;
            owner = Thread.currentThread();
            try {
                task.run();
            } finally {
                owner = previous;
            }
        };
    }
}
