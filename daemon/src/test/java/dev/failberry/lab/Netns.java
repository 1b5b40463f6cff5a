package dev.failberry.lab;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs Java code inside a named network namespace ({@code /run/netns/NAME}, as {@code ip netns add}
 * makes it) without a new process: a fresh thread moves itself there with setns(2), which changes only
 * the calling thread, and every socket it creates belongs to that namespace for its whole life (also
 * when another thread uses it later). So the lab's clients, servers and sysctl writes
 * ({@code /proc/sys/net} is the caller's namespace) cost no JVM start each. Linux only; needs root.
 */
final class Netns {
    private interface C extends Library {
        C INSTANCE = Native.load("c", C.class);

        int open(String path, int flags);

        int close(int fd);

        int setns(int fd, int nstype);

        String strerror(int errnum);
    }

    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 02000000;
    private static final int CLONE_NEWNET = 0x40000000;

    private Netns() {}

    /** Moves the calling thread into namespace {@code name}; for threads made for that purpose only. */
    static void enter(String name) {
        int fd = C.INSTANCE.open("/run/netns/" + name, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            throw new IllegalStateException(
                    "cannot open /run/netns/" + name + ": " + C.INSTANCE.strerror(Native.getLastError()));
        }
        try {
            if (C.INSTANCE.setns(fd, CLONE_NEWNET) != 0) {
                throw new IllegalStateException("setns " + name + ": " + C.INSTANCE.strerror(Native.getLastError()));
            }
        } finally {
            C.INSTANCE.close(fd);
        }
    }

    /** Runs {@code task} on a new thread inside {@code name} and waits for its result. */
    static <T> T call(String name, Callable<T> task) throws Exception {
        var result = new CompletableFuture<T>();
        Thread t = new Thread(
                () -> {
                    try {
                        enter(name);
                        result.complete(task.call());
                    } catch (Throwable e) {
                        result.completeExceptionally(e);
                    }
                },
                "netns-" + name);
        t.setDaemon(true);
        t.start();
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /** Starts {@code task} on a daemon thread inside {@code name} (servers). */
    static Thread start(String name, String threadName, Runnable task) {
        Thread t = new Thread(
                () -> {
                    enter(name);
                    task.run();
                },
                threadName);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
