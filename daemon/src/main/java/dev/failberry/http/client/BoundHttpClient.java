package dev.failberry.http.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The daemon's one HTTP client: a minimal HTTP/1.1 client for one request at a time whose socket can be
 * bound to a chosen local (source) address, so the request leaves with the mobile link's address: the
 * link probes and the public-IP check (GET), the DNS function URL (a JSON POST), the notification
 * webhooks. Neither {@code HttpURLConnection} nor Java 17's {@code java.net.http.HttpClient} can bind a
 * source address, so this opens the {@link Socket} itself, binds it, connects, and for https layers TLS
 * over it with the JDK's {@link SSLSocketFactory} (SNI and host-name verification on). One request per
 * connection ({@code Connection: close}); the response body is read by Content-Length, chunked encoding
 * or to end of stream, capped at 64 KiB; redirects are never followed.
 *
 * <p>Binding selects the source address; which interface the packets leave from is still the routing
 * table's decision (the 3G link is the default route while it is up, or a source-address policy rule).
 */
public final class BoundHttpClient {
    private static final int MAX_BODY = 64 * 1024;
    private static final int MAX_HEAD = 16 * 1024;
    /** Null until the first https request: the JDK's default TLS context loads the trust store (~0.1-0.5 s). */
    private volatile SSLSocketFactory tls;

    private final Duration timeout;
    /** Null: a request waits for its timeout even when its source address is gone. */
    private final SourceWatch watch;

    /** @param location the Location header of a redirect, or null (redirects are never followed) */
    public record Response(int status, String body, String location) {
        public Response(int status, String body) {
            this(status, body, null);
        }
    }

    /**
     * A whole answer: status, every header (names in lower case, values in the order received, so that
     * repeated headers such as {@code Set-Cookie} all survive) and the body.
     */
    public record Exchange(int status, Map<String, List<String>> headers, String body) {
        public Exchange {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            headers.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            headers = Collections.unmodifiableMap(copy);
        }

        /** The first value of header {@code name} (any case). */
        public Optional<String> header(String name) {
            return headers(name).stream().findFirst();
        }

        /** Every value of header {@code name} (any case), in order. */
        public List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    /**
     * A whole answer with the body as bytes (a binary protocol such as the AWS SDK's CBOR): status, every
     * header (names in lower case) and the body.
     */
    public record BinaryExchange(int status, Map<String, List<String>> headers, byte[] body) {
        public BinaryExchange {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            headers.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            headers = Collections.unmodifiableMap(copy);
            body = body.clone();
        }
    }

