package dev.failberry.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failberry.http.client.SourceWatch;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * The heartbeat's HTTP client with a call in flight: a server on loopback reads the request and does not
 * answer (CloudWatch with the answer still to come), and the call's source address goes away (the link went
 * down under it). The call timeout is 30 s throughout: a call that returns sooner was abandoned.
 */
class BoundSdkHttpClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final InetAddress SOURCE = InetAddress.getLoopbackAddress();

    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch answer = new CountDownLatch(1);
    private ServerSocket server;

    @AfterEach
    void tearDown() throws IOException {
        answer.countDown();
        watch.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    /** One connection: reads the request, says it arrived, answers 200 "ok" once {@link #answer} opens. */
    private int serveOnce() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(SOURCE, 0));
        Thread t = new Thread(
                () -> {
                    try (Socket c = server.accept()) {
                        InputStream in = c.getInputStream();
                        StringBuilder head = new StringBuilder();
                        while (!head.toString().endsWith("\r\n\r\n")) {
                            int b = in.read();
                            if (b < 0) {
                                return;
                            }
                            head.append((char) b);
                        }
                        arrived.countDown();
                        if (answer.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                            c.getOutputStream()
                                    .write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                                            .getBytes(StandardCharsets.US_ASCII));
                        }
                    } catch (IOException | InterruptedException e) {
                        // the client went away: what some tests want
                    }
                },
                "test-held-server");
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    private static HttpExecuteRequest post(int port) {
        byte[] body = "{}".getBytes(StandardCharsets.US_ASCII);
        SdkHttpFullRequest r = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .protocol("http")
                .host(SOURCE.getHostAddress())
                .port(port)
                .encodedPath("/")
                .putHeader("Content-Type", "application/cbor")
                .build();
        return HttpExecuteRequest.builder()
                .request(r)
                .contentStreamProvider(() -> new ByteArrayInputStream(body))
                .build();
    }

    @Test
    void aCallWhoseSourceAddressGoesAwayIsAbandonedAtOnceNotAtItsTimeout() throws Exception {
        int port = serveOnce();
        var client = new BoundSdkHttpClient(
                TIMEOUT,
                new SourceWatch(
                        address -> arrived.getCount() > 0, watch, SourceWatch.EVERY)); // gone once the request is out
        client.source(Optional.of(SOURCE));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.prepareRequest(post(port)).call())
                .isInstanceOf(IOException.class)
                .hasMessage("abandoned: 127.0.0.1 is no longer an address of this host (its link went down)");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("within a few checks, not the 30 s timeout")
                .isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void whileTheSourceAddressStaysASlowAnswerIsWaitedFor() throws Exception {
        int port = serveOnce();
        AtomicInteger checks = new AtomicInteger();
        var client = new BoundSdkHttpClient(
                TIMEOUT,
                new SourceWatch(
                        address -> {
                            if (checks.incrementAndGet() == 3) {
                                answer.countDown(); // the answer comes after three checks found the address
                            }
                            return true;
                        },
                        watch,
                        SourceWatch.EVERY));
        client.source(Optional.of(SOURCE));
        HttpExecuteResponse response = client.prepareRequest(post(port)).call();
        assertThat(response.httpResponse().statusCode()).isEqualTo(200);
        assertThat(response.responseBody().orElseThrow().readAllBytes())
                .asString()
                .isEqualTo("ok");
        assertThat(checks.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theSdksAbortEndsACallInFlight() throws Exception {
        int port = serveOnce();
        var client = new BoundSdkHttpClient(TIMEOUT, new SourceWatch(address -> true, watch, SourceWatch.EVERY));
        client.source(Optional.of(SOURCE));
        var call = client.prepareRequest(post(port));
        var result = CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
        call.abort(); // the SDK's attempt timeout, from its timer thread
        assertThatThrownBy(() -> result.get(3, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(java.net.SocketException.class)
                .hasMessageContaining("aborted by the SDK (its call or attempt timeout)");
    }

    @Test
    void anAddressThatIsNotThisHostsIsSeenAsGone() throws Exception {
        assertThat(SourceWatch.isLocal(SOURCE)).isTrue();
        assertThat(SourceWatch.isLocal(InetAddress.getByName("192.0.2.77"))).isFalse();
    }
}
