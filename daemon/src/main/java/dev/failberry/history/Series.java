package dev.failberry.history;

import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's last 24 hours of samples of the published status (signal, probe latency, data used),
 * in a ring of primitive arrays sized once: 22 bytes a sample, 1,440 samples at one a minute (about
 * 32 KB). Times are monotonic (placed on the wall clock when read). In memory only: after a restart the
 * charts start empty, while the link bands come from the journal. Not thread-safe: the owner synchronizes.
 */
final class Series {
    private static final short NO_SIGNAL = Short.MIN_VALUE;

    private final long[] mono;
    private final short[] rssi;
    private final int[] latency;
    private final long[] used;
    private int head;
    private int size;
    private long cap = -1;

    Series(int capacity) {
        mono = new long[capacity];
        rssi = new short[capacity];
        latency = new int[capacity];
        used = new long[capacity];
    }

    int capacity() {
        return mono.length;
    }

    int size() {
        return size;
    }

    /** Adds a sample taken at monotonic {@code monoMillis}; absent values are null. */
    void add(long monoMillis, Integer rssiDbm, Long latencyMs, Long usedBytes, Long capBytes) {
        int i = (head + size) % mono.length;
        if (size == mono.length) {
            head = (head + 1) % mono.length;
        } else {
            size++;
        }
        mono[i] = monoMillis;
        rssi[i] =
                rssiDbm == null ? NO_SIGNAL : (short) Math.max(Short.MIN_VALUE + 1, Math.min(Short.MAX_VALUE, rssiDbm));
        latency[i] = latencyMs == null ? -1 : (int) Math.min(Integer.MAX_VALUE, Math.max(0, latencyMs));
        used[i] = usedBytes == null ? -1 : usedBytes;
        cap = capBytes == null ? -1 : capBytes;
    }

    /** Columns for the charts: epoch seconds and values (null where absent), oldest first. */
    record Columns(
            List<Long> time, List<Integer> rssiDbm, List<Integer> latencyMs, List<Long> usedBytes, Long capBytes) {}

    Columns columns(long nowWall, long nowMono, long sinceWall) {
        List<Long> t = new ArrayList<>(size);
        List<Integer> r = new ArrayList<>(size);
        List<Integer> l = new ArrayList<>(size);
        List<Long> u = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            int i = (head + k) % mono.length;
            long wall = nowWall - (nowMono - mono[i]);
            if (wall < sinceWall) {
                continue;
            }
            t.add(wall / 1000);
            r.add(rssi[i] == NO_SIGNAL ? null : (int) rssi[i]);
            l.add(latency[i] < 0 ? null : latency[i]);
            u.add(used[i] < 0 ? null : used[i]);
        }
        return new Columns(t, r, l, u, cap < 0 ? null : cap);
    }

    long footprintBytes() {
        return 4 * 16L + mono.length * (8L + 2 + 4 + 8) + 40;
    }
}
