package dev.failberry.time;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Scheduler}: one named daemon thread. A task that throws is logged once with
 * its reason and does not kill the thread.
 */
public final class ThreadScheduler implements Scheduler, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ThreadScheduler.class);
    private final ScheduledThreadPoolExecutor executor;
    private final TimeSource time;

    public ThreadScheduler(String threadName) {
        this(threadName, TimeSource.SYSTEM);
    }

    public ThreadScheduler(String threadName, TimeSource time) {
        this.time = time;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public TimeSource time() {
        return time;
    }

    @Override
    public void execute(Runnable task) {
        if (!executor.isShutdown()) {
            executor.execute(guarded(task));
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        if (executor.isShutdown()) {
            return Cancellable.NONE;
        }
        var future = executor.schedule(guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                reportInternalError(e);
            }
        };
    }

    private String lastError;
    private long lastErrorNanos;

    /** The first occurrence of an error is logged with its stack trace; repeats within an hour as one line. */
    private void reportInternalError(Throwable e) {
        String signature = e.toString();
        long now = System.nanoTime();
        if (signature.equals(lastError) && now - lastErrorNanos < 3_600_000_000_000L) {
            log.error("internal error in scheduled task again: {}", signature);
        } else {
            log.error("internal error in scheduled task: {}", signature, e);
            lastError = signature;
            lastErrorNanos = now;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
