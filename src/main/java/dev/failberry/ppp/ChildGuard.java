package dev.failberry.ppp;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Last line of defence against orphans: one JVM shutdown hook (registered on first use) that terminates
 * every pppd still registered here, with its descendants. The orderly path is {@link PppLink#close()};
 * this covers a JVM that exits without it (e.g. SIGTERM before the daemon's own shutdown ran).
 */
final class ChildGuard {
    private static final Set<Process> CHILDREN = ConcurrentHashMap.newKeySet();
    private static volatile boolean hooked;

    private ChildGuard() {
    }

    static void register(Process p) {
        hookOnce();
        CHILDREN.add(p);
    }

    static void unregister(Process p) {
        CHILDREN.remove(p);
    }

    private static synchronized void hookOnce() {
        if (hooked) {
            return;
        }
        hooked = true;
        Runtime.getRuntime().addShutdownHook(new Thread(ChildGuard::killAll, "ppp-child-guard"));
    }

    static void killAll() {
        for (Process p : CHILDREN) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : CHILDREN) {
            try {
                if (!p.waitFor(2, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
