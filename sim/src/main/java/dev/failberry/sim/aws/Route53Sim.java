package dev.failberry.sim.aws;

import static dev.failberry.sim.aws.SimXml.el;

import dev.failberry.config.DnsNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.w3c.dom.Element;

/**
 * The in-memory hosted zone and health checks behind {@link LoopbackAws}, speaking Route53's REST/XML
 * (2013-04-01) as the SDK sends and parses it. Validates changes the way Route53 does for the cases the
 * daemon can hit: names outside the zone, CNAME conflicts, plain vs failover records at one name,
 * CREATE of an existing or DELETE of a missing record, unknown health check ids. Not thread-safe on its
 * own: {@link LoopbackAws} serializes calls.
 */
final class Route53Sim {
    /** One resource record set; {@code name} normalized (lower case, no trailing dot). */
    record Rrset(
            String name,
            String type,
            String setIdentifier,
            String failover,
            Long ttl,
            List<String> values,
            String healthCheckId) {
        String key() {
            return sortKey(name, type, setIdentifier);
        }
    }

    record HealthCheck(String id, String callerReference, Map<String, String> config, String configXml) {}

    private final String zoneId;
    private final String zoneName;
    private final TreeMap<String, Rrset> records = new TreeMap<>();
    private final Map<String, Integer> changes = new HashMap<>();
    private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
    private java.util.function.BiPredicate<String, String> alarmExists = (region, name) -> false;
    private int insyncAfterPolls;
    private int nextId = 1;

    Route53Sim(String zoneId, String zoneName) {
        this.zoneId = zoneId;
        this.zoneName = DnsNames.normalize(zoneName);
    }

    void insyncAfterPolls(int polls) {
        insyncAfterPolls = polls;
    }

    static String sortKey(String name, String type, String setIdentifier) {
        List<String> labels = new ArrayList<>(List.of(DnsNames.normalize(name).split("\\.")));
        Collections.reverse(labels);
        return String.join(".", labels) + "\u0000" + type + "\u0000" + (setIdentifier == null ? "" : setIdentifier);
    }

    // ---- records ----

    Reply change(String zone, String body, String requestId) {
        if (!zoneId.equals(zone)) {
            return Reply.xml(
                    404, SimXml.error(404, "NoSuchHostedZone", "No hosted zone found with ID: " + zone, requestId));
        }
        Element root = SimXml.parse(body);
        Element batch = SimXml.child(root, "ChangeBatch");
        TreeMap<String, Rrset> next = new TreeMap<>(records);
        List<String> problems = new ArrayList<>();
        for (Element c : SimXml.children(SimXml.child(batch, "Changes"), "Change")) {
            String action = SimXml.text(c, "Action");
            Rrset r = rrset(SimXml.child(c, "ResourceRecordSet"));
            String problem = apply(next, action, r);
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (!problems.isEmpty()) {
            return Reply.xml(400, SimXml.error(400, "InvalidChangeBatch", problems.toString(), requestId));
        }
        for (Rrset r : next.values()) {
            if (r.healthCheckId() != null && !checks.containsKey(r.healthCheckId())) {
                return Reply.xml(
                        404,
                        SimXml.error(
                                404,
                                "NoSuchHealthCheck",
                                "A health check with id " + r.healthCheckId() + " does not exist.",
                                requestId));
            }
        }
        records.clear();
        records.putAll(next);
        String id = "C" + String.format("%012d", nextId++);
        changes.put(id, 0);
        return Reply.xml(
                200,
                "<?xml version=\"1.0\"?>\n<ChangeResourceRecordSetsResponse xmlns=\"" + SimXml.NS + "\">"
                        + changeInfo(id, "PENDING") + "</ChangeResourceRecordSetsResponse>");
    }

    private String apply(TreeMap<String, Rrset> next, String action, Rrset r) {
        String dotted = r.name() + ".";
        if (!(r.name().equals(zoneName) || r.name().endsWith("." + zoneName))) {
            return "RRSet with DNS name " + dotted + " is not permitted in zone " + zoneName + ".";
        }
        if ("CNAME".equals(r.type()) && r.name().equals(zoneName)) {
            return "RRSet of type CNAME with DNS name " + dotted + " is not permitted at apex in zone " + zoneName
                    + ".";
        }
        Rrset existing = next.get(r.key());
        switch (action) {
            case "DELETE" -> {
                if (!r.equals(existing)) {
                    return "Tried to delete resource record set [name='" + dotted + "', type='" + r.type()
                            + "'] but it was not found or the values provided do not match the current values";
                }
                next.remove(r.key());
                return null;
            }
            case "CREATE" -> {
                if (existing != null) {
                    return "Tried to create resource record set [name='" + dotted + "', type='" + r.type()
                            + "'] but it already exists";
                }
            }
            case "UPSERT" -> {}
            default -> {
                return "Unknown action " + action;
            }
        }
        for (Rrset o : next.values()) {
            if (!o.name().equals(r.name()) || o.key().equals(r.key())) {
                continue;
            }
            if (o.type().equals("CNAME") != r.type().equals("CNAME")) {
                return "RRSet of type " + r.type() + " with DNS name " + dotted
                        + " is not permitted as it conflicts with other records with the same DNS name in zone "
                        + zoneName + ".";
            }
            if (o.type().equals(r.type()) && (o.setIdentifier() == null) != (r.setIdentifier() == null)) {
                return "RRSet with DNS name " + dotted + ", type " + r.type()
                        + " cannot be created as a non-weighted set exists with the same name and type.";
            }
        }
        next.put(r.key(), r);
        return null;
    }

    private static Rrset rrset(Element e) {
        List<String> values = new ArrayList<>();
        for (Element rr : SimXml.children(SimXml.child(e, "ResourceRecords"), "ResourceRecord")) {
            values.add(SimXml.text(rr, "Value"));
        }
        String ttl = SimXml.text(e, "TTL");
        return new Rrset(
                DnsNames.normalize(SimXml.text(e, "Name")),
                SimXml.text(e, "Type"),
                SimXml.text(e, "SetIdentifier"),
                SimXml.text(e, "Failover"),
                ttl == null ? null : Long.valueOf(ttl),
                List.copyOf(values),
                SimXml.text(e, "HealthCheckId"));
    }

    Reply list(String zone, Map<String, String> query, String requestId) {
        if (!zoneId.equals(zone)) {
            return Reply.xml(
                    404, SimXml.error(404, "NoSuchHostedZone", "No hosted zone found with ID: " + zone, requestId));
        }
        int max = Integer.parseInt(query.getOrDefault("maxitems", "300"));
        String name = query.get("name");
        String from = name == null ? "" : sortKey(name, query.getOrDefault("type", ""), query.get("identifier"));
        List<Rrset> page = new ArrayList<>();
        Rrset next = null;
        for (Rrset r : records.tailMap(from, true).values()) {
            if (page.size() == max) {
                next = r;
                break;
            }
            page.add(r);
        }
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<ListResourceRecordSetsResponse xmlns=\"")
                .append(SimXml.NS)
                .append("\"><ResourceRecordSets>");
        for (Rrset r : page) {
            sb.append(xml(r));
        }
        sb.append("</ResourceRecordSets>").append(el("IsTruncated", next != null));
        if (next != null) {
            sb.append(el("NextRecordName", wireName(next.name())))
                    .append(el("NextRecordType", next.type()))
                    .append(el("NextRecordIdentifier", next.setIdentifier()));
        }
        return Reply.xml(
                200,
                sb.append(el("MaxItems", max))
                        .append("</ListResourceRecordSetsResponse>")
                        .toString());
    }

