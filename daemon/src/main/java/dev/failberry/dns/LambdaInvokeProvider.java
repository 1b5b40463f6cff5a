package dev.failberry.dns;

import dev.failberry.config.DnsNames;
import dev.failberry.json.Json;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * SDK {@code Invoke} of the user's own function with the payload
 * {@code {"hostname":"lte.home.example.com","ip":"198.51.100.7","type":"A"}}, one call per record type.
 * A function that fails still answers HTTP 200 with {@code X-Amz-Function-Error}; the SDK does not throw
 * for it, so {@code functionError()} is checked and reported. A JSON answer containing
 * {@code "changed":false} or {@code "status":"unchanged"} counts as "nothing changed".
 */
final class LambdaInvokeProvider implements DnsBackend {
    private final String functionName;
    private final String record;
    private final LazyClient<LambdaClient> client;

    public LambdaInvokeProvider(String functionName, String record, Supplier<LambdaClient> factory) {
        this.functionName = functionName;
        this.record = DnsNames.normalize(record);
        this.client = new LazyClient<>(factory);
    }

    public static LambdaInvokeProvider create(
            AwsClients clients, String functionName, String record, Optional<URI> endpoint) {
        return new LambdaInvokeProvider(functionName, record, () -> clients.lambda(endpoint));
    }

    @Override
    public String name() {
        return "lambda-invoke";
    }

    @Override
    public String record() {
        return record;
    }

    @Override
    public boolean supports(RecordType type) {
        return true;
    }

    @Override
    public boolean canRead() {
        return false;
    }

    @Override
    public Optional<InetAddress> read(RecordType type) {
        throw new UnsupportedOperationException("an invoked function cannot be asked for the record");
    }

    LambdaClient client() {
        return client.get();
    }

    @Override
    public void warmUp() {
        client();
    }

    /** The documented payload. Pure. */
    public static String payload(String hostname, InetAddress ip, RecordType type) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("hostname", hostname);
        p.put("ip", ip.getHostAddress());
        p.put("type", type.name());
        return Json.write(p);
    }

    @Override
    public PublishOutcome publish(Map<RecordType, InetAddress> values, Optional<InetAddress> source)
            throws DnsException {
        boolean changed = false;
        StringBuilder detail = new StringBuilder();
        for (RecordType type : RecordType.values()) {
            InetAddress ip = values.get(type);
            if (ip == null) {
                continue;
            }
            InvokeResponse r;
            try {
                r = client().invoke(b -> b.functionName(functionName)
                        .payload(SdkBytes.fromString(payload(record, ip, type), StandardCharsets.UTF_8)));
            } catch (SdkException e) {
                throw AwsErrors.classify("Lambda Invoke " + functionName, e);
            }
            String answer = r.payload() == null ? "" : r.payload().asUtf8String();
            if (r.functionError() != null) {
                String msg = errorMessage(answer);
                throw new DnsException(
                        DnsException.Kind.SERVER,
                        "Lambda function " + functionName + " failed (" + r.functionError()
                                + (msg.isEmpty() ? "" : ": " + msg) + ")");
            }
            boolean thisChanged = !unchanged(answer);
            changed |= thisChanged;
            detail.append(detail.length() == 0 ? "" : ", ")
                    .append(type)
                    .append(' ')
                    .append(ip.getHostAddress())
                    .append(thisChanged ? " published" : " unchanged");
        }
        return new PublishOutcome(values, changed, Optional.empty(), detail + " via function " + functionName);
    }

    static boolean unchanged(String answer) {
        try {
            Map<String, String> m = Json.parseFlat(answer);
            return "false".equals(m.get("changed")) || "unchanged".equalsIgnoreCase(String.valueOf(m.get("status")));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String errorMessage(String answer) {
        try {
            Map<String, String> m = Json.parseFlat(answer);
            String type = m.get("errorType");
            String msg = m.get("errorMessage");
            return AwsErrors.oneLine((type == null ? "" : type + ": ") + (msg == null ? "" : msg));
        } catch (IllegalArgumentException e) {
            return AwsErrors.oneLine(answer);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
