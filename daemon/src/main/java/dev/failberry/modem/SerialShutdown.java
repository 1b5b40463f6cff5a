package dev.failberry.modem;

import com.fazecast.jSerialComm.SerialPort;
import dev.failberry.host.SerialNative;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps jSerialComm from closing the modem's port under the daemon while it stops. jSerialComm closes
 * every open port from its own JVM shutdown hook, which runs beside the daemon's: the AT port's reader then
 * read EOF while pppd was still being stopped, and a clean stop logged "AT port gone (device vanished)".
 * jSerialComm first runs the hooks given to {@link SerialPort#addShutdownHook}; ours waits there until every
 * started {@link ModemMonitor} has closed its port itself, at most {@link #GRACE}, so the port is closed
 * in order, once, by its owner.
 */
final class SerialShutdown {
    /** Enough for the daemon to stop pppd (SIGTERM, then SIGKILL after ppp.stop-grace) and close the modem. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private static final Set<Object> OWNERS = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private SerialShutdown() {}

    /** {@code owner} has ports open and will close them when it stops. */
    static void opened(Object owner) {
        OWNERS.add(owner);
        try {
            SerialNative.load(); // SerialPort's first use loads its native library: only ever through here
        } catch (java.io.IOException refused) {
            return; // the port cannot be opened either; opening says why
        }
        if (HOOKED.compareAndSet(false, true)) {
            SerialPort.addShutdownHook(new Thread(SerialShutdown::awaitOwners, "serial-ports-await-owners"));
        }
    }

    /** {@code owner} closed its ports. */
    static void closed(Object owner) {
        OWNERS.remove(owner);
        synchronized (OWNERS) {
            OWNERS.notifyAll();
        }
    }

    private static void awaitOwners() {
        long deadline = System.nanoTime() + GRACE.toNanos();
        synchronized (OWNERS) {
            while (!OWNERS.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(OWNERS, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
