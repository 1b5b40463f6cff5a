package dev.failberry.dns;

import dev.failberry.http.client.BoundHttpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The AWS SDK's HTTP client for calls that must leave through the mobile link: the SDK signs and encodes
 * the request, {@link BoundHttpClient} sends it from the link's own address (the reply routing then takes
 * it out of the link, whatever the default route is). Neither the SDK's url-connection client nor the
 * JDK's clients can bind a source address. One request per connection, like every bound request of the
 * daemon. The source is set before each call ({@link #source}); calls are made one at a time.
 */
final class BoundSdkHttpClient implements SdkHttpClient {
    /** Headers {@link BoundHttpClient} writes itself (Host, Content-Length, Connection) or that we replace. */
    private static final Set<String> OWN = Set.of("host", "content-length", "connection", "user-agent", "content-type");

    private final BoundHttpClient http;
    private volatile Optional<InetAddress> source = Optional.empty();

    BoundSdkHttpClient(Duration timeout) {
        this.http = new BoundHttpClient(timeout);
    }

    /** The local address the next requests leave from; empty = the routing table's choice. */
    void source(Optional<InetAddress> source) {
        this.source = source;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                return send(request);
            }

            @Override
            public void abort() {
                // the socket's own timeouts bound the call; nothing is shared between calls
            }
        };
    }

    private HttpExecuteResponse send(HttpExecuteRequest request) throws IOException {
        SdkHttpRequest r = request.httpRequest();
        byte[] body = new byte[0];
        if (request.contentStreamProvider().isPresent()) {
            try (InputStream in = request.contentStreamProvider().get().newStream()) {
                body = in.readAllBytes();
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        r.forEachHeader((name, values) -> {
            if (!OWN.contains(name.toLowerCase(Locale.ROOT)) && !values.isEmpty()) {
                headers.put(name, String.join(",", values));
            }
        });
        Optional<String> contentType = r.firstMatchingHeader("Content-Type");
        BoundHttpClient.BinaryExchange e = http.sendBinary(
                new BoundHttpClient.Request(r.method().name(), r.getUri(), headers, contentType, body), source);
        SdkHttpFullResponse.Builder response = SdkHttpFullResponse.builder().statusCode(e.status());
        e.headers().forEach((name, values) -> response.putHeader(name, List.copyOf(values)));
        return HttpExecuteResponse.builder()
                .response(response.build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(e.body())))
                .build();
    }

    @Override
    public String clientName() {
        return "FailberryBound";
    }

    @Override
    public void close() {
        // nothing held between calls
    }
}