    private static String xml(Rrset r) {
        StringBuilder sb = new StringBuilder("<ResourceRecordSet>")
                .append(el("Name", wireName(r.name())))
                .append(el("Type", r.type()))
                .append(el("SetIdentifier", r.setIdentifier()))
                .append(el("Failover", r.failover()))
                .append(el("TTL", r.ttl()))
                .append("<ResourceRecords>");
        for (String v : r.values()) {
            sb.append("<ResourceRecord>").append(el("Value", v)).append("</ResourceRecord>");
        }
        return sb.append("</ResourceRecords>")
                .append(el("HealthCheckId", r.healthCheckId()))
                .append("</ResourceRecordSet>")
                .toString();
    }

    /** As Route53 writes names: trailing dot, '*' as \052. */
    static String wireName(String name) {
        return name.replace("*", "\\052") + ".";
    }

    Reply getChange(String id, String requestId) {
        Integer polls = changes.get(id);
        if (polls == null) {
            return Reply.xml(
                    404,
                    SimXml.error(
                            404, "NoSuchChange", "A change with the specified change ID does not exist.", requestId));
        }
        changes.put(id, polls + 1);
        String status = polls >= insyncAfterPolls ? "INSYNC" : "PENDING";
        return Reply.xml(
                200,
                "<?xml version=\"1.0\"?>\n<GetChangeResponse xmlns=\"" + SimXml.NS + "\">" + changeInfo(id, status)
                        + "</GetChangeResponse>");
    }

    private static String changeInfo(String id, String status) {
        return "<ChangeInfo>" + el("Id", "/change/" + id) + el("Status", status)
                + el("SubmittedAt", Instant.now().toString()) + "</ChangeInfo>";
    }

    Rrset record(String name, String type, String setIdentifier) {
        return records.get(sortKey(name, type, setIdentifier));
    }

    List<Rrset> records() {
        return List.copyOf(records.values());
    }

    void put(Rrset r) {
        records.put(r.key(), r);
    }

    // ---- health checks ----

    /** Whether CloudWatch has an alarm (region, name): a CLOUDWATCH_METRIC check must name one. */
    void alarms(java.util.function.BiPredicate<String, String> exists) {
        this.alarmExists = exists;
    }

