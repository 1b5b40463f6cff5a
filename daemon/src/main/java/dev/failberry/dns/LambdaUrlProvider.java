package dev.failberry.dns;

import dev.failberry.config.DnsNames;
import dev.failberry.config.Secret;
import dev.failberry.http.client.BoundHttpClient;
import dev.failberry.json.Json;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS reference dynamic-DNS function (awslabs/route53-dynamic-dns-with-lambda, current version)
 * behind its function URL. The function publishes the address it sees the request come from, so both
 * requests leave from the link's own source address: {@code {"execution_mode":"get"}} returns that
 * address, then {@code {"execution_mode":"set","ddns_hostname":H,"validation_hash":sha256hex(ip+H+secret)}}
 * sets it (200 unchanged, 201 updated, 401 hash mismatch, 403 unknown host, 500 Route53 error).
 * A records only: the function hard-codes type A.
 */
public final class LambdaUrlProvider implements DnsBackend {
    private final URI functionUrl;
    private final String record;
    private final Secret secret;
    private final BoundHttpClient http;

    public LambdaUrlProvider(URI functionUrl, String record, Secret secret, BoundHttpClient http) {
        this.functionUrl = functionUrl;
        this.record = DnsNames.normalize(record);
        this.secret = secret;
        this.http = http;
    }

    @Override
    public String name() {
        return "lambda-url";
    }

    @Override
    public String record() {
        return record;
    }

    @Override
    public boolean supports(RecordType type) {
        return type == RecordType.A;
    }

    @Override
    public boolean canRead() {
        return false;
    }

    @Override
    public Optional<InetAddress> read(RecordType type) {
        throw new UnsupportedOperationException("the reference function cannot read the record");
    }

    /** Asks the function which address it sees us calling from ({@code execution_mode=get}). */
    public InetAddress callerAddress(Optional<InetAddress> source) throws DnsException {
        Map<String, String> get = call(Map.of("execution_mode", "get"), source, "get");
        String seen = get.get("return_message");
        InetAddress ip = Ips.parse(seen)
                .orElseThrow(() -> new DnsException(
                        DnsException.Kind.PERMANENT,
                        "Lambda function URL get: answer is not an IP address: " + AwsErrors.oneLine(seen)));
        if (!(ip instanceof Inet4Address)) {
            throw new DnsException(
                    DnsException.Kind.PERMANENT,
                    "Lambda function URL saw IPv6 address " + ip.getHostAddress()
                            + "; the reference function writes A records only");
        }
        return ip;
    }

    @Override
    public PublishOutcome publish(Map<RecordType, InetAddress> values, Optional<InetAddress> source)
            throws DnsException {
        InetAddress seen = callerAddress(source);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("execution_mode", "set");
        body.put("ddns_hostname", record);
        body.put("validation_hash", ValidationHash.of(seen.getHostAddress(), record, secret));
        Map<String, String> set = call(body, source, "set");
        boolean changed = "201".equals(set.get("status"));
        String note =
                values.containsKey(RecordType.A) && !values.get(RecordType.A).equals(seen)
                        ? " (the function sees " + seen.getHostAddress() + ", the link has "
                                + values.get(RecordType.A).getHostAddress() + ")"
                        : "";
        return new PublishOutcome(
                Map.of(RecordType.A, seen),
                changed,
                Optional.empty(),
                (changed ? "updated to " : "unchanged at ") + seen.getHostAddress() + note);
    }

    /** One POST; returns the parsed answer body plus its HTTP status under {@code status}. */
    private Map<String, String> call(Map<String, String> request, Optional<InetAddress> source, String mode)
            throws DnsException {
        String what = "Lambda function URL " + mode;
        BoundHttpClient.Response r;
        try {
            r = http.postJson(functionUrl, Json.write(request), source);
        } catch (IOException e) {
            throw new DnsException(
                    DnsException.Kind.NETWORK,
                    what + " could not reach " + functionUrl.getHost() + ": "
                            + AwsErrors.oneLine(e.getClass().getSimpleName()
                                    + (e.getMessage() == null ? "" : " " + e.getMessage())));
        }
        Map<String, String> parsed = new LinkedHashMap<>();
        try {
            parsed.putAll(Json.parseFlat(r.body()));
        } catch (IllegalArgumentException e) {
            parsed.put("return_message", r.body());
        }
        parsed.put("status", Integer.toString(r.status()));
        String message = AwsErrors.oneLine(parsed.get("return_message"));
        return switch (r.status()) {
            case 200, 201 -> parsed;
            case 401 ->
                throw new DnsException(
                        DnsException.Kind.PERMANENT,
                        what + ": 401 validation hash mismatch (" + message + "); check dns.lambda.shared-secret");
            case 403 ->
                throw new DnsException(
                        DnsException.Kind.PERMANENT,
                        what + ": 403 the function has no configuration for " + record + " (" + message + ")");
            case 429 -> throw new DnsException(DnsException.Kind.THROTTLED, what + ": 429 too many requests");
            case 500, 502, 503, 504 ->
                throw new DnsException(
                        DnsException.Kind.SERVER,
                        what + ": " + r.status() + (message.isEmpty() ? "" : " (" + message + ")"));
            default ->
                throw new DnsException(
                        DnsException.Kind.PERMANENT,
                        what + ": HTTP " + r.status() + (message.isEmpty() ? "" : " (" + message + ")"));
        };
    }

    @Override
    public void close() {}
}
