package dev.failberry.sim.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CloudWatch as the AWS SDK 2.41 speaks to it: Smithy RPC v2 CBOR ({@code POST
 * /service/GraniteServiceVersion20100801/operation/<Op>}, {@code smithy-protocol: rpc-v2-cbor}), with the
 * operations the daemon and {@code route53 setup} use: PutMetricData (the heartbeat: each datapoint is kept
 * with its arrival time and the caller's address), PutMetricAlarm (creates or replaces, as CloudWatch does),
 * DescribeAlarms (by name) and DeleteAlarms. Alarms remember the region the request was signed for, so a
 * Route53 check can be held to the alarm's region. Not thread-safe: {@link LoopbackAws} serialises calls.
 */
public final class CloudWatchSim {
    static final String PATH_PREFIX = "/service/GraniteServiceVersion20100801/operation/";

    /** One datapoint as it arrived. */
    public record Datapoint(
            Instant arrival,
            String source,
            String region,
            String namespace,
            String metric,
            Map<String, String> dimensions,
            double value,
            String unit) {}

    private static final Set<String> STATISTICS = Set.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");
    private static final Set<String> MISSING = Set.of("breaching", "notBreaching", "ignore", "missing");

    private final Map<String, Map<String, Object>> alarms = new LinkedHashMap<>();
    private final List<Datapoint> datapoints = new ArrayList<>();

    static Operation operation(String path) {
        return switch (path.startsWith(PATH_PREFIX) ? path.substring(PATH_PREFIX.length()) : "") {
            case "PutMetricData" -> Operation.PUT_METRIC_DATA;
            case "PutMetricAlarm" -> Operation.PUT_METRIC_ALARM;
            case "DescribeAlarms" -> Operation.DESCRIBE_ALARMS;
            case "DeleteAlarms" -> Operation.DELETE_ALARMS;
            default -> Operation.UNKNOWN;
        };
    }

    Reply handle(Operation op, byte[] body, String region, String source, Instant now) {
        Map<String, Object> in;
        try {
            in = Cbor.decodeMap(body);
        } catch (IllegalArgumentException e) {
            return error(400, "SerializationException", e.getMessage());
        }
        return switch (op) {
            case PUT_METRIC_DATA -> putMetricData(in, region, source, now);
            case PUT_METRIC_ALARM -> putMetricAlarm(in, region);
            case DESCRIBE_ALARMS -> describeAlarms(in, region);
            case DELETE_ALARMS -> deleteAlarms(in);
            default -> error(404, "UnknownOperation", "unknown operation");
        };
    }

    private Reply putMetricData(Map<String, Object> in, String region, String source, Instant now) {
        String ns = string(in, "Namespace");
        if (ns == null || ns.isEmpty() || ns.startsWith("AWS/")) {
            return error(400, "InvalidParameterValue", "The value " + ns + " for parameter Namespace is not valid.");
        }
        List<Object> data = list(in, "MetricData");
        if (data.isEmpty()) {
            return error(400, "MissingParameter", "The parameter MetricData is required.");
        }
        for (Object o : data) {
            Map<String, Object> d = map(o);
            Map<String, String> dims = new LinkedHashMap<>();
            for (Object x : list(d, "Dimensions")) {
                dims.put(string(map(x), "Name"), string(map(x), "Value"));
            }
            Object value = d.get("Value");
            datapoints.add(new Datapoint(
                    now,
                    source,
                    region,
                    ns,
                    string(d, "MetricName"),
                    Map.copyOf(dims),
                    value instanceof Number n ? n.doubleValue() : Double.NaN,
                    string(d, "Unit")));
        }
        return Reply.cbor(200, Cbor.encode(Map.of()));
    }

    private Reply putMetricAlarm(Map<String, Object> in, String region) {
        String name = string(in, "AlarmName");
        if (name == null || name.isEmpty() || name.length() > 255) {
            return error(400, "InvalidParameterValue", "AlarmName must be 1-255 characters.");
        }
        for (String required : List.of("EvaluationPeriods", "ComparisonOperator")) {
            if (!in.containsKey(required)) {
                return error(400, "MissingParameter", "The parameter " + required + " is required.");
            }
        }
        if (in.containsKey("Statistic") && !STATISTICS.contains(string(in, "Statistic"))) {
            return error(400, "InvalidParameterValue", "Statistic " + string(in, "Statistic") + " is not valid.");
        }
        if (in.containsKey("TreatMissingData") && !MISSING.contains(string(in, "TreatMissingData"))) {
            return error(400, "InvalidParameterValue", "TreatMissingData is not valid.");
        }
        Object period = in.get("Period");
        if (period instanceof Number p && (p.longValue() < 60 ? 60 % p.longValue() != 0 : p.longValue() % 60 != 0)) {
            return error(400, "InvalidParameterValue", "Period must be 10, 30 or a multiple of 60.");
        }
        Map<String, Object> alarm = new LinkedHashMap<>(in);
        alarm.put("AlarmArn", "arn:aws:cloudwatch:" + region + ":123456789012:alarm:" + name);
        alarm.put("StateValue", "INSUFFICIENT_DATA");
        alarm.put("Region", region);
        alarms.put(name, alarm);
        return Reply.cbor(200, Cbor.encode(Map.of()));
    }

    private Reply describeAlarms(Map<String, Object> in, String region) {
        List<Object> names = list(in, "AlarmNames");
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> a : alarms.values()) {
            if ((names.isEmpty() || names.contains(a.get("AlarmName"))) && region.equals(a.get("Region"))) {
                Map<String, Object> copy = new LinkedHashMap<>(a);
                copy.remove("Region");
                out.add(copy);
            }
        }
        return Reply.cbor(200, Cbor.encode(Map.of("MetricAlarms", out, "CompositeAlarms", List.of())));
    }

    private Reply deleteAlarms(Map<String, Object> in) {
        for (Object n : list(in, "AlarmNames")) {
            alarms.remove(String.valueOf(n));
        }
        return Reply.cbor(200, Cbor.encode(Map.of()));
    }

    /** The alarm named {@code name} in {@code region}, as stored (request fields plus AlarmArn, StateValue, Region). */
    Map<String, Object> alarm(String region, String name) {
        Map<String, Object> a = alarms.get(name);
        return a != null && region.equals(a.get("Region")) ? Map.copyOf(a) : null;
    }

    List<Map<String, Object>> alarms() {
        return alarms.values().stream().map(Map::copyOf).toList();
    }

    List<Datapoint> datapoints() {
        return List.copyOf(datapoints);
    }

    /**
     * An error as the SDK reads it for CloudWatch (an {@code awsQueryCompatible} service): the code in the
     * {@code x-amzn-query-error} header ({@code Code;Sender}), the type and message in the CBOR body.
     */
    static Reply error(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("__type", "com.amazonaws.cloudwatch#" + code);
        body.put("message", message);
        return Reply.cbor(status, Cbor.encode(body))
                .with("x-amzn-query-error", code + ";" + (status >= 500 ? "Receiver" : "Sender"));
    }

    private static String string(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof List<?> l ? (List<Object>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> ? (Map<String, Object>) o : Map.of();
    }
}
