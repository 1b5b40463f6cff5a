package dev.failberry.http;

import dev.failberry.metrics.Metrics;
import dev.failberry.status.StatusJson;
import dev.failberry.status.StatusSnapshot;
import dev.failberry.time.TimeSource;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loopback admin API: {@code GET /status} (JSON), {@code GET /metrics} (Prometheus text), and
 * blocking operations registered by capabilities ({@code POST /modem/at}, {@code POST /usb/cycle}, ...)
 * that run on a worker thread. Unknown paths are 404, wrong methods 405.
 */
public final class AdminHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);
    private static final int MAX_BODY = 16 * 1024;

    private final Supplier<StatusSnapshot> snapshot;
    private final TimeSource time;
    private final Metrics metrics;
    private final Map<String, AdminRoute> posts = new ConcurrentHashMap<>();
    private final Map<String, AdminRoute> gets = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean rebindLogged =
            new java.util.concurrent.atomic.AtomicBoolean();
    private final Map<String, Supplier<?>> statusParts = new java.util.concurrent.ConcurrentSkipListMap<>();

    public AdminHandler(Supplier<StatusSnapshot> snapshot, TimeSource time, Metrics metrics) {
        this.snapshot = snapshot;
        this.time = time;
        this.metrics = metrics;
    }

    /** Registers a blocking POST operation at {@code path}. */
    public void post(String path, AdminRoute route) {
        posts.put(path, route);
    }

    /** Registers a read-only GET (and HEAD) page at {@code path}, run on a worker thread like a POST. */
    public void get(String path, AdminRoute route) {
        gets.put(path, route);
    }

    /** Adds {@code key} to the {@code /status} document, rendered from {@code part} at each request. */
    public void statusPart(String key, Supplier<?> part) {
        statusParts.put(key, part);
    }

    /** The {@code /status} document as nested maps: the snapshot and every registered part. */
    public Map<String, Object> statusMap() {
        Map<String, Object> extra = new java.util.LinkedHashMap<>();
        statusParts.forEach((k, v) -> extra.put(k, v.get()));
        return StatusJson.toJsonMap(snapshot.get(), time, extra);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRequestPath();
        HttpString method = exchange.getRequestMethod();
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        if (!loopbackName(host)) {
            if (rebindLogged.compareAndSet(false, true)) {
                log.warn(
                        "admin: refused a request for Host {} (only an address or localhost; a web page's DNS name "
                                + "pointed at this machine must not read it); further refusals are not logged",
                        host);
            }
            send(
                    exchange,
                    403,
                    "text/plain; charset=utf-8",
                    "refused: reach the admin listener by address or as localhost, not by name\n");
            return;
        }
        switch (path) {
            case "/status" -> {
                if (requireGet(exchange, method)) {
                    send(exchange, 200, "application/json", StatusJson.renderMap(statusMap()) + "\n");
                }
            }
            case "/metrics" -> {
                if (requireGet(exchange, method)) {
                    var out = new ByteArrayOutputStream(4096);
                    metrics.write(out);
                    send(exchange, 200, metrics.contentType(), out.toString(StandardCharsets.UTF_8));
                }
            }
            default -> {
                AdminRoute get = gets.get(path);
                if (get != null) {
                    if (requireGet(exchange, method)) {
                        runBlocking(exchange, get);
                    }
                    return;
                }
                AdminRoute route = posts.get(path);
                if (route == null) {
                    send(exchange, 404, "text/plain; charset=utf-8", "");
                } else if (!Methods.POST.equals(method)) {
                    exchange.getResponseHeaders().put(Headers.ALLOW, "POST");
                    send(exchange, 405, "text/plain; charset=utf-8", "");
                } else if (fromAWebPage(exchange)) {
                    send(
                            exchange,
                            403,
                            "text/plain; charset=utf-8",
                            "refused: a web page may not operate the daemon\n");
                } else {
                    runBlocking(exchange, route);
                }
            }
        }
    }

    private void runBlocking(HttpServerExchange exchange, AdminRoute route) {
        long length = exchange.getRequestContentLength();
        if (length > MAX_BODY) {
            send(exchange, 413, "text/plain; charset=utf-8", "request body too large\n");
            return;
        }
        exchange.getRequestReceiver()
                .receiveFullString(
                        (ex, body) -> ex.dispatch(() -> {
                            AdminRoute.Response response;
                            try {
                                java.util.Map<String, String> query = new java.util.HashMap<>();
                                ex.getQueryParameters().forEach((k, v) -> query.put(k, v.peekFirst()));
                                response = route.handle(new AdminRoute.Request(body, query));
                            } catch (Exception e) {
                                log.warn("admin {} failed: {}", ex.getRequestPath(), e.toString());
                                response = AdminRoute.Response.text(500, "internal error: " + e.getMessage() + "\n");
                            }
                            send(ex, response.status(), response.contentType(), response.body());
                        }),
                        (ex, e) -> send(ex, 400, "text/plain; charset=utf-8", "could not read request body\n"),
                        StandardCharsets.UTF_8);
    }

    /**
     * A browser's request (it names the page it comes from): with the dashboard, an admin's browser reaches
     * this listener through {@code ssh -L}, and any web page open in it could send a simple cross-site
     * POST (no preflight for a text/plain body) to {@code 127.0.0.1:9001/usb/cycle}. The CLI sends neither
     * header, and the dashboard only reads.
     */
    private static boolean fromAWebPage(HttpServerExchange exchange) {
        var h = exchange.getRequestHeaders();
        String site = h.getFirst("Sec-Fetch-Site");
        return h.getFirst(Headers.ORIGIN) != null || site != null && !site.equals("none");
    }

    /**
     * Whether a Host header is safe to answer: absent (HTTP/1.0), an IP address or {@code localhost}. A page
     * from {@code evil.example} whose DNS name is re-pointed at 127.0.0.1 (DNS rebinding) is same-origin
     * with its own name, so the browser would let it read {@code /status} and {@code /events}; its requests
     * carry that name in Host, which no address is.
     */
    static boolean loopbackName(String header) {
        if (header == null || header.isEmpty()) {
            return true;
        }
        String h = header.toLowerCase(java.util.Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 && (end == h.length() - 1 || h.charAt(end + 1) == ':');
        }
        int colon = h.indexOf(':');
        String name = colon < 0 ? h : h.substring(0, colon);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.equals("localhost")
                || name.endsWith(".localhost")
                || IPV4.matcher(name).matches();
    }

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private static boolean requireGet(HttpServerExchange exchange, HttpString method) {
        if (Methods.GET.equals(method) || Methods.HEAD.equals(method)) {
            return true;
        }
        exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "");
        return false;
    }

    private static void send(HttpServerExchange exchange, int status, String contentType, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        if (Methods.HEAD.equals(exchange.getRequestMethod())) {
            exchange.endExchange();
        } else {
            exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
        }
    }
}
