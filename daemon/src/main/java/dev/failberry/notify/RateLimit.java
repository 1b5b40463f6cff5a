package dev.failberry.notify;

import java.util.ArrayDeque;
import java.util.Deque;

/** At most {@code max} messages in any rolling hour, in monotonic time. */
final class RateLimit {
    private static final long HOUR = 3_600_000_000_000L;
    private final int max;
    private final Deque<Long> sent = new ArrayDeque<>();

    RateLimit(int max) {
        this.max = max;
    }

    /** Takes a slot at {@code nanos} if one is free. */
    boolean tryAcquire(long nanos) {
        purge(nanos);
        if (sent.size() >= max) {
            return false;
        }
        sent.add(nanos);
        return true;
    }

    /** Takes a slot even when none is free (a message that must not be dropped still counts). */
    void force(long nanos) {
        purge(nanos);
        sent.add(nanos);
    }

    private void purge(long nanos) {
        while (!sent.isEmpty() && nanos - sent.peekFirst() >= HOUR) {
            sent.pollFirst();
        }
    }
}