    /** One request to send: method, URL, extra headers (validated: no line breaks) and an optional body. */
    public record Request(
            String method, URI url, Map<String, String> headers, Optional<String> contentType, byte[] body) {
        public Request {
            if (!method.matches("[A-Z]{3,7}")) {
                throw new IllegalArgumentException("bad HTTP method " + method);
            }
            headers.forEach((name, value) -> {
                if (name.isEmpty() || (name + value).chars().anyMatch(c -> c == '\r' || c == '\n')) {
                    throw new IllegalArgumentException("header with a line break");
                }
            });
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            body = body.clone();
        }

        public static Request get(URI url, Map<String, String> headers) {
            return new Request("GET", url, headers, Optional.empty(), new byte[0]);
        }

        public static Request post(URI url, Map<String, String> headers, String contentType, String body) {
            return new Request("POST", url, headers, Optional.of(contentType), body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** @param timeout bounds the connect and every read */
    public BoundHttpClient(Duration timeout) {
        this(null, timeout, null);
    }

    /**
     * @param timeout bounds the connect and every read
     * @param watch abandons a request bound to an address that goes away ({@link SourceWatch})
     */
    public BoundHttpClient(Duration timeout, SourceWatch watch) {
        this(null, timeout, watch);
    }

    public BoundHttpClient(SSLSocketFactory tls, Duration timeout) {
        this(tls, timeout, null);
    }

    private BoundHttpClient(SSLSocketFactory tls, Duration timeout, SourceWatch watch) {
        this.tls = tls;
        this.timeout = timeout;
        this.watch = watch;
    }

    public Response postJson(URI url, String json, Optional<InetAddress> source) throws IOException {
        return postJson(url, json, Map.of(), source);
    }

    /**
     * POSTs {@code json} with extra request headers (names and values already validated: no line breaks).
     * Header values may be secrets: they are written to the socket and nowhere else.
     */
    public Response postJson(URI url, String json, Map<String, String> headers, Optional<InetAddress> source)
            throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Accept", "application/json");
        all.putAll(headers);
        Exchange e = send(Request.post(url, all, "application/json", json), source);
        return new Response(e.status(), e.body(), e.header("location").orElse(null));
    }

    /** GETs {@code url} (a probe's 204, a plain-text public IP). */
    public Response get(URI url, Optional<InetAddress> source) throws IOException {
        Exchange e = send(Request.get(url, Map.of("Accept", "*/*")), source);
        return new Response(e.status(), e.body(), e.header("location").orElse(null));
    }

    /**
     * Sends one request and reads the whole answer. Header values may be secrets (a session cookie, a
     * token): they are written to the socket and nowhere else. A source address that cannot be bound is
     * an {@link IOException} saying so: there is no unbound fallback.
     */
    public Exchange send(Request request, Optional<InetAddress> source) throws IOException {
        BinaryExchange e = sendBinary(request, source);
        return new Exchange(e.status(), e.headers(), new String(e.body(), StandardCharsets.UTF_8));
    }

    /**
     * Ends a request in flight from another thread: {@link #abort} closes the request's socket, so a connect or
     * read blocked in it returns at once, and the request fails with the abort's reason instead of waiting for
     * its timeout. One per request.
     */
    public static final class Abort {
        private Socket socket;
        private String reason;

        /** Ends the request now (or as soon as it opens its socket); the first reason given is the one reported. */
        public synchronized void abort(String why) {
            if (reason == null) {
                reason = why;
            }
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closed either way
                }
            }
        }

        synchronized void attach(Socket s) throws IOException {
            socket = s;
            if (reason != null) {
                throw new IOException(reason);
            }
        }

        synchronized String reason() {
            return reason;
        }
    }

    /** As {@link #send}, the body as the bytes received. */
    public BinaryExchange sendBinary(Request request, Optional<InetAddress> source) throws IOException {
        return sendBinary(request, source, new Abort());
    }

    /**
     * As {@link #sendBinary(Request, Optional)}, ended early when another thread calls {@code abort}, or when
     * the source address goes away (with a {@link SourceWatch}).
     */
    public BinaryExchange sendBinary(Request request, Optional<InetAddress> source, Abort abort) throws IOException {
        ScheduledFuture<?> watching = watch == null || source.isEmpty() ? null : watch.watch(source.get(), abort);
        try {
            return exchangeBinary(request, source, abort);
        } catch (IOException e) {
            String why = abort.reason();
            if (why != null && !why.equals(e.getMessage())) {
                throw new IOException(why, e);
            }
            throw e;
        } finally {
            if (watching != null) {
                watching.cancel(false);
            }
        }
    }

    private BinaryExchange exchangeBinary(Request request, Optional<InetAddress> source, Abort abort)
            throws IOException {
        URI url = request.url();
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        if (!https && !"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IOException("unsupported URL " + url);
        }
        String host = url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        InetAddress target = resolve(host, source);
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        Socket plain = new Socket();
        try {
            abort.attach(plain);
            if (source.isPresent()) {
                try {
                    plain.bind(new InetSocketAddress(source.get(), 0));
                } catch (IOException | RuntimeException e) {
                    throw new IOException("cannot bind to " + source.get().getHostAddress() + ": " + e.getMessage(), e);
                }
            }
            plain.connect(new InetSocketAddress(target, port), millis);
            plain.setSoTimeout(millis);
            Socket socket = https ? tls(plain, host, port) : plain;
            try (socket) {
                write(socket.getOutputStream(), request, host, port, https);
                return binaryExchange(
                        new BufferedInputStream(socket.getInputStream()), "HEAD".equals(request.method()));
            }
        } finally {
            plain.close();
        }
    }

