package dev.failberry.sim.hilink;

import java.net.Inet4Address;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the simulated stick remembers: its sessions (cookie -> tokens, logged in, last use), the login
 * it requires, its mobile data switch, its registration, data connection and signal, WAN address, DMZ,
 * and counters tests assert on. All access is under the stand-in's lock.
 */
final class StandInState {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    /** One session of the stick's web server. */
    static final class Session {
        final String id;
        final Deque<String> tokens = new ArrayDeque<>();
        boolean loggedIn;
        long lastUse;

        Session(String id, long now) {
            this.id = id;
            this.lastUse = now;
        }
    }

    final Map<String, Session> sessions = new HashMap<>();
    Optional<String> username = Optional.empty();
    Optional<String> password = Optional.empty();
    int failedLogins;
    int loginsBeforeBlock = 3;
    int logins;
    int loginAttempts;
    int reboots;
    boolean mobileData = true;
    /** What the network grants the stick (set by tests and the demo's faults). */
    HilinkStandIn.Network network = HilinkStandIn.Network.HOME;
    /** The stick's data connection (ConnectionStatus 901, a WAN address): needs mobile data and service. */
    boolean connected = true;
    /** The signal as a {@code +CSQ} rssi (0..31, 99 unknown); null: the capture's values. */
    Integer csq;

    Inet4Address wan;
    Optional<Inet4Address> wanAfterReboot = Optional.empty();
    Optional<Inet4Address> dmzHost = Optional.empty();
    boolean dmzOn;
    Duration sessionIdle = Duration.ofMinutes(5);
    Duration rebootTakes = Duration.ZERO;
    long silentUntil;
    final Map<String, Integer> requests = new HashMap<>();

    Session newSession(long now) {
        Session s = new Session(random(128), now);
        s.tokens.add(random(32));
        sessions.put(s.id, s);
        return s;
    }

    /** The live session named by a {@code Cookie} header, or null (expired ones are dropped). */
    Session session(String cookieHeader, long now) {
        if (cookieHeader == null) {
            return null;
        }
        for (String part : cookieHeader.split(";")) {
            String p = part.strip();
            if (p.startsWith("SessionID=")) {
                Session s = sessions.get(p.substring("SessionID=".length()));
                if (s != null && now - s.lastUse > sessionIdle.toNanos()) {
                    sessions.remove(s.id);
                    return null;
                }
                return s;
            }
        }
        return null;
    }

    /** Whether the network gives service: only then can the stick hold a data connection. */
    boolean registered() {
        return network == HilinkStandIn.Network.HOME;
    }

    void expireSessions() {
        sessions.clear();
    }

    static String random(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(B64[RANDOM.nextInt(B64.length)]);
        }
        return sb.toString();
    }
}
