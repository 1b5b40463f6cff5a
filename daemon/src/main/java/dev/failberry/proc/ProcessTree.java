package dev.failberry.proc;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one place that starts child processes and ends process trees: pppd, uhubctl and the reboot
 * command ({@link CommandRunner}), the AWS helper JVM, the demo's simulated world, a stale pppd left by
 * an earlier run.
 *
 * <p>{@link #start} registers the child with a JVM shutdown hook (installed on first use) that ends every
 * child still running, with its descendants, when the JVM exits without the orderly path (e.g. SIGTERM
 * before the daemon's own shutdown ran): no orphan keeps the modem's port or a helper alive. Ending is
 * SIGTERM to the process itself (through its handle: {@code Process.destroy()} would also close its
 * output and lose its last lines), a grace period, then SIGKILL to the process, to the descendants it has
 * now and to those it had when it was asked to stop (pppd's connect script may have been re-parented
 * by then).
 */
public final class ProcessTree {
    /** How long the shutdown hook lets children end on SIGTERM before SIGKILL. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);

    private static final Set<ProcessHandle> CHILDREN = ConcurrentHashMap.newKeySet();
    private static volatile boolean hooked;

    private ProcessTree() {}

    /**
     * Starts {@code builder}'s command (never through a shell: the caller gives an argument array),
     * registered with the shutdown guard.
     */
    public static Process start(ProcessBuilder builder) throws IOException {
        hookOnce();
        Process p = builder.start();
        ProcessHandle h = p.toHandle();
        CHILDREN.add(h);
        h.onExit().thenRun(() -> CHILDREN.remove(h));
        return p;
    }

    /**
     * Starts a child that ends by itself, in order, when its standard input closes (the AWS helper, the
     * demo's world): not registered with the shutdown guard, because the JVM's exit (even by SIGKILL,
     * which runs no hook) closes that pipe, and a SIGTERM from the guard would cut short the orderly
     * stop its owner runs in its own shutdown hook.
     */
    public static Process startUntilEof(ProcessBuilder builder) throws IOException {
        return builder.redirectInput(ProcessBuilder.Redirect.PIPE).start();
    }

    /**
     * Asks {@code process} to stop: SIGTERM to it alone. Returns its descendants as they are now, for
     * {@link #kill(ProcessHandle, Collection)} after a grace period the caller times itself.
     */
    public static List<ProcessHandle> terminate(ProcessHandle process) {
        List<ProcessHandle> seen = process.descendants().toList();
        process.destroy();
        return seen;
    }

    /** SIGKILL to {@code process}, its descendants now and {@code seen} (descendants it had before). */
    public static void kill(ProcessHandle process, Collection<ProcessHandle> seen) {
        List<ProcessHandle> all = new ArrayList<>(seen);
        all.addAll(process.descendants().toList());
        process.destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
    }

    /** SIGKILL to {@code process} and its descendants. */
    public static void kill(ProcessHandle process) {
        kill(process, List.of());
    }

    /**
     * Waits up to {@code grace} for {@code process} to end by itself (the caller has asked it to: closed
     * its input, sent a quit line), then kills the tree; blocks. True when it ended within the grace.
     */
    public static boolean end(ProcessHandle process, Duration grace) {
        List<ProcessHandle> seen = process.descendants().toList();
        boolean ended = waitFor(process, grace);
        kill(process, seen);
        return ended;
    }

    /**
     * SIGTERM, up to {@code grace} for the process to end, then SIGKILL to the tree; waits (at most a
     * second) for the kill to take effect. Blocks. True when it ended within the grace.
     */
    public static boolean stop(ProcessHandle process, Duration grace) {
        List<ProcessHandle> seen = terminate(process);
        boolean ended = waitFor(process, grace);
        kill(process, seen);
        waitFor(process, Duration.ofSeconds(1));
        return ended;
    }

    /** Waits up to {@code limit} for {@code process} to end; true when it has. */
    public static boolean waitFor(ProcessHandle process, Duration limit) {
        try {
            process.onExit().get(Math.max(0, limit.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }

    private static synchronized void hookOnce() {
        if (hooked) {
            return;
        }
        hooked = true;
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessTree::endAll, "process-tree-guard"));
    }

    /** SIGTERM to every child still running, then, after the grace, SIGKILL to what is left of each tree. */
    static void endAll() {
        List<ProcessHandle> children = List.copyOf(CHILDREN);
        List<List<ProcessHandle>> seen = new ArrayList<>();
        for (ProcessHandle p : children) {
            List<ProcessHandle> d = p.descendants().toList();
            d.forEach(ProcessHandle::destroy);
            seen.add(d);
            p.destroy();
        }
        long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
        for (int i = 0; i < children.size(); i++) {
            ProcessHandle p = children.get(i);
            if (!waitFor(p, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                kill(p, seen.get(i));
            }
        }
    }

    /** The children started here that are still running (for tests). */
    static Set<ProcessHandle> running() {
        return Set.copyOf(CHILDREN);
    }
}