    Reply createHealthCheck(String body, String requestId) {
        Element root = SimXml.parse(body);
        String ref = SimXml.text(root, "CallerReference");
        Element config = SimXml.child(root, "HealthCheckConfig");
        Map<String, String> fields = SimXml.fields(config);
        if ("CLOUDWATCH_METRIC".equals(fields.get("Type"))) {
            Element alarm = SimXml.child(config, "AlarmIdentifier");
            String region = alarm == null ? null : SimXml.text(alarm, "Region");
            String name = alarm == null ? null : SimXml.text(alarm, "Name");
            String insufficient = fields.get("InsufficientDataHealthStatus");
            if (region == null || name == null) {
                return Reply.xml(
                        400,
                        SimXml.error(
                                400,
                                "InvalidInput",
                                "AlarmIdentifier is required for " + "CLOUDWATCH_METRIC health checks",
                                requestId));
            }
            if (insufficient != null
                    && !List.of("Healthy", "Unhealthy", "LastKnownStatus").contains(insufficient)) {
                return Reply.xml(
                        400,
                        SimXml.error(
                                400,
                                "InvalidInput",
                                "Invalid InsufficientDataHealthStatus " + insufficient,
                                requestId));
            }
            if (fields.containsKey("FullyQualifiedDomainName") || fields.containsKey("RequestInterval")) {
                return Reply.xml(
                        400,
                        SimXml.error(
                                400,
                                "InvalidInput",
                                "A CLOUDWATCH_METRIC health check has no " + "endpoint or interval",
                                requestId));
            }
            if (!alarmExists.test(region, name)) {
                return Reply.xml(
                        400,
                        SimXml.error(
                                400,
                                "InvalidInput",
                                "The CloudWatch alarm " + name + " in " + region + " does not exist",
                                requestId));
            }
        }
        for (HealthCheck c : checks.values()) {
            if (c.callerReference().equals(ref)) {
                if (!c.config().equals(fields)) {
                    return Reply.xml(
                            409,
                            SimXml.error(
                                    409,
                                    "HealthCheckAlreadyExists",
                                    "A health check with the same CallerReference and different settings already exists.",
                                    requestId));
                }
                return Reply.xml(201, response("CreateHealthCheckResponse", c)).with("Location", location(c));
            }
        }
        String id = String.format("%08x-0000-4000-8000-%012d", 0xfa11be00 + nextId, nextId);
        nextId++;
        HealthCheck c = new HealthCheck(id, ref, fields, SimXml.serialize(config));
        checks.put(id, c);
        return Reply.xml(201, response("CreateHealthCheckResponse", c)).with("Location", location(c));
    }

    private static String location(HealthCheck c) {
        return "https://route53.amazonaws.com/2013-04-01/healthcheck/" + c.id();
    }

    Reply listHealthChecks(Map<String, String> query) {
        int max = Integer.parseInt(query.getOrDefault("maxitems", "100"));
        String marker = query.get("marker");
        List<HealthCheck> all = new ArrayList<>(checks.values());
        int start = 0;
        if (marker != null) {
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).id().equals(marker)) {
                    start = i;
                }
            }
        }
        int end = Math.min(all.size(), start + max);
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<ListHealthChecksResponse xmlns=\"")
                .append(SimXml.NS)
                .append("\"><HealthChecks>");
        for (HealthCheck c : all.subList(start, end)) {
            sb.append(xml(c));
        }
        sb.append("</HealthChecks>")
                .append(el("Marker", marker == null ? "" : marker))
                .append(el("IsTruncated", end < all.size()));
        if (end < all.size()) {
            sb.append(el("NextMarker", all.get(end).id()));
        }
        return Reply.xml(
                200,
                sb.append(el("MaxItems", max))
                        .append("</ListHealthChecksResponse>")
                        .toString());
    }

    Reply getHealthCheck(String id, String requestId) {
        HealthCheck c = checks.get(id);
        if (c == null) {
            return Reply.xml(
                    404,
                    SimXml.error(
                            404, "NoSuchHealthCheck", "No health check exists with the specified ID " + id, requestId));
        }
        return Reply.xml(200, response("GetHealthCheckResponse", c));
    }

    private static String response(String root, HealthCheck c) {
        return "<?xml version=\"1.0\"?>\n<" + root + " xmlns=\"" + SimXml.NS + "\">" + xml(c) + "</" + root + ">";
    }

    private static String xml(HealthCheck c) {
        return "<HealthCheck>" + el("Id", c.id()) + el("CallerReference", c.callerReference()) + c.configXml()
                + el("HealthCheckVersion", 1) + "</HealthCheck>";
    }

    List<HealthCheck> healthChecks() {
        return List.copyOf(checks.values());
    }

    boolean sameZone(String name) {
        String n = DnsNames.normalize(name);
        return n.equals(zoneName) || n.endsWith("." + zoneName);
    }

    String zoneId() {
        return zoneId;
    }

    /** The zone's name, normalized. */
    String zoneName() {
        return zoneName;
    }

    static boolean sameValues(Rrset r, String value) {
        return r != null && r.values().size() == 1 && Objects.equals(r.values().get(0), value);
    }
}