    private Socket tls(Socket plain, String host, int port) throws IOException {
        SSLSocketFactory factory = tls;
        if (factory == null) {
            factory = (SSLSocketFactory) SSLSocketFactory.getDefault();
            tls = factory;
        }
        SSLSocket s = (SSLSocket) factory.createSocket(plain, host, port, true);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    /** Resolves {@code host} to an address of the source address's family (an IPv4 source cannot reach IPv6). */
    private static InetAddress resolve(String host, Optional<InetAddress> source) throws IOException {
        InetAddress[] all = InetAddress.getAllByName(host);
        if (source.isEmpty()) {
            return all[0];
        }
        boolean v4 = source.get() instanceof Inet4Address;
        for (InetAddress a : all) {
            if ((a instanceof Inet4Address) == v4) {
                return a;
            }
        }
        throw new IOException(host + " has no " + (v4 ? "IPv4" : "IPv6") + " address to reach from "
                + source.get().getHostAddress());
    }

    private static void write(OutputStream out, Request request, String host, int port, boolean https)
            throws IOException {
        URI url = request.url();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        boolean defaultPort = port == (https ? 443 : 80);
        StringBuilder head = new StringBuilder(request.method())
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(host.contains(":") ? "[" + host + "]" : host)
                .append(defaultPort ? "" : ":" + port)
                .append("\r\n")
                .append("User-Agent: failberry\r\n");
        if (request.contentType().isPresent()) {
            head.append("Content-Type: ").append(request.contentType().get()).append("\r\n");
        }
        if (request.contentType().isPresent() || request.body().length > 0) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("Connection: close\r\n");
        StringBuilder extra = new StringBuilder();
        request.headers()
                .forEach((name, value) ->
                        extra.append(name).append(": ").append(value).append("\r\n"));
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(extra.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        out.write(request.body());
        out.flush();
    }

    static Response read(InputStream in) throws IOException {
        Exchange e = exchange(in, false);
        return new Response(e.status(), e.body(), e.header("location").orElse(null));
    }

    static Exchange exchange(InputStream in, boolean headOnly) throws IOException {
        BinaryExchange e = binaryExchange(in, headOnly);
        return new Exchange(e.status(), e.headers(), new String(e.body(), StandardCharsets.UTF_8));
    }

    static BinaryExchange binaryExchange(InputStream in, boolean headOnly) throws IOException {
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + oneLine(status));
        }
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad HTTP status line: " + oneLine(status));
        }
        long length = -1;
        boolean chunked = false;
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int headBytes = status.length();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            headBytes += h.length();
            if (headBytes > MAX_HEAD) {
                throw new IOException("response headers too large");
            }
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            if (name.equals("content-length")) {
                try {
                    length = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IOException("bad Content-Length: " + oneLine(value));
                }
            } else if (name.equals("transfer-encoding")
                    && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (headOnly || code / 100 == 1 || code == 204 || code == 304) {
            // no body by definition (RFC 9110 §6.4.1): reading to EOF would wait for the server to close
            // a kept-alive connection (Discord's webhooks answer 204)
            return new BinaryExchange(code, headers, new byte[0]);
        }
        if (chunked) {
            for (long n = chunkSize(line(in)); n > 0; n = chunkSize(line(in))) {
                copy(in, body, n);
                line(in);
            }
        } else if (length >= 0) {
            copy(in, body, length);
        } else {
            copy(in, body, MAX_BODY);
        }
        return new BinaryExchange(code, headers, body.toByteArray());
    }

    private static long chunkSize(String line) throws IOException {
        try {
            return Long.parseLong(line.split(";")[0].trim(), 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size: " + oneLine(line));
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out, long n) throws IOException {
        if (out.size() + n > MAX_BODY) {
            throw new IOException("response body too large");
        }
        byte[] buf = new byte[4096];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                return;
            }
            out.write(buf, 0, r);
            n -= r;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                if (sb.length() == 0) {
                    throw new IOException("connection closed before a complete response");
                }
                break;
            }
            if (c != '\r') {
                sb.append((char) c);
            }
            if (sb.length() > MAX_HEAD) {
                throw new IOException("response line too long");
            }
        }
        return sb.toString();
    }

    /** One line, at most 300 characters: what a server sent, for an error message. */
    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }
}
