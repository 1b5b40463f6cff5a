package dev.failberry.time;

import java.time.Duration;

/**
 * Runs tasks one at a time, now or after a delay measured on its {@link TimeSource}. The production
 * implementation is one daemon thread; tests use {@code VirtualTime} (in the tests) and advance time by hand, so an
 * hour of backoffs runs in milliseconds and in a fixed order.
 */
public interface Scheduler {
    TimeSource time();

    /** Runs {@code task} as soon as possible, after tasks already due. Safe from any thread. */
    void execute(Runnable task);

    /** Runs {@code task} once after {@code delay}. Safe from any thread. */
    Cancellable schedule(Duration delay, Runnable task);

    /** Runs {@code task} every {@code period}, the first time after {@code initialDelay}. */
    default Cancellable scheduleEvery(Duration initialDelay, Duration period, Runnable task) {
        var repeating = new Repeating(this, period, task);
        repeating.arm(initialDelay);
        return repeating;
    }

    /** Helper for {@link #scheduleEvery}: re-arms itself after each run until cancelled. */
    final class Repeating implements Cancellable, Runnable {
        private final Scheduler scheduler;
        private final Duration period;
        private final Runnable task;
        private volatile boolean cancelled;
        private volatile Cancellable next = Cancellable.NONE;

        Repeating(Scheduler scheduler, Duration period, Runnable task) {
            this.scheduler = scheduler;
            this.period = period;
            this.task = task;
        }

        void arm(Duration delay) {
            if (!cancelled) {
                next = scheduler.schedule(delay, this);
            }
        }

        @Override
        public void run() {
            if (cancelled) {
                return;
            }
            try {
                task.run();
            } finally {
                arm(period);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            next.cancel();
        }
    }
}
