package dev.failberry.testutil;

import java.security.Permission;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records the host names the JDK is asked to resolve on one thread. Java 17 has no resolver SPI, but
 * {@code InetAddress} asks the security manager {@code checkConnect(host, -1)} before every name
 * lookup (and never for a literal address), so a permissive manager installed for the duration of a
 * property sees every lookup a "never resolves" parser makes. Everything else is allowed.
 */
@SuppressWarnings("removal")
public final class LookupRecorder extends SecurityManager implements AutoCloseable {
    private final Thread owner = Thread.currentThread();
    private final SecurityManager previous = System.getSecurityManager();
    private final List<String> lookups = new CopyOnWriteArrayList<>();
    private boolean active;
    private static volatile boolean warned;

    private LookupRecorder() {}

    /**
     * Installs a recorder for the calling thread; close it to uninstall. The project builds and runs
     * on Java 17, where this works; JDK 18-23 need {@code -Djava.security.manager=allow} and JDK 24+
     * has no security manager at all: there the recorder stays inactive and records nothing.
     */
    public static LookupRecorder install() {
        LookupRecorder r = new LookupRecorder();
        try {
            System.setSecurityManager(r);
            r.active = true;
        } catch (UnsupportedOperationException noSecurityManager) {
            if (!warned) {
                warned = true;
                System.err.println("LookupRecorder: no security manager on this JDK; name lookups are not checked");
            }
        }
        return r;
    }

    /** False when the JDK refused the security manager (see {@link #install()}). */
    public boolean active() {
        return active;
    }

    /** The host names looked up so far; cleared by the call. */
    public List<String> drain() {
        List<String> out = List.copyOf(lookups);
        lookups.clear();
        return out;
    }

    @Override
    public void checkConnect(String host, int port) {
        if (port == -1 && Thread.currentThread() == owner) {
            lookups.add(host);
        }
    }

    @Override
    public void checkPermission(Permission perm) {}

    @Override
    public void checkPermission(Permission perm, Object context) {}

    @Override
    public void close() {
        if (active) {
            System.setSecurityManager(previous);
        }
    }
}
