package dev.failberry.dns;

import dev.failberry.http.client.BoundHttpClient;
import dev.failberry.http.client.SourceWatch;
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
 *
 * <p>A call whose source address goes away (the link went down under it) is abandoned within
 * {@link SourceWatch#EVERY} ({@link SourceWatch}, on the SDK timeouts' thread); the SDK's own
 * {@link ExecutableHttpRequest#abort} (its call and attempt timeouts) ends a call the same way.
 */
final class BoundSdkHttpClient implements SdkHttpClient {
    /** Headers {@link BoundHttpClient} writes itself (Host, Content-Length, Connection) or that we replace. */
    private static final Set<String> OWN = Set.of("host", "content-length", "connection", "user-agent", "content-type");

    private final BoundHttpClient http;
    private volatile Optional<InetAddress> source = Optional.empty();

    BoundSdkHttpClient(Duration timeout) {
        this(timeout, SourceWatch.on(AwsClients.timeoutThread()));
    }

    /** @param watch abandons a call whose source address goes away */
    BoundSdkHttpClient(Duration timeout, SourceWatch watch) {
        this.http = new BoundHttpClient(timeout, watch);
    }

    /** The local address the next requests leave from; empty = the routing table's choice. */
    void source(Optional<InetAddress> source) {
        this.source = source;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        BoundHttpClient.Abort abort = new BoundHttpClient.Abort();
        Optional<InetAddress> from = source;
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                return send(request, from, abort);
            }

            @Override
            public void abort() {
                abort.abort("aborted by the SDK (its call or attempt timeout)");
            }
        };
    }

    private HttpExecuteResponse send(
            HttpExecuteRequest request, Optional<InetAddress> from, BoundHttpClient.Abort abort) throws IOException {
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
                new BoundHttpClient.Request(r.method().name(), r.getUri(), headers, contentType, body), from, abort);
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
