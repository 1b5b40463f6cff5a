package dev.failberry.sim.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.failberry.config.DnsNames;
import dev.failberry.config.Secret;
import dev.failberry.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A loopback stand-in for the AWS endpoints the daemon talks to, over real HTTP on 127.0.0.1 (ephemeral
 * port): Route53's REST/XML (records, changes, health checks), Lambda {@code Invoke}, and the reference
 * dynamic-DNS function URL ({@link #functionUrl()}), and CloudWatch's heartbeat and alarm calls in the
 * SDK's Smithy RPC v2 CBOR ({@link CloudWatchSim}). Holds the zone in memory, records every request
 * (with its {@code Authorization} header, so SigV4 signing can be asserted) and answers with scripted
 * faults: throttling, access denied, no such zone, invalid change batch, 5xx, 429, function errors, or
 * the endpoint going away ({@link #stop()}/{@link #restart()}), or holds a call unanswered ({@link #hold}). The zone is also served over plain DNS
 * by an authoritative name server on 127.0.0.1 UDP ({@link #dnsServer()}, see {@link DnsResponder}),
 * which can be made to drop queries ({@link #dnsSilent}). Used by tests and by {@code demo}.
 */
public final class LoopbackAws implements AutoCloseable {
    public static final String ACCESS_KEY = "AKIDLOOPBACKEXAMPLE";
    public static final String SECRET_KEY = "loopback/secret/key/not/a/real/one";

    private static final Pattern RRSET = Pattern.compile("/2013-04-01/hostedzone/([^/]+)/rrset/?");
    private static final Pattern CHANGE = Pattern.compile("/2013-04-01/change/([^/]+)");
    private static final Pattern HEALTH_CHECK = Pattern.compile("/2013-04-01/healthcheck/([^/]+)");
    private static final Pattern INVOKE = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");
    private static final String FUNCTION_URL_PATH = "/lambda-url/";
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=[^/]+/\\d{8}/([a-z0-9-]+)/");

    /** What the simulator serves. */
    public record Settings(
            String zoneId,
            String zoneName,
            String functionName,
            Secret functionUrlSecret,
            Set<String> functionUrlHosts,
            long functionUrlTtl) {
        public static Settings defaults() {
            return new Settings(
                    "Z0LOOPBACK0000",
                    "example.com",
                    "failberry-ddns",
                    new Secret("loopback-shared-secret"),
                    Set.of("lte.home.example.com"),
                    60);
        }

        public Settings withFunctionUrlHosts(Set<String> hosts) {
            return new Settings(zoneId, zoneName, functionName, functionUrlSecret, hosts, functionUrlTtl);
        }
    }

    private record Scripted(Operation operation, Fault fault, int[] remaining) {}

    private final Settings settings;
    private final InetAddress address;
    private final Route53Sim route53;
    private final LambdaSim lambda;
    private final CloudWatchSim cloudWatch = new CloudWatchSim();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final Deque<Scripted> faults = new ArrayDeque<>();
    private final Deque<Hold> holds = new ArrayDeque<>();
    private final ExecutorService executor;
    private final List<DnsQuery> dnsQueries = new ArrayList<>();
    private int port;
    private HttpServer server;
    private int dnsPort;
    private DnsResponder dns;
    private boolean dnsSilent;
    private boolean dnsTruncateUdp;
    private final List<DnsQuery> dnsTcpQueries = new ArrayList<>();
    private int requestIds;

    private LoopbackAws(Settings settings, InetAddress address) {
        this.settings = settings;
        this.address = address;
        this.route53 = new Route53Sim(settings.zoneId(), settings.zoneName());
        this.route53.alarms((region, name) -> cloudWatch.alarm(region, name) != null);
        this.lambda = new LambdaSim(
                route53,
                settings.functionName(),
                settings.functionUrlSecret(),
                settings.functionUrlHosts(),
                settings.functionUrlTtl());
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "loopback-aws");
            t.setDaemon(true);
            return t;
        });
    }

    public static LoopbackAws start() throws IOException {
        return start(Settings.defaults());
    }

    public static LoopbackAws start(Settings settings) throws IOException {
        return start(settings, InetAddress.getLoopbackAddress());
    }

    /**
     * The same endpoints on {@code address} instead of loopback: the network lab runs them "on the internet"
     * (an address in its inet namespace, bound from a thread in that namespace), so the daemon's calls cross
     * the lab's links as they would cross the real ones.
     */
    public static LoopbackAws start(Settings settings, InetAddress address) throws IOException {
        LoopbackAws aws = new LoopbackAws(settings, address);
        aws.bind(0, 0);
        return aws;
    }

    /** Static credentials the simulator accepts (it checks that requests are SigV4-signed with this key id). */
    public static AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    private synchronized void bind(int wanted, int wantedDns) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, wanted), 16);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
        try {
            dns = DnsResponder.start(address, wantedDns, route53.zoneName(), new DnsResponder.Zone() {
                @Override
                public Optional<List<Route53Sim.Rrset>> lookup(DnsQuery query, boolean tcp) {
                    return dnsLookup(query, tcp);
                }

                @Override
                public boolean truncateUdp() {
                    return dnsTruncated();
                }
            });
        } catch (IOException e) {
            server.stop(0);
            server = null;
            throw e;
        }
        dnsPort = dns.address().getPort();
    }

    public Settings settings() {
        return settings;
    }

    public synchronized int port() {
        return port;
    }

    /** Endpoint override for the Route53 and Lambda SDK clients. */
    public URI endpoint() {
        return URI.create("http://" + address.getHostAddress() + ":" + port());
    }

    /** The reference dynamic-DNS function's URL. */
    public URI functionUrl() {
        return URI.create("http://" + address.getHostAddress() + ":" + port() + FUNCTION_URL_PATH);
    }

    /** The zone's authoritative name server (UDP and TCP on 127.0.0.1). */
    public synchronized InetSocketAddress dnsServer() {
        return new InetSocketAddress(address, dnsPort);
    }

    /** While true the name server drops every query unanswered (clients time out). */
    public synchronized void dnsSilent(boolean silent) {
        dnsSilent = silent;
    }

    /** While true the name server's UDP answers are truncated (TC set, no records): clients must ask over TCP. */
    public synchronized void dnsTruncateUdp(boolean truncate) {
        dnsTruncateUdp = truncate;
    }

    private synchronized boolean dnsTruncated() {
        return dnsTruncateUdp;
    }

    /** The DNS queries answered so far (over UDP or TCP), oldest first. */
    public synchronized List<DnsQuery> dnsQueries() {
        return List.copyOf(dnsQueries);
    }

    /** The DNS queries answered over TCP so far, oldest first. */
    public synchronized List<DnsQuery> dnsTcpQueries() {
        return List.copyOf(dnsTcpQueries);
    }

    private synchronized Optional<List<Route53Sim.Rrset>> dnsLookup(DnsQuery query, boolean tcp) {
        if (dnsSilent) {
            return Optional.empty();
        }
        dnsQueries.add(query);
        if (tcp) {
            dnsTcpQueries.add(query);
        }
        return Optional.of(route53.records());
    }

    /**
     * The endpoint goes away: connections are refused until {@link #restart()}; the name server's socket
     * is closed too (queries get ICMP port unreachable).
     */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (dns != null) {
            dns.close();
            dns = null;
        }
    }

    /** Comes back on the same ports (HTTP and DNS). */
    public synchronized void restart() throws IOException {
        if (server == null) {
            bind(port, dnsPort);
        }
    }

    /** The next {@code times} calls of {@code operation} (null: any operation) fail with {@code fault}. */
    public synchronized void fail(Operation operation, Fault fault, int times) {
        faults.add(new Scripted(operation, fault, new int[] {times}));
    }

    public synchronized void failAlways(Operation operation, Fault fault) {
        fail(operation, fault, Integer.MAX_VALUE);
    }

    /**
     * The next call of {@code operation} is held: its request is read, then nothing is processed or sent back
     * until {@link Hold#release()} (a call in flight, with no answer yet, for as long as a test needs one).
     */
    public synchronized Hold hold(Operation operation) {
        Hold h = new Hold(operation);
        holds.add(h);
        return h;
    }

    /** A held call (see {@link #hold}). */
    public static final class Hold {
        private final Operation operation;
        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile long arrivedNanos;
        private volatile String source;

        private Hold(Operation operation) {
            this.operation = operation;
        }

        /** Waits until the call has arrived and is being held. */
        public boolean awaitArrival(Duration within) throws InterruptedException {
            return arrived.await(within.toNanos(), TimeUnit.NANOSECONDS);
        }

        /** When it arrived ({@link System#nanoTime()}). */
        public long arrivedNanos() {
            return arrivedNanos;
        }

        /** The caller's address. */
        public String source() {
            return source;
        }

        /** The held call is processed and answered as usual (to a client that may have gone). */
        public void release() {
            released.countDown();
        }

        private void hold(String from) {
            source = from;
            arrivedNanos = System.nanoTime();
            arrived.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized Optional<Hold> nextHold(Operation op) {
        for (var it = holds.iterator(); it.hasNext(); ) {
            Hold h = it.next();
            if (h.operation == op) {
                it.remove();
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    public synchronized void clearFaults() {
        faults.clear();
    }

    /** GetChange answers PENDING this many times before INSYNC (default 0). */
    public synchronized void insyncAfterPolls(int polls) {
        route53.insyncAfterPolls(polls);
    }

    /** The function URL sees this caller address (simulates NAT between the Pi and AWS). */
    public void functionSeesSourceIp(String ip) {
        lambda.seeSourceIp(ip);
    }

    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<RecordedRequest> requests(Operation op) {
        return requests.stream().filter(r -> r.operation() == op).toList();
    }

    public synchronized int count(Operation op) {
        return (int) requests.stream().filter(r -> r.operation() == op).count();
    }

    public synchronized int mutatingCount() {
        return (int) requests.stream().filter(r -> r.operation().mutating()).count();
    }

    public synchronized void clearRequests() {
        requests.clear();
    }

    /** The single value of a simple (non-failover) record, if it exists. */
    public synchronized Optional<String> recordValue(String name, String type) {
        var r = route53.record(name, type, null);
        return r == null || r.values().isEmpty()
                ? Optional.empty()
                : Optional.of(r.values().get(0));
    }

    /** Sets a simple record directly (to simulate drift or a record edited in the console). */
    public synchronized void putRecord(String name, String type, long ttl, String value) {
        route53.put(new Route53Sim.Rrset(DnsNames.normalize(name), type, null, null, ttl, List.of(value), null));
    }

    /** All records as {@code name type [setId failover] ttl values [check]} lines, sorted as Route53 lists them. */
    public synchronized List<String> describeRecords() {
        return route53.records().stream()
                .map(r -> r.name() + " " + r.type()
                        + (r.setIdentifier() == null ? "" : " " + r.setIdentifier() + " " + r.failover())
                        + " " + r.ttl() + " " + r.values()
                        + (r.healthCheckId() == null ? "" : " check=" + r.healthCheckId()))
                .toList();
    }

    /** Health checks as field maps (CallerReference, Id and the HealthCheckConfig fields). */
    public synchronized List<Map<String, String>> healthChecks() {
        return route53.healthChecks().stream()
                .map(c -> {
                    Map<String, String> m = new LinkedHashMap<>(c.config());
                    m.put("Id", c.id());
                    m.put("CallerReference", c.callerReference());
                    return Map.copyOf(m);
                })
                .toList();
    }

    /** Every heartbeat datapoint CloudWatch received, oldest first. */
    public synchronized List<CloudWatchSim.Datapoint> datapoints() {
        return cloudWatch.datapoints();
    }

    /** The CloudWatch alarms, as field maps (the PutMetricAlarm fields plus AlarmArn, StateValue, Region). */
    public synchronized List<Map<String, Object>> alarms() {
        return cloudWatch.alarms();
    }

    private void handle(HttpExchange ex) throws IOException {
        long arrived = System.nanoTime();
        try (ex) {
            byte[] raw = ex.getRequestBody().readAllBytes();
            String body = new String(raw, StandardCharsets.UTF_8);
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            Operation op = operation(method, path);
            // outside the lock: other calls go on while this one is held
            nextHold(op)
                    .ifPresent(h -> h.hold(ex.getRemoteAddress().getAddress().getHostAddress()));
            Reply reply;
            synchronized (this) {
                String requestId = "loopback-" + (++requestIds);
                Optional<Fault> fault = nextFault(op);
                Map<String, List<String>> headers = new LinkedHashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
                requests.add(new RecordedRequest(
                        arrived,
                        Instant.now(),
                        method,
                        path,
                        ex.getRequestURI().getRawQuery(),
                        Map.copyOf(headers),
                        body,
                        op,
                        ex.getRemoteAddress().getAddress().getHostAddress(),
                        fault));
                reply = fault.isPresent()
                        ? faultReply(op, fault.get(), requestId)
                        : cloudWatchOperation(op)
                                ? cloudWatch.handle(
                                        op,
                                        raw,
                                        signedRegion(headers),
                                        ex.getRemoteAddress().getAddress().getHostAddress(),
                                        Instant.now())
                                : dispatch(
                                        op,
                                        method,
                                        path,
                                        query(ex.getRequestURI().getRawQuery()),
                                        body,
                                        ex.getRemoteAddress().getAddress().getHostAddress(),
                                        requestId);
            }
            byte[] out = reply.payload();
            ex.getResponseHeaders().set("Content-Type", reply.contentType());
            ex.getResponseHeaders().set("x-amzn-RequestId", "loopback");
            reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        } catch (RuntimeException e) {
            ex.sendResponseHeaders(500, -1);
        }
    }

    private Optional<Fault> nextFault(Operation op) {
        for (var it = faults.iterator(); it.hasNext(); ) {
            Scripted s = it.next();
            if (s.operation() == null || s.operation() == op) {
                if (s.remaining()[0] != Integer.MAX_VALUE && --s.remaining()[0] <= 0) {
                    it.remove();
                }
                return Optional.of(s.fault());
            }
        }
        return Optional.empty();
    }

    private static boolean cloudWatchOperation(Operation op) {
        return op == Operation.PUT_METRIC_DATA
                || op == Operation.PUT_METRIC_ALARM
                || op == Operation.DESCRIBE_ALARMS
                || op == Operation.DELETE_ALARMS;
    }

    /** The region of the SigV4 credential scope ({@code Credential=KEY/DATE/REGION/SERVICE/aws4_request}). */
    private static String signedRegion(Map<String, List<String>> headers) {
        List<String> auth = headers.getOrDefault("authorization", List.of());
        Matcher m = auth.isEmpty() ? null : CREDENTIAL.matcher(auth.get(0));
        return m != null && m.find() ? m.group(1) : "unsigned";
    }

    static Operation operation(String method, String path) {
        boolean get = method.equals("GET");
        boolean post = method.equals("POST");
        if (post && path.startsWith(CloudWatchSim.PATH_PREFIX)) {
            return CloudWatchSim.operation(path);
        }
        if (RRSET.matcher(path).matches()) {
            return post ? Operation.CHANGE_RRSETS : get ? Operation.LIST_RRSETS : Operation.UNKNOWN;
        }
        if (get && CHANGE.matcher(path).matches()) {
            return Operation.GET_CHANGE;
        }
        if (path.equals("/2013-04-01/healthcheck") || path.equals("/2013-04-01/healthcheck/")) {
            return post ? Operation.CREATE_HEALTH_CHECK : get ? Operation.LIST_HEALTH_CHECKS : Operation.UNKNOWN;
        }
        if (get && HEALTH_CHECK.matcher(path).matches()) {
            return Operation.GET_HEALTH_CHECK;
        }
        if (post && INVOKE.matcher(path).matches()) {
            return Operation.INVOKE;
        }
        if (post && path.startsWith(FUNCTION_URL_PATH)) {
            return Operation.FUNCTION_URL;
        }
        return Operation.UNKNOWN;
    }

    private Reply dispatch(
            Operation op,
            String method,
            String path,
            Map<String, String> query,
            String body,
            String source,
            String requestId) {
        return switch (op) {
            case CHANGE_RRSETS -> route53.change(group(RRSET, path), body, requestId);
            case LIST_RRSETS -> route53.list(group(RRSET, path), query, requestId);
            case GET_CHANGE -> route53.getChange(group(CHANGE, path), requestId);
            case CREATE_HEALTH_CHECK -> route53.createHealthCheck(body, requestId);
            case LIST_HEALTH_CHECKS -> route53.listHealthChecks(query);
            case GET_HEALTH_CHECK -> route53.getHealthCheck(group(HEALTH_CHECK, path), requestId);
            case INVOKE -> lambda.invoke(group(INVOKE, path), body);
            case FUNCTION_URL -> lambda.functionUrl(body, source);
            case PUT_METRIC_DATA, PUT_METRIC_ALARM, DESCRIBE_ALARMS, DELETE_ALARMS -> throw new IllegalStateException();
            case UNKNOWN -> Reply.xml(404, SimXml.error(404, "UnknownOperation", method + " " + path, requestId));
        };
    }

    private static Reply faultReply(Operation op, Fault f, String requestId) {
        return switch (op) {
            case INVOKE ->
                f == Fault.FUNCTION_ERROR
                        ? LambdaSim.functionError("Exception", f.message)
                        : LambdaSim.lambdaError(f.lambdaStatus(), f.lambdaCode(), f.message);
            case FUNCTION_URL ->
                Reply.json(
                        f == Fault.FUNCTION_ERROR ? 502 : f.status,
                        Json.of(
                                "return_status",
                                "fail",
                                "return_message",
                                "An error occurred (" + f.code + "): " + f.message));
            case PUT_METRIC_DATA, PUT_METRIC_ALARM, DESCRIBE_ALARMS, DELETE_ALARMS ->
                CloudWatchSim.error(f.status, f.cloudWatchCode(), f.message);
            default -> Reply.xml(f == Fault.FUNCTION_ERROR ? 500 : f.status, SimXml.error(f, requestId));
        };
    }

    private static String group(Pattern p, String path) {
        Matcher m = p.matcher(path);
        if (!m.matches()) {
            throw new IllegalStateException(path);
        }
        return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                out.put(
                        URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        synchronized (this) {
            holds.clear();
        }
        stop();
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
