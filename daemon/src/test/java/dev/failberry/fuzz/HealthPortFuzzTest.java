package dev.failberry.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.FailberryConfig;
import dev.failberry.http.HealthHandler;
import dev.failberry.http.HealthVerdict;
import dev.failberry.http.HttpListeners;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The public health listener on an ephemeral loopback port, attacked by three client threads per
 * round with raw random bytes, half requests, oversized heads, random methods, paths and headers,
 * pipelined and slow requests and abrupt closes. While and after they do, a well-formed
 * {@code GET /health} from another client gets the right answer (200 {@code failberry ok} or 503 with
 * the reason) within one second; attackers only ever see 200/400/404/405/431/503 or a closed
 * connection; the server is still up at the end.
 */
@AddLifecycleHook(FuzzCampaign.class)
class HealthPortFuzzTest {

    private static final Set<Integer> ALLOWED = Set.of(200, 400, 404, 405, 431, 503);
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");
    private static final int CLIENTS = 3;

    private static HttpListeners http;
    private static int port;
    private static ExecutorService clients;
    private static final AtomicReference<HealthVerdict> VERDICT =
            new AtomicReference<>(new HealthVerdict(true, "failberry ok"));
    /** Every status an attacker saw, and how many closed connections without a reply. */
    private static final Map<Integer, LongAdder> SEEN = new ConcurrentHashMap<>();

    private static final LongAdder CLOSED = new LongAdder();

