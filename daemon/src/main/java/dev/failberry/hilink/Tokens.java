package dev.failberry.hilink;

import dev.failberry.http.client.BoundHttpClient;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The stick's session as the client holds it: the {@code SessionID} cookie and the queue of CSRF
 * tokens ({@code __RequestVerificationToken}). Each POST uses up a token; the reply's
 * {@code __RequestVerificationToken} header brings the next one, or after a login a {@code #}-separated
 * list of them ({@code __RequestVerificationTokenone}/{@code two} on some firmwares). A reply's
 * {@code Set-Cookie: SessionID=...} replaces the cookie (a login starts a new session). Values are
 * secrets: {@link #toString()} shows none of them. Not thread-safe: the client is synchronized.
 */
final class Tokens {
    private String cookie;
    private final Deque<String> tokens = new ArrayDeque<>();
    private boolean spent;
    private boolean loggedIn;

    boolean active() {
        return cookie != null && !tokens.isEmpty();
    }

    void start(String sessionCookie, String token) {
        cookie = sessionCookie;
        tokens.clear();
        tokens.add(token);
        spent = false;
        loggedIn = false;
    }

    void clear() {
        cookie = null;
        tokens.clear();
        spent = false;
        loggedIn = false;
    }

    Optional<String> cookie() {
        return Optional.ofNullable(cookie);
    }

    /** The token a GET carries (the stick checks only the cookie on most GETs; sending it does no harm). */
    Optional<String> forGet() {
        return Optional.ofNullable(tokens.peekFirst());
    }

    /** The token for a POST: the oldest of a list, or the only one (then marked as spent). */
    Optional<String> forPost() {
        if (tokens.size() > 1) {
            return Optional.of(tokens.pollFirst());
        }
        spent = !tokens.isEmpty();
        return Optional.ofNullable(tokens.peekFirst());
    }

    boolean loggedIn() {
        return loggedIn;
    }

    void loggedIn(boolean value) {
        loggedIn = value;
    }

    /**
     * Takes the cookie and tokens a reply hands out. {@code replace}: the reply to a login, whose tokens
     * replace all earlier ones.
     */
    void absorb(BoundHttpClient.Exchange reply, boolean replace) {
        for (String c : reply.headers("set-cookie")) {
            String first = c.split(";", 2)[0].strip();
            if (first.startsWith("SessionID=") && first.length() > "SessionID=".length()) {
                cookie = first;
            }
        }
        Deque<String> fresh = new ArrayDeque<>();
        for (String name : new String[] {
            "__requestverificationtokenone", "__requestverificationtokentwo", "__requestverificationtoken"
        }) {
            for (String v : reply.headers(name)) {
                for (String t : v.split("#")) {
                    if (!t.isBlank()) {
                        fresh.add(t.strip());
                    }
                }
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        if (replace || spent) {
            tokens.clear();
            spent = false;
        }
        tokens.addAll(fresh);
    }

    @Override
    public String toString() {
        return "Tokens[cookie=" + (cookie == null ? "none" : "******") + ", tokens=" + tokens.size()
                + (loggedIn ? ", logged in" : "") + "]";
    }
}
