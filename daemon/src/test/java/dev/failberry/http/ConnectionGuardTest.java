package dev.failberry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.failberry.config.FailberryConfig;
import dev.failberry.daemon.Supervisor;
import dev.failberry.metrics.Metrics;
import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection policy of both listeners ({@link ConnectionGuard}), over real sockets: which
 * connection is closed when a limit is reached, the first-request deadline, and the admin listener
 * (issue 21: 16 idle local connections made {@code status} report "not running").
 */
class ConnectionGuardTest {
    private final VirtualTime time = new VirtualTime();
    private final Supervisor supervisor = new Supervisor(time);
    private final AdminHandler admin =
            new AdminHandler(supervisor::snapshot, time, new Metrics(supervisor::snapshot, time));
    private final List<Socket> sockets = new ArrayList<>();
    private HttpListeners http;

    private void start(int total, int perAddress, Duration requestTimeout, Duration idleTimeout) {
        var health = new FailberryConfig.Health(
                "127.0.0.1", 0, "/health", total, perAddress, requestTimeout, idleTimeout, 8192);
        http = new HttpListeners(
                health,
                new FailberryConfig.Admin("127.0.0.1", 0),
                new HealthHandler("/health", () -> HealthVerdict.OK),
                admin);
        http.start();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (http != null) {
            http.close();
        }
    }

