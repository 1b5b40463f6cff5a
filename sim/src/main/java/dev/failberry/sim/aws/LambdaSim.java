package dev.failberry.sim.aws;

import dev.failberry.config.DnsNames;
import dev.failberry.config.Secret;
import dev.failberry.dns.Ips;
import dev.failberry.dns.ValidationHash;
import dev.failberry.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two Lambda protocols behind {@link LoopbackAws}, both writing into the same simulated zone:
 * the SDK {@code Invoke} of a user's function taking {@code {"hostname","ip","type"}}, and the
 * reference dynamic-DNS function's URL (awslabs/route53-dynamic-dns-with-lambda lambda/index.py:
 * get / set with a SHA-256 validation hash over source IP + hostname + shared secret).
 */
final class LambdaSim {
    private final Route53Sim zone;
    private final String functionName;
    private final Secret secret;
    private final Set<String> hosts;
    private final long ttl;
    private volatile String seenSourceIp;

    LambdaSim(Route53Sim zone, String functionName, Secret secret, Set<String> hosts, long ttl) {
        this.zone = zone;
        this.functionName = functionName;
        this.secret = secret;
        this.hosts = Set.copyOf(hosts.stream().map(DnsNames::normalize).toList());
        this.ttl = ttl;
    }

    /** Makes the function URL see this caller address instead of the socket's (a NAT in between). */
    void seeSourceIp(String ip) {
        seenSourceIp = ip;
    }

    Reply invoke(String name, String payload) {
        if (!functionName.equals(name)) {
            return lambdaError(
                    404,
                    "ResourceNotFoundException",
                    "Function not found: arn:aws:lambda:us-east-1:123456789012:function:" + name);
        }
        Map<String, String> p;
        try {
            p = Json.parseFlat(payload);
        } catch (IllegalArgumentException e) {
            return functionError("JSONDecodeError", e.getMessage());
        }
        String host = p.get("hostname");
        String ip = p.get("ip");
        String type = p.getOrDefault("type", "A");
        if (host == null || ip == null || Ips.parse(ip).isEmpty() || !zone.sameZone(host)) {
            return functionError("ValueError", "bad hostname/ip/type: " + payload);
        }
        boolean same = Route53Sim.sameValues(zone.record(host, type, null), ip);
        if (!same) {
            zone.put(new Route53Sim.Rrset(DnsNames.normalize(host), type, null, null, ttl, List.of(ip), null));
        }
        return Reply.json(200, Json.of("status", same ? "unchanged" : "updated"))
                .with("X-Amz-Executed-Version", "$LATEST");
    }

    static Reply functionError(String type, String message) {
        return Reply.json(200, Json.of("errorType", type, "errorMessage", message))
                .with("X-Amz-Function-Error", "Unhandled")
                .with("X-Amz-Executed-Version", "$LATEST");
    }

    static Reply lambdaError(int status, String code, String message) {
        return Reply.json(status, Json.of("Type", "User", "message", message)).with("X-Amzn-ErrorType", code);
    }

    Reply functionUrl(String body, String socketSourceIp) {
        String source = seenSourceIp != null ? seenSourceIp : socketSourceIp;
        Map<String, String> p;
        try {
            p = Json.parseFlat(body);
        } catch (IllegalArgumentException e) {
            return Reply.json(502, "Internal Server Error");
        }
        if ("get".equals(p.get("execution_mode"))) {
            return urlAnswer(200, "success", source);
        }
        String host = p.get("ddns_hostname");
        String hash = p.get("validation_hash");
        if (host == null || hash == null) {
            return Reply.json(502, "Internal Server Error");
        }
        if (!hash.matches("[0-9a-fA-F]{64}")) {
            return urlAnswer(400, "fail", "You must pass a valid sha256 hash in the validation_hash field.");
        }
        String name = DnsNames.normalize(host);
        if (!hosts.contains(name)) {
            return urlAnswer(403, "fail", "There is no config for hostname " + host);
        }
        if (!ValidationHash.of(source, host, secret).equals(hash)) {
            return urlAnswer(401, "fail", "Validation hashes do not match.");
        }
        if (Route53Sim.sameValues(zone.record(name, "A", null), source)) {
            return urlAnswer(200, "success", "Your IP address matches the current Route53 DNS record.");
        }
        zone.put(new Route53Sim.Rrset(name, "A", null, null, ttl, List.of(source), null));
        return urlAnswer(201, "success", host + " has been updated to " + source);
    }

    private static Reply urlAnswer(int status, String result, String message) {
        return Reply.json(status, Json.of("return_status", result, "return_message", message));
    }
}
