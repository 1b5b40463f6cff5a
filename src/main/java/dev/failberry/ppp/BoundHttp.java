package dev.failberry.ppp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal HTTP/1.0 GET over a socket bound to the link's source address (the JDK 17 HTTP clients
 * cannot bind a local address). HTTP/1.0 keeps the answer unchunked; https is layered over the bound
 * socket with SNI and hostname verification. Only for tiny answers (204 checks, a plain-text IP).
 */
final class BoundHttp {
    record Response(int status, String body) {
    }

    private BoundHttp() {
    }

    static Response get(URI uri, InetAddress linkIp, SourceBinding binding, Duration timeout, int maxBody)
            throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IOException("unsupported URL " + uri);
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        int ms = (int) Math.max(1, timeout.toMillis());
        Socket socket = binding.boundSocket(linkIp);
        try {
            socket.connect(new InetSocketAddress(uri.getHost(), port), ms);
            socket.setSoTimeout(ms);
            Socket s = socket;
            if (tls) {
                SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                        .createSocket(socket, uri.getHost(), port, true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                s = ssl;
            }
            OutputStream out = s.getOutputStream();
            String host = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            out.write(("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\nUser-Agent: failberry\r\n"
                    + "Accept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readResponse(s.getInputStream(), maxBody);
        } finally {
            socket.close();
        }
    }

    static Response readResponse(InputStream in, int maxBody) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int limit = 16 * 1024 + maxBody;
        byte[] chunk = new byte[2048];
        int n;
        while (buf.size() < limit && (n = in.read(chunk)) >= 0) {
            buf.write(chunk, 0, Math.min(n, limit - buf.size()));
        }
        String text = buf.toString(StandardCharsets.ISO_8859_1);
        int eol = text.indexOf("\r\n");
        String statusLine = eol < 0 ? text : text.substring(0, eol);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad HTTP status line");
        }
        int bodyAt = text.indexOf("\r\n\r\n");
        String body = bodyAt < 0 ? "" : text.substring(bodyAt + 4);
        if (body.length() > maxBody) {
            body = body.substring(0, maxBody);
        }
        return new Response(status, body);
    }
}
