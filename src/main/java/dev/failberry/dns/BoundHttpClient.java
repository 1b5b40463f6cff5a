package dev.failberry.dns;

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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal HTTP/1.1 client for one JSON POST whose socket is bound to a chosen local (source) address,
 * so the request leaves with the 3G link's address. Neither {@code HttpURLConnection} nor Java 17's
 * {@code java.net.http.HttpClient} can bind a source address, so this opens the {@link Socket} itself,
 * binds it, connects, and for https layers TLS over it with the JDK's {@link SSLSocketFactory} (SNI and
 * host-name verification on). One request per connection ({@code Connection: close}); the response body
 * is read by Content-Length, chunked encoding or to end of stream, capped at 64 KiB.
 *
 * <p>Binding selects the source address; which interface the packets leave from is still the routing
 * table's decision (the 3G link is the default route while it is up, or a source-address policy rule).
 */
public final class BoundHttpClient {
    private static final int MAX_BODY = 64 * 1024;
    private static final int MAX_HEAD = 16 * 1024;
    private final SSLSocketFactory tls;
    private final Duration timeout;

    /** @param location the Location header of a redirect, or null (redirects are never followed) */
    public record Response(int status, String body, String location) {
        public Response(int status, String body) {
            this(status, body, null);
        }
    }

    public BoundHttpClient(Duration timeout) {
        this((SSLSocketFactory) SSLSocketFactory.getDefault(), timeout);
    }

    public BoundHttpClient(SSLSocketFactory tls, Duration timeout) {
        this.tls = tls;
        this.timeout = timeout;
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
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        if (!https && !"http".equalsIgnoreCase(url.getScheme())) {
            throw new IOException("unsupported URL scheme: " + url.getScheme());
        }
        String host = url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        InetAddress target = resolve(host, source);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        Socket plain = new Socket();
        try {
            if (source.isPresent()) {
                plain.bind(new InetSocketAddress(source.get(), 0));
            }
            plain.connect(new InetSocketAddress(target, port), millis);
            plain.setSoTimeout(millis);
            Socket socket = https ? tls(plain, host, port) : plain;
            try (socket) {
                write(socket.getOutputStream(), url, host, port, https, json, headers);
                return read(new BufferedInputStream(socket.getInputStream()));
            }
        } finally {
            plain.close();
        }
    }

    private Socket tls(Socket plain, String host, int port) throws IOException {
        SSLSocket s = (SSLSocket) tls.createSocket(plain, host, port, true);
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
        throw new IOException(host + " has no " + (v4 ? "IPv4" : "IPv6") + " address to reach from " + source.get().getHostAddress());
    }

    private static void write(OutputStream out, URI url, String host, int port, boolean https, String json,
                              Map<String, String> headers) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        boolean defaultPort = port == (https ? 443 : 80);
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: " + (host.contains(":") ? "[" + host + "]" : host) + (defaultPort ? "" : ":" + port) + "\r\n"
                + "User-Agent: failberry\r\n"
                + "Accept: application/json\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n";
        StringBuilder extra = new StringBuilder();
        headers.forEach((name, value) -> {
            if (name.isEmpty() || (name + value).chars().anyMatch(c -> c == '\r' || c == '\n')) {
                throw new IllegalArgumentException("header with a line break");
            }
            extra.append(name).append(": ").append(value).append("\r\n");
        });
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(extra.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        out.write(body);
        out.flush();
    }

    static Response read(InputStream in) throws IOException {
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + AwsErrors.oneLine(status));
        }
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad HTTP status line: " + AwsErrors.oneLine(status));
        }
        long length = -1;
        boolean chunked = false;
        String location = null;
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
            if (name.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            } else if (name.equals("location")) {
                location = value;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (code / 100 == 1 || code == 204 || code == 304) {
            // no body by definition (RFC 9110 §6.4.1): reading to EOF would wait for the server to close
            // a kept-alive connection (Discord's webhooks answer 204)
            return new Response(code, "", location);
        }
        if (chunked) {
            for (long n = Long.parseLong(line(in).split(";")[0].trim(), 16); n > 0;
                 n = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
                copy(in, body, n);
                line(in);
            }
        } else if (length >= 0) {
            copy(in, body, length);
        } else {
            copy(in, body, MAX_BODY);
        }
        return new Response(code, body.toString(StandardCharsets.UTF_8), location);
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
}
