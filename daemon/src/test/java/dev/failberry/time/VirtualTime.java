package dev.failberry.time;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * A clock and scheduler that only moves when a test says so. {@link #advance(Duration)} runs every task
 * that falls due, in due-time order (ties in submission order), on the calling thread, moving the clock
 * to each task's due time first. Wall time can be made to jump ({@link #jumpWallClock}) independently of
 * the monotonic clock, as NTP does on a Pi after boot.
 */
public final class VirtualTime implements Scheduler, TimeSource {
    private record Task(long due, long seq, Runnable body, boolean[] cancelled) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long nanos;
    private long seq;
    private Instant wallAtZero;

    public VirtualTime() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public VirtualTime(Instant wallStart) {
        this.wallAtZero = wallStart;
    }

    @Override
    public TimeSource time() {
        return this;
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized Instant now() {
        return wallAtZero.plusNanos(nanos);
    }

    /** Moves the wall clock by {@code jump} (forwards or backwards) without moving monotonic time. */
    public synchronized void jumpWallClock(Duration jump) {
        wallAtZero = wallAtZero.plus(jump);
    }

    @Override
    public void execute(Runnable task) {
        schedule(Duration.ZERO, task);
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        queue.add(new Task(nanos + Math.max(0, delay.toNanos()), seq++, task, cancelled));
        return () -> {
            synchronized (VirtualTime.this) {
                cancelled[0] = true;
            }
        };
    }

    /** Runs what is due now without moving the clock. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** Moves time forward by {@code d}, running every task that falls due on the way. */
    public void advance(Duration d) {
        long target;
        synchronized (this) {
            target = nanos + d.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due > target) {
                    nanos = target;
                    return;
                }
                queue.poll();
                nanos = Math.max(nanos, next.due);
                if (next.cancelled[0]) {
                    continue;
                }
            }
            next.body.run();
        }
    }

    /** Number of scheduled tasks that are not cancelled. */
    public synchronized int pending() {
        return (int) queue.stream().filter(t -> !t.cancelled[0]).count();
    }
}
