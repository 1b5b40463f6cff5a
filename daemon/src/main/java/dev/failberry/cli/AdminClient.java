package dev.failberry.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Talks to the running daemon's admin listener (plain HttpURLConnection: the CLI must start fast).
 * {@link Unreachable} means nothing answers there: the daemon is not running.
 */
final class AdminClient {
    /** Nothing answers at the admin URL. */
    static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    /** Status code and body of an answer. */
    record Answer(int status, String body) {}

    private final URI base;

    /** {@code baseUrl} may leave out the scheme ({@code 127.0.0.1:9001} is {@code http://127.0.0.1:9001}). */
    AdminClient(String baseUrl) {
        String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.base = URI.create(b.contains("://") ? b : "http://" + b);
    }

    /** A usage error ({@code --admin}), or empty when {@code url} is an http URL or a bare host:port. */
    static java.util.Optional<String> invalid(String url) {
        try {
            URI u = new AdminClient(url).base;
            if (!"http".equals(u.getScheme()) || u.getHost() == null) {
                return java.util.Optional.of("--admin must be http://HOST:PORT or HOST:PORT, not \"" + url + "\"");
            }
            return java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.of("--admin must be http://HOST:PORT or HOST:PORT, not \"" + url + "\"");
        }
    }

    URI base() {
        return base;
    }

    Answer get(String path, Duration timeout) throws Unreachable {
        return call("GET", path, null, timeout);
    }

    Answer post(String path, String body, Duration timeout) throws Unreachable {
        return call("POST", path, body, timeout);
    }

    private Answer call(String method, String path, String body, Duration timeout) throws Unreachable {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) base.resolve(path).toURL().openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout(2000);
            c.setReadTimeout((int) timeout.toMillis());
            c.setUseCaches(false);
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "text/plain; charset=utf-8");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(status, text);
        } catch (java.net.SocketTimeoutException e) {
            throw new Unreachable("the daemon at " + base + " did not answer within " + timeout.toSeconds() + " s");
        } catch (IOException | IllegalArgumentException e) {
            throw new Unreachable("the daemon is not running (nothing answers at " + base + ")");
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }
}
