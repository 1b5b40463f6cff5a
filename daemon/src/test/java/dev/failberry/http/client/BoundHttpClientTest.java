package dev.failberry.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Reading answers (pure, from bytes) and sending requests from a bound source address to a loopback server. */
class BoundHttpClientTest {
    @Test
    void readsHttpResponsesByLengthChunkedOrEof() throws IOException {
        assertThat(read("HTTP/1.1 201 Created\r\nContent-Length: 5\r\n\r\nhello+junk"))
                .isEqualTo(new BoundHttpClient.Response(201, "hello"));
        assertThat(
                        read(
                                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n"))
                .isEqualTo(new BoundHttpClient.Response(200, "{\"a\":1}"));
        assertThat(read("HTTP/1.0 401 Unauthorized\nContent-Type: application/json\n\nbody to eof"))
                .isEqualTo(new BoundHttpClient.Response(401, "body to eof"));
        assertThatThrownBy(() -> read("SSH-2.0-OpenSSH\r\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not an HTTP response");
        assertThatThrownBy(() -> read("")).isInstanceOf(IOException.class);
    }

    /** Found by the notify tests: a 204 without Content-Length was read to EOF, i.e. until the server hung up. */
    @Test
    void noContentHasNoBodyToWaitFor() throws IOException {
        byte[] head = "HTTP/1.1 204 No Content\r\nDate: Tue, 01 Dec 2026 19:00:00 GMT\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        java.io.InputStream keptAlive = new java.io.InputStream() {
            private int i;

            @Override
            public int read() {
                if (i < head.length) {
                    return head[i++] & 0xFF;
                }
                throw new AssertionError("read past the head of a 204: would block on a kept-alive connection");
            }
        };
        assertThat(BoundHttpClient.read(keptAlive)).isEqualTo(new BoundHttpClient.Response(204, ""));
    }

    static BoundHttpClient.Response read(String raw) throws IOException {
        return BoundHttpClient.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void getLeavesFromTheSourceAddressAndReadsAPlainAnswer() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ip", ex -> {
            seen.add(ex.getRemoteAddress().getAddress().getHostAddress() + " " + ex.getRequestMethod() + " "
                    + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Host"));
            byte[] body = "198.51.100.7\n".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/generate_204", ex -> {
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        try {
            var client = new BoundHttpClient(Duration.ofSeconds(5));
            String base = "http://127.0.0.1:" + server.getAddress().getPort();

            var ip = client.get(URI.create(base + "/ip?x=1"), Optional.of(InetAddress.getByName("127.0.0.2")));
            var probe = client.get(URI.create(base + "/generate_204"), Optional.empty());

            assertThat(ip).isEqualTo(new BoundHttpClient.Response(200, "198.51.100.7\n"));
            assertThat(seen)
                    .containsExactly("127.0.0.2 GET /ip?x=1 127.0.0.1:"
                            + server.getAddress().getPort());
            assertThat(probe.status()).isEqualTo(204);
        } finally {
            server.stop(0);
        }
    }

    /**
     * The shared mechanism behind every bound request that must not outlive its link (the DNS function URL's
     * POST, the heartbeat's SDK calls): a server that takes the request and never answers, a source address
     * that goes away once the request is out. The request fails at once with the reason, not at its 30 s
     * timeout (BoundSdkHttpClientTest: while the address stays, a slow answer is waited for).
     */
    @Test
    void aPostWhoseSourceAddressGoesAwayIsAbandonedWithTheReason() throws Exception {
        var arrived = new java.util.concurrent.CountDownLatch(1);
        var answer = new java.util.concurrent.CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/update", ex -> {
            ex.getRequestBody().readAllBytes();
            arrived.countDown();
            try {
                answer.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        var checks = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/update");
            Optional<InetAddress> source = Optional.of(InetAddress.getByName("127.0.0.2"));
            var watched = new BoundHttpClient(
                    Duration.ofSeconds(30),
                    new SourceWatch(address -> arrived.getCount() > 0, checks, SourceWatch.EVERY));
            long start = System.nanoTime();
            assertThatThrownBy(() -> watched.postJson(url, "{}", source))
                    .isInstanceOf(IOException.class)
                    .hasMessage("abandoned: 127.0.0.2 is no longer an address of this host (its link went down)");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("within a few checks, not the 30 s timeout")
                    .isLessThan(Duration.ofSeconds(3));

        } finally {
            answer.countDown();
            checks.shutdownNow();
            server.stop(0);
        }
    }

    @Test
    void aSourceThatCannotBeBoundFailsSayingSo() {
        var client = new BoundHttpClient(Duration.ofSeconds(1));
        // 192.0.2.1 (TEST-NET-1) is on no interface of this machine; nothing is sent anywhere
        assertThatThrownBy(() ->
                        client.get(URI.create("http://127.0.0.1:9/"), Optional.of(InetAddress.getByName("192.0.2.1"))))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot bind to 192.0.2.1");
        assertThatThrownBy(() -> client.get(URI.create("ftp://127.0.0.1/"), Optional.empty()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unsupported URL");
    }

    /** The HiLink stick rotates its session cookie and CSRF tokens in headers: every value must survive. */
    @Test
    void exchangeKeepsRepeatedHeadersInOrder() throws IOException {
        String raw = "HTTP/1.1 200 OK\r\nSet-Cookie: SessionID=a; path=/\r\nset-cookie: other=b\r\n"
                + "__RequestVerificationToken: t1#t2#\r\nContent-Length: 2\r\n\r\nOK";
        BoundHttpClient.Exchange e =
                BoundHttpClient.exchange(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), false);
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.headers("SET-COOKIE")).containsExactly("SessionID=a; path=/", "other=b");
        assertThat(e.header("__requestverificationtoken")).contains("t1#t2#");
        assertThat(e.body()).isEqualTo("OK");
        assertThatThrownBy(() -> BoundHttpClient.exchange(
                        new ByteArrayInputStream(
                                "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)),
                        false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Content-Length");
    }

    @Test
    void lineBreaksInRequestHeadersAreRefused() {
        assertThatThrownBy(() -> BoundHttpClient.Request.get(
                        URI.create("http://127.0.0.1:9/"), Map.of("X", "a\r\nInjected: yes")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
