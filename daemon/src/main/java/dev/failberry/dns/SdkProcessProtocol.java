package dev.failberry.dns;

import dev.failberry.config.FailberryConfig;
import dev.failberry.dns.DnsBackend.PublishOutcome;
import dev.failberry.json.Json;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the daemon and its AWS helper process ({@link SdkProcessMain}) say to each other: one flat JSON
 * object per line on the helper's stdin and stdout. The first line is the {@link Spec}; then each request
 * ({@code warm}, {@code read}, {@code publish}, {@code insync}, {@code beat}) gets exactly one reply, {@code ok} or an error with its
 * {@link DnsException.Kind}. No secret ever travels here: the helper finds AWS credentials itself (the
 * SDK's default chain: environment, profile, instance role). Pure.
 */
public final class SdkProcessProtocol {
    private SdkProcessProtocol() {}

    /** Thrown for a line that does not follow the protocol. */
    public static final class ProtocolException extends Exception {
        public ProtocolException(String message) {
            super(message, null, false, false);
        }
    }

    /** Which SDK backend the helper builds, with the settings it needs (nothing secret). */
    public record Spec(
            String provider,
            String record,
            int ttl,
            Optional<String> zoneId,
            Optional<String> functionName,
            Optional<URI> endpoint,
            String region,
            Duration apiCallTimeout,
            Duration apiCallAttemptTimeout,
            Duration idleExit,
            Optional<Heartbeat> heartbeat) {

        public static final String ROUTE53 = "route53";
        public static final String LAMBDA_INVOKE = "lambda-invoke";

        /**
         * The CloudWatch heartbeat the helper sends on request ({@code mobile-check = cloudwatch}): its
         * namespace (the record is the spec's) and an endpoint override.
         */
        public record Heartbeat(String namespace, Optional<URI> endpoint) {}

        /** A spec without a heartbeat. */
        public Spec(
                String provider,
                String record,
                int ttl,
                Optional<String> zoneId,
                Optional<String> functionName,
                Optional<URI> endpoint,
                String region,
                Duration apiCallTimeout,
                Duration apiCallAttemptTimeout,
                Duration idleExit) {
            this(
                    provider,
                    record,
                    ttl,
                    zoneId,
                    functionName,
                    endpoint,
                    region,
                    apiCallTimeout,
                    apiCallAttemptTimeout,
                    idleExit,
                    Optional.empty());
        }

        /**
         * With a heartbeat every {@code interval} the helper must outlive the gap between two beats, or a JVM
         * would start for each (seconds of CPU on a Pi 2B): it then stays, idle, for twice the interval.
         */
        private static Duration idle(FailberryConfig.Dns dns) {
            if (dns.failover().mobileCheck() != FailberryConfig.MobileCheck.CLOUDWATCH) {
                return dns.sdkProcessIdle();
            }
            Duration twice = dns.failover().heartbeat().interval().multipliedBy(2);
            return twice.compareTo(dns.sdkProcessIdle()) > 0 ? twice : dns.sdkProcessIdle();
        }

        private static Optional<Heartbeat> heartbeat(FailberryConfig.Dns dns) {
            FailberryConfig.Failover f = dns.failover();
            return f.mobileCheck() == FailberryConfig.MobileCheck.CLOUDWATCH
                    ? Optional.of(new Heartbeat(
                            f.heartbeat().namespace(), f.heartbeat().endpoint()))
                    : Optional.empty();
        }

        /** The spec for {@code config}, or empty when its provider does not use the AWS SDK. */
        public static Optional<Spec> of(FailberryConfig config) {
            FailberryConfig.Dns dns = config.dns();
            FailberryConfig.Aws aws = config.aws();
            if (dns.record().isEmpty()) {
                return Optional.empty();
            }
            return switch (dns.provider()) {
                case ROUTE53 ->
                    Optional.of(new Spec(
                            ROUTE53,
                            dns.record().get(),
                            dns.ttl(),
                            dns.route53().hostedZoneId(),
                            Optional.empty(),
                            dns.route53().endpoint(),
                            aws.region(),
                            aws.apiCallTimeout(),
                            aws.apiCallAttemptTimeout(),
                            idle(dns),
                            heartbeat(dns)));
                case LAMBDA ->
                    dns.lambda().mode() == FailberryConfig.LambdaMode.INVOKE
                            ? Optional.of(new Spec(
                                    LAMBDA_INVOKE,
                                    dns.record().get(),
                                    dns.ttl(),
                                    Optional.empty(),
                                    dns.lambda().functionName(),
                                    dns.lambda().endpoint(),
                                    aws.region(),
                                    aws.apiCallTimeout(),
                                    aws.apiCallAttemptTimeout(),
                                    idle(dns),
                                    heartbeat(dns)))
                            : Optional.empty();
                case NONE -> Optional.empty();
            };
        }

        public String encode() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("provider", provider);
            m.put("record", record);
            m.put("ttl", Integer.toString(ttl));
            zoneId.ifPresent(z -> m.put("zone", z));
            functionName.ifPresent(f -> m.put("function", f));
            endpoint.ifPresent(e -> m.put("endpoint", e.toString()));
            m.put("region", region);
            m.put("callTimeout", apiCallTimeout.toString());
            m.put("attemptTimeout", apiCallAttemptTimeout.toString());
            m.put("idle", idleExit.toString());
            heartbeat.ifPresent(h -> {
                m.put("heartbeatNamespace", h.namespace());
                h.endpoint().ifPresent(e -> m.put("heartbeatEndpoint", e.toString()));
            });
            return Json.write(m);
        }

        public static Spec decode(String line) throws ProtocolException {
            Map<String, String> m = parse(line);
            String provider = required(m, "provider");
            if (!provider.equals(ROUTE53) && !provider.equals(LAMBDA_INVOKE)) {
                throw new ProtocolException("unknown provider " + Json.quote(provider));
            }
            if (provider.equals(ROUTE53) && !m.containsKey("zone")) {
                throw new ProtocolException("missing \"zone\" for route53");
            }
            if (provider.equals(LAMBDA_INVOKE) && !m.containsKey("function")) {
                throw new ProtocolException("missing \"function\" for lambda-invoke");
            }
            try {
                return new Spec(
                        provider,
                        required(m, "record"),
                        Integer.parseInt(required(m, "ttl")),
                        Optional.ofNullable(m.get("zone")),
                        Optional.ofNullable(m.get("function")),
                        Optional.ofNullable(m.get("endpoint")).map(URI::create),
                        required(m, "region"),
                        Duration.parse(required(m, "callTimeout")),
                        Duration.parse(required(m, "attemptTimeout")),
                        Duration.parse(required(m, "idle")),
                        Optional.ofNullable(m.get("heartbeatNamespace"))
                                .map(ns -> new Heartbeat(
                                        ns,
                                        Optional.ofNullable(m.get("heartbeatEndpoint"))
                                                .map(URI::create))));
            } catch (RuntimeException e) {
                throw new ProtocolException("bad start line: " + e.getMessage());
            }
        }
    }

    // ---- requests ----

    public static String readRequest(RecordType type) {
        return Json.of("op", "read", "type", type.name());
    }

    public static String publishRequest(Map<RecordType, InetAddress> values, Optional<InetAddress> source) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("op", "publish");
        values.forEach((t, ip) -> m.put(t.name(), ip.getHostAddress()));
        source.ifPresent(s -> m.put("source", s.getHostAddress()));
        return Json.write(m);
    }

    /** Build the client now, so that the call that follows does not wait for it. */
    public static String warmRequest() {
        return Json.of("op", "warm");
    }

    public static String insyncRequest(String changeId) {
        return Json.of("op", "insync", "change", changeId);
    }

    /** One heartbeat datapoint, sent from {@code source}. */
    public static String beatRequest(Optional<InetAddress> source) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("op", "beat");
        source.ifPresent(s -> m.put("source", s.getHostAddress()));
        return Json.write(m);
    }

    /** Runs one request line against {@code backend} and returns the reply line. Never throws. */
    public static String serve(String line, DnsBackend backend) {
        return serve(line, backend, Optional.empty());
    }

    /** As above; {@code beat} requests go to {@code heartbeat} (an error when the spec asked for none). */
    public static String serve(String line, DnsBackend backend, Optional<HeartbeatSender> heartbeat) {
        try {
            Map<String, String> m = parse(line);
            String op = required(m, "op");
            return switch (op) {
                case "read" ->
                    Json.of(
                            "ok",
                            "read",
                            "value",
                            backend.read(type(required(m, "type")))
                                    .map(InetAddress::getHostAddress)
                                    .orElse(""));
                case "publish" -> encodeOutcome(backend.publish(addresses(m), address(m, "source")));
                case "insync" ->
                    Json.of("ok", "insync", "insync", Boolean.toString(backend.insync(required(m, "change"))));
                case "warm" -> {
                    backend.warmUp();
                    if (heartbeat.isPresent() && heartbeat.get() instanceof CloudWatchHeartbeat c) {
                        c.warmUp();
                    }
                    yield Json.of("ok", "warm");
                }
                case "beat" -> {
                    if (heartbeat.isEmpty()) {
                        throw new ProtocolException("no heartbeat in this helper's spec");
                    }
                    heartbeat.get().beat(address(m, "source"));
                    yield Json.of("ok", "beat");
                }
                default -> throw new ProtocolException("unknown op " + Json.quote(op));
            };
        } catch (DnsException e) {
            return error(e.kind(), e.getMessage());
        } catch (ProtocolException e) {
            return error(DnsException.Kind.PERMANENT, "helper protocol: " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return error(DnsException.Kind.PERMANENT, "the AWS client could not run: " + oneLine(e.toString()));
        }
    }

    static String error(DnsException.Kind kind, String message) {
        return Json.of("error", kind.name(), "message", oneLine(message));
    }

    private static String encodeOutcome(PublishOutcome o) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ok", "publish");
        o.published().forEach((t, ip) -> m.put(t.name(), ip.getHostAddress()));
        m.put("changed", Boolean.toString(o.changed()));
        o.changeId().ifPresent(id -> m.put("change", id));
        m.put("detail", oneLine(o.detail()));
        return Json.write(m);
    }

    // ---- replies ----

    /** The record's value from a {@code read} reply. */
    public static Optional<InetAddress> decodeRead(String line) throws DnsException, ProtocolException {
        Map<String, String> m = reply(line, "read");
        String value = required(m, "value");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                Ips.parse(value).orElseThrow(() -> new ProtocolException("not an address: " + Json.quote(value))));
    }

    public static PublishOutcome decodePublish(String line) throws DnsException, ProtocolException {
        Map<String, String> m = reply(line, "publish");
        return new PublishOutcome(
                addresses(m),
                Boolean.parseBoolean(required(m, "changed")),
                Optional.ofNullable(m.get("change")),
                m.getOrDefault("detail", ""));
    }

    public static void decodeWarm(String line) throws DnsException, ProtocolException {
        reply(line, "warm");
    }

    public static void decodeBeat(String line) throws DnsException, ProtocolException {
        reply(line, "beat");
    }

    public static boolean decodeInsync(String line) throws DnsException, ProtocolException {
        return Boolean.parseBoolean(required(reply(line, "insync"), "insync"));
    }

    private static Map<String, String> reply(String line, String op) throws DnsException, ProtocolException {
        Map<String, String> m = parse(line);
        String kind = m.get("error");
        if (kind != null) {
            DnsException.Kind k;
            try {
                k = DnsException.Kind.valueOf(kind);
            } catch (IllegalArgumentException e) {
                throw new ProtocolException("unknown error kind " + Json.quote(kind));
            }
            throw new DnsException(k, m.getOrDefault("message", "(no message)"));
        }
        if (!op.equals(m.get("ok"))) {
            throw new ProtocolException("expected a reply to " + op + ", got " + abbreviate(line));
        }
        return m;
    }

    // ---- helpers ----

    private static Map<String, String> parse(String line) throws ProtocolException {
        if (line == null || line.isBlank()) {
            throw new ProtocolException("empty line");
        }
        try {
            return Json.parseFlat(line);
        } catch (RuntimeException e) {
            throw new ProtocolException("not a flat JSON object: " + abbreviate(line));
        }
    }

    private static String required(Map<String, String> m, String key) throws ProtocolException {
        String v = m.get(key);
        if (v == null) {
            throw new ProtocolException("missing " + Json.quote(key));
        }
        return v;
    }

    private static RecordType type(String name) throws ProtocolException {
        try {
            return RecordType.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("unknown record type " + Json.quote(name));
        }
    }

    private static Map<RecordType, InetAddress> addresses(Map<String, String> m) throws ProtocolException {
        Map<RecordType, InetAddress> values = new EnumMap<>(RecordType.class);
        for (RecordType t : RecordType.values()) {
            Optional<InetAddress> ip = address(m, t.name());
            if (ip.isPresent()) {
                values.put(t, ip.get());
            }
        }
        return values;
    }

    private static Optional<InetAddress> address(Map<String, String> m, String key) throws ProtocolException {
        String v = m.get(key);
        if (v == null) {
            return Optional.empty();
        }
        Optional<InetAddress> ip = Ips.parse(v);
        if (ip.isEmpty()) {
            throw new ProtocolException(key + " is not an address: " + Json.quote(v));
        }
        return ip;
    }

    /** One line: newlines and tabs become spaces (the SDK's messages span lines). */
    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    private static String abbreviate(String line) {
        String one = oneLine(line);
        return one.length() > 120 ? one.substring(0, 120) + "…" : one;
    }
}