    @BeforeContainer
    static void start() {
        var health = new FailberryConfig.Health(
                "127.0.0.1", 0, "/health", 512, 16, Duration.ofMillis(500), Duration.ofSeconds(2), 8192);
        var admin = new FailberryConfig.Admin("127.0.0.1", 0);
        http = new HttpListeners(health, admin, new HealthHandler("/health", VERDICT::get), exchange -> {
            exchange.setStatusCode(404);
            exchange.endExchange();
        });
        http.start();
        port = http.publicAddress().getPort();
        clients = Executors.newFixedThreadPool(CLIENTS, r -> {
            Thread t = new Thread(r, "health-fuzz-client");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterContainer
    static void stop() throws IOException {
        try {
            // still up at the end, and the attacks were not all turned away the same way
            checkHealth();
            Map<Integer, Long> seen = new TreeMap<>();
            SEEN.forEach((k, v) -> seen.put(k, v.sum()));
            assertThat(seen.keySet()).isSubsetOf(ALLOWED).contains(400);
            assertThat(seen.keySet()).containsAnyOf(200, 503).containsAnyOf(404, 405);
        } finally {
            clients.shutdownNow();
            http.close();
        }
    }

    // ---------------------------------------------------------------- attacks

    enum Kind {
        RANDOM_BYTES,
        HALF_REQUEST,
        OVERSIZED_HEAD,
        RANDOM_REQUEST,
        SLOW_WRITE,
        ABRUPT_CLOSE,
        PIPELINED,
        BAD_BODY
    }

    record Attack(Kind kind, long seed) {}

    @Provide
    Arbitrary<List<Attack>> attacks() {
        return net.jqwik.api.Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.longs())
                .as(Attack::new)
                .list()
                .ofMinSize(CLIENTS)
                .ofMaxSize(12);
    }

    private static final List<String> METHODS = List.of(
            "GET",
            "HEAD",
            "POST",
            "PUT",
            "DELETE",
            "OPTIONS",
            "TRACE",
            "CONNECT",
            "PATCH",
            "PRI",
            "get",
            "G\u00c9T",
            "GET GET",
            "",
            "FOO",
            "\u0000GET");
    private static final List<String> PATHS = List.of(
            "/health",
            "/",
            "/status",
            "/metrics",
            "/health/",
            "/health?x=1",
            "/health#f",
            "//health",
            "/HEALTH",
            "/%2e%2e/status",
            "/health/../status",
            "*",
            "http://x/health",
            "/" + "a".repeat(3000),
            "/%",
            "/%zz",
            "/\u00ff\u00fe",
            "health",
            "/health;jsessionid=1",
            "/?" + "a=1&".repeat(40));
    private static final List<String> VERSIONS = List.of(
            "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/0.9", "HTTP/1.1 x", "", "http/1.1", "HTTP/1.10", "HTTP/9");

    private static byte[] randomRequest(Random r) {
        if (r.nextBoolean()) { // plausible: reaches the handler, which answers 200/503/404/405
            StringBuilder b = new StringBuilder();
            b.append(pick(r, List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "FOO")))
                    .append(' ')
                    .append(pick(r, PATHS.subList(0, 12)))
                    .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            for (int i = r.nextInt(4); i > 0; i--) {
                b.append("X-")
                        .append(r.nextInt(1000))
                        .append(": ")
                        .append(randomToken(r, 30).replaceAll("[\\r\\n]", ""))
                        .append("\r\n");
            }
            return b.append("Content-Length: 0\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        }
        StringBuilder b = new StringBuilder();
        b.append(pick(r, METHODS))
                .append(' ')
                .append(pick(r, PATHS))
                .append(' ')
                .append(pick(r, VERSIONS))
                .append("\r\n");
        if (r.nextInt(4) != 0) {
            b.append("Host: ")
                    .append(r.nextBoolean() ? "127.0.0.1" : randomToken(r, 20))
                    .append("\r\n");
        }
        int headers = r.nextInt(10) == 0 ? 70 + r.nextInt(30) : r.nextInt(6);
        for (int i = 0; i < headers; i++) {
            switch (r.nextInt(6)) {
                case 0 ->
                    b.append(randomToken(r, 12))
                            .append(": ")
                            .append(randomToken(r, 40))
                            .append("\r\n");
                case 1 ->
                    b.append("Content-Length: ")
                            .append(pick(r, List.of("-1", "0", "99999999999", "abc", "5, 6")))
                            .append("\r\n");
                case 2 ->
                    b.append("Transfer-Encoding: ")
                            .append(pick(r, List.of("chunked", "gzip, chunked", "x")))
                            .append("\r\n");
                case 3 -> b.append("X-Inject: a\rb\nc: d\r\n");
                case 4 -> b.append(" folded continuation\r\n");
                default ->
                    b.append("Cookie: ").append("a=b; ".repeat(r.nextInt(30))).append("\r\n");
            }
        }
        b.append(r.nextInt(5) == 0 ? "\n" : "\r\n");
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String randomToken(Random r, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(max + 1); i > 0; i--) {
            s.append((char) (r.nextInt(5) == 0 ? r.nextInt(256) : ' ' + r.nextInt(95)));
        }
        return s.toString();
    }

    private static <T> T pick(Random r, List<T> l) {
        return l.get(r.nextInt(l.size()));
    }

    /** Runs one attack; returns the statuses it saw (empty if the server closed without answering). */
    static List<Integer> run(Attack a) throws IOException, InterruptedException {
        Random r = new Random(a.seed());
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(1000);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            try {
                switch (a.kind()) {
                    case RANDOM_BYTES -> {
                        byte[] b = new byte[1 + r.nextInt(4000)];
                        r.nextBytes(b);
                        out.write(b);
                    }
                    case HALF_REQUEST -> {
                        byte[] req = randomRequest(r);
                        out.write(req, 0, r.nextInt(req.length));
                    }
                    case OVERSIZED_HEAD ->
                        out.write(("GET /health HTTP/1.1\r\nHost: a\r\nX-Big: " + "x".repeat(9000 + r.nextInt(20_000))
                                        + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                    case RANDOM_REQUEST -> out.write(randomRequest(r));
                    case SLOW_WRITE -> {
                        byte[] req = "GET /health HTTP/1.1\r\nHost: slow\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                        for (byte x : req) {
                            out.write(x);
                            out.flush();
                            Thread.sleep(r.nextInt(8));
                        }
                    }
                    case ABRUPT_CLOSE -> {
                        byte[] req = randomRequest(r);
                        out.write(req, 0, r.nextInt(req.length));
                        if (r.nextBoolean()) {
                            s.setSoLinger(true, 0); // RST instead of FIN
                        }
                        return List.of();
                    }
                    case PIPELINED -> {
                        ByteArrayOutputStream b = new ByteArrayOutputStream();
                        for (int i = 1 + r.nextInt(5); i > 0; i--) {
                            b.write(
                                    r.nextInt(3) == 0
                                            ? randomRequest(r)
                                            : "GET /health HTTP/1.1\r\nHost: p\r\n\r\n"
                                                    .getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write(b.toByteArray());
                    }
                    case BAD_BODY ->
                        out.write(("POST /health HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                                        + pick(r, List.of("zz\r\n", "FFFFFFFFFFFFFFFF\r\n", "5\r\nab", "-1\r\n\r\n")))
                                .getBytes(StandardCharsets.US_ASCII));
                    default -> throw new IllegalStateException();
                }
                out.flush();
            } catch (IOException closedWhileWriting) {
                // the server may close on the first bad byte; what it answered is still readable or not
            }
            return statuses(readAll(s));
        }
    }

    /** Reads until EOF, or until a kept-alive connection has been quiet for 200 ms after answering. */
    private static byte[] readAll(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0 && b.size() < 1 << 20) {
                b.write(buf, 0, n);
                s.setSoTimeout(200);
            }
        } catch (SocketTimeoutException keptOpen) {
            // a pipelined or slow connection left open: judge what came
        } catch (IOException reset) {
            // reset by the server
        }
        return b.toByteArray();
    }

    private static List<Integer> statuses(byte[] response) {
        List<Integer> out = new ArrayList<>();
        Matcher m = STATUS.matcher(new String(response, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    /** A well-formed check from its own connection: the right status and body within one second. */
    static void checkHealth() throws IOException {
        HealthVerdict v = VERDICT.get();
        long t0 = System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(1000);
            s.getOutputStream()
                    .write("GET /health HTTP/1.1\r\nHost: monitor\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(ms).as("health check took %d ms", ms).isLessThan(1000);
            assertThat(reply)
                    .startsWith(v.healthy() ? "HTTP/1.1 200 " : "HTTP/1.1 503 ")
                    .endsWith("\r\n\r\n" + v.body());
        }
    }

    @Property(tries = 6, seed = "8400")
    void healthStaysCorrectWhileThePortIsAttacked(@ForAll("attacks") List<Attack> attacks, @ForAll boolean healthy)
            throws Exception {
        VERDICT.set(
                healthy
                        ? new HealthVerdict(true, "failberry ok")
                        : new HealthVerdict(false, "failberry unhealthy: link down: fuzz"));
        List<Future<List<Integer>>> results = new ArrayList<>();
        for (Attack a : attacks) {
            results.add(clients.submit(() -> run(a)));
        }
        checkHealth(); // while the attacks run
        for (int i = 0; i < results.size(); i++) {
            List<Integer> seen = results.get(i).get(10, TimeUnit.SECONDS);
            assertThat(seen).as("statuses for %s", attacks.get(i)).allSatisfy(st -> assertThat(st)
                    .isIn(ALLOWED));
            if (seen.isEmpty()) {
                CLOSED.increment();
            }
            seen.forEach(st -> SEEN.computeIfAbsent(st, k -> new LongAdder()).increment());
            if (attacks.get(i).kind() == Kind.SLOW_WRITE && !seen.isEmpty()) {
                assertThat(seen).containsExactly(healthy ? 200 : 503);
            }
        }
        checkHealth(); // and after them
    }
}