    /** Opens a connection from {@code source} and waits until the listener has taken it on. */
    private Socket open(InetSocketAddress target, String source, boolean publicListener) throws IOException {
        long before = counts(publicListener).accepted();
        var s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        s.connect(target, 2000);
        sockets.add(s);
        await().atMost(Duration.ofSeconds(5))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> counts(publicListener).accepted() > before);
        return s;
    }

    private ConnectionGuard.Counts counts(boolean publicListener) {
        return publicListener ? http.publicCounts() : http.adminCounts();
    }

    /** One keep-alive request on {@code s}; returns the status line. */
    private static String request(Socket s, String path) throws IOException {
        s.setSoTimeout(2000);
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        String status = line(in);
        int length = 0;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(h.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return status;
    }

    private static String line(InputStream in) throws IOException {
        var b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.append((char) c);
        }
        return b.toString().trim();
    }

    /** True when the server closed {@code s} (EOF or reset) within {@code millis}. */
    private static boolean closedByServer(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Test
    void anAddressAtItsLimitHasItsNewConnectionsClosedWhileOthersAreServed() throws Exception {
        start(512, 2, Duration.ofSeconds(30), Duration.ofSeconds(30));
        InetSocketAddress target = http.publicAddress();
        Socket a = open(target, "127.0.0.2", true);
        Socket b = open(target, "127.0.0.2", true);
        Socket third = open(target, "127.0.0.2", true);

        assertThat(closedByServer(third, 2000)).isTrue();
        assertThat(http.publicCounts().refusedForAddress()).isEqualTo(1);
        assertThat(closedByServer(a, 100)).isFalse();
        assertThat(closedByServer(b, 100)).isFalse();
        assertThat(ConnectionFlood.probeOnce(target, InetAddress.getByName("127.0.0.3"), "/health", 2000, 200))
                .isNotNegative();
        // the address's own connections still work
        assertThat(request(a, "/health")).isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void whenAllAreTakenTheLeastRecentlyUsedIdleConnectionMakesRoomForAnAddressBelowItsShare() throws Exception {
        start(4, 3, Duration.ofSeconds(30), Duration.ofSeconds(30));
        InetSocketAddress target = http.publicAddress();
        Socket oldestIdle = open(target, "127.0.0.2", true);
        Socket idle = open(target, "127.0.0.3", true);
        Socket keepAlive = open(target, "127.0.0.2", true);
        Socket newest = open(target, "127.0.0.4", true);
        // the first connection is the oldest, but a request makes it the most recently used
        Socket used = oldestIdle;
        assertThat(request(used, "/health")).isEqualTo("HTTP/1.1 200 OK");
        // now the least recently used is `idle`, then `keepAlive`

        assertThat(ConnectionFlood.probeOnce(target, InetAddress.getByName("127.0.0.5"), "/health", 2000, 200))
                .isNotNegative();
        assertThat(closedByServer(idle, 2000)).isTrue();
        assertThat(closedByServer(keepAlive, 100)).isFalse();
        assertThat(closedByServer(newest, 100)).isFalse();
        assertThat(closedByServer(used, 100)).isFalse();
        assertThat(http.publicCounts().closedForTotal()).isEqualTo(1);

        // full again (127.0.0.2 holds two, .4 and .6 one each): an address holding more than the average
        // gets no more, and takes none from others
        await().atMost(Duration.ofSeconds(2)).until(() -> http.publicCounts().open() == 3);
        open(target, "127.0.0.6", true);
        Socket greedy = open(target, "127.0.0.2", true);
        assertThat(closedByServer(greedy, 2000)).isTrue();
        assertThat(closedByServer(newest, 100)).isFalse();
        assertThat(closedByServer(keepAlive, 100)).isFalse();
        assertThat(http.publicCounts().refused()).isEqualTo(1);
    }

    @Test
    void aConnectionThatSendsNoRequestIsClosedAfterTheRequestTimeout() throws Exception {
        start(512, 16, Duration.ofMillis(300), Duration.ofSeconds(30));
        Socket silent = open(http.publicAddress(), "127.0.0.2", true);
        long start = System.nanoTime();
        assertThat(closedByServer(silent, 5000)).isTrue();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).isBetween(100L, 2000L);
        assertThat(http.publicCounts().noFirstRequest()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(2)).until(() -> http.publicCounts().open() == 0);
        // a keep-alive connection that made a request waits for idle-timeout, not the request timeout
        Socket used = open(http.publicAddress(), "127.0.0.2", true);
        assertThat(request(used, "/health")).isEqualTo("HTTP/1.1 200 OK");
        assertThat(closedByServer(used, 800)).isFalse();
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64AndIpv4PerAddress() throws Exception {
        Object a = ConnectionGuard.addressKey(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2::1"), 1));
        Object b = ConnectionGuard.addressKey(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2:ffff::9"), 2));
        Object c = ConnectionGuard.addressKey(new InetSocketAddress(InetAddress.getByName("2001:db8:1:3::1"), 1));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
        assertThat(ConnectionGuard.addressKey(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 1)))
                .isEqualTo(ConnectionGuard.addressKey(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 2)))
                .isNotEqualTo(ConnectionGuard.addressKey(new InetSocketAddress(InetAddress.getByName("192.0.2.2"), 1)));
        // ::ffff:192.0.2.1 as the JDK hands it over: an IPv4 address
        assertThat(ConnectionGuard.addressKey(new InetSocketAddress(InetAddress.getByName("::ffff:192.0.2.1"), 1)))
                .isEqualTo(ConnectionGuard.addressKey(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 1)));
    }

    @Test
    void idleLocalConnectionsCannotLockStatusOutOfTheAdminPort() throws Exception {
        start(512, 16, Duration.ofSeconds(30), Duration.ofSeconds(30));
        for (int i = 0; i < 3 * HttpListeners.ADMIN_CONNECTIONS; i++) {
            var s = new Socket();
            s.connect(http.adminAddress(), 2000);
            sockets.add(s);
        }
        long start = System.nanoTime();
        assertThat(getStatus(http.adminAddress())).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2000);
        assertThat(http.adminCounts().open()).isLessThanOrEqualTo(HttpListeners.ADMIN_CONNECTIONS);
    }

    @Test
    void aBusyAdminOperationIsNeverClosedToMakeRoomNorCutByTheIdleTimeout() throws Exception {
        start(512, 16, Duration.ofSeconds(2), Duration.ofMillis(300));
        var release = new CountDownLatch(1);
        var running = new CountDownLatch(1);
        admin.post("/slow", req -> {
            running.countDown();
            return release.await(20, TimeUnit.SECONDS)
                    ? AdminRoute.Response.text(200, "done")
                    : AdminRoute.Response.text(500, "never released");
        });
        CompletableFuture<Integer> slow = CompletableFuture.supplyAsync(() -> {
            try {
                var c = (HttpURLConnection)
                        URI.create("http://127.0.0.1:" + http.adminAddress().getPort() + "/slow")
                                .toURL()
                                .openConnection();
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setReadTimeout(20_000);
                c.getOutputStream().close();
                return c.getResponseCode();
            } catch (IOException e) {
                return -1;
            }
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 2 * HttpListeners.ADMIN_CONNECTIONS; i++) {
            var s = new Socket();
            s.connect(http.adminAddress(), 2000);
            sockets.add(s);
        }
        assertThat(getStatus(http.adminAddress())).isEqualTo(200);
        // longer than idle-timeout without a byte either way
        await().pollDelay(Duration.ofMillis(1000)).until(() -> true);
        release.countDown();
        assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo(200);
    }

    private static int getStatus(InetSocketAddress admin) throws IOException {
        var c = (HttpURLConnection) URI.create("http://127.0.0.1:" + admin.getPort() + "/status")
                .toURL()
                .openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(2000);
        int code = c.getResponseCode();
        c.getInputStream().readAllBytes();
        c.disconnect();
        return code;
    }
}
