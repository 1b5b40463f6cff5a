package dev.failberry.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The public listener's only handler. {@code GET|HEAD <path>} answers 200 {@code failberry ok} or 503
 * {@code failberry unhealthy: <reason>} from the in-memory verdict, on the I/O thread, without
 * allocating for the healthy answer; any other path is 404 and any other method 405, with empty bodies.
 */
public final class HealthHandler implements HttpHandler {
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final byte[] OK = HealthVerdict.OK_BODY.getBytes(StandardCharsets.US_ASCII);
    private static final HttpString ALLOW = Headers.ALLOW;
    private static final String OK_LENGTH = Integer.toString(OK.length);

    private final String path;
    private final Supplier<HealthVerdict> verdict;
    private final String wiredHost;
    private final Supplier<HealthVerdict> aliveVerdict;

    public HealthHandler(String path, Supplier<HealthVerdict> verdict) {
        this(path, verdict, null, verdict);
    }

    /**
     * @param wiredHost    the wired link's record (e.g. {@code wired.home.example.com}): Route53's check of
     *                     that name (Host header {@code name:port}) gets {@code aliveVerdict}, which says
     *                     whether the daemon lives and the wired path works ({@link HealthVerdict#wired}),
     *                     never whether 3G is up; null when there is none
     */
    public HealthHandler(
            String path, Supplier<HealthVerdict> verdict, String wiredHost, Supplier<HealthVerdict> aliveVerdict) {
        this.path = path;
        this.verdict = verdict;
        this.wiredHost = wiredHost;
        this.aliveVerdict = aliveVerdict;
    }

    /**
     * Whether a Host header names {@code name} (lower case, no trailing dot), with or without a port or a
     * trailing dot, ignoring case. Allocation-free: it runs for every health check.
     */
    static boolean hostIs(String header, String name) {
        if (header == null) {
            return false;
        }
        int n = name.length();
        if (!header.regionMatches(true, 0, name, 0, n)) {
            return false;
        }
        if (header.length() == n) {
            return true;
        }
        char c = header.charAt(n);
        if (c == '.') {
            return header.length() == n + 1 || header.charAt(n + 1) == ':';
        }
        return c == ':';
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (!path.equals(exchange.getRequestPath())) {
            exchange.setStatusCode(404);
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
            exchange.endExchange();
            return;
        }
        HttpString method = exchange.getRequestMethod();
        boolean head = Methods.HEAD.equals(method);
        if (!head && !Methods.GET.equals(method)) {
            exchange.setStatusCode(405);
            exchange.getResponseHeaders().put(ALLOW, "GET, HEAD");
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
            exchange.endExchange();
            return;
        }
        HealthVerdict v =
                wiredHost != null && hostIs(exchange.getRequestHeaders().getFirst(Headers.HOST), wiredHost)
                        ? aliveVerdict.get()
                        : verdict.get();
        byte[] body = v.healthy() ? OK : v.body().getBytes(StandardCharsets.UTF_8);
        exchange.setStatusCode(v.healthy() ? 200 : 503);
        var headers = exchange.getResponseHeaders();
        headers.put(Headers.CONTENT_TYPE, TEXT);
        headers.put(Headers.CACHE_CONTROL, "no-store");
        headers.put(Headers.CONTENT_LENGTH, body == OK ? OK_LENGTH : Integer.toString(body.length));
        if (head) {
            exchange.endExchange();
        } else {
            exchange.getResponseSender().send(ByteBuffer.wrap(body));
        }
    }
}
