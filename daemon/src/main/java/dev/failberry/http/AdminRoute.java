package dev.failberry.http;

/**
 * A blocking admin operation (e.g. an AT command through the daemon's modem port). It runs on a worker
 * thread, never on the I/O thread, so it cannot delay {@code /health}.
 */
@FunctionalInterface
public interface AdminRoute {
    Response handle(Request request) throws Exception;

    /** The request: its body and its query parameters (first value of each). */
    record Request(String body, java.util.Map<String, String> query) {
        public String query(String name, String fallback) {
            return query.getOrDefault(name, fallback);
        }
    }

    /** A plain response: status code, content type and body. */
    record Response(int status, String contentType, String body) {
        public static Response json(int status, String body) {
            return new Response(status, "application/json", body);
        }

        public static Response text(int status, String body) {
            return new Response(status, "text/plain; charset=utf-8", body);
        }
    }
}
