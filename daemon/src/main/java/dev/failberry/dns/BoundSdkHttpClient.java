package dev.failberry.dns;

import dev.failberry.http.client.BoundHttpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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
 * <p>A call whose source address goes away (the link went down under it: ppp0 and its address are gone) is
 * abandoned within {@link #SOURCE_CHECK}: nothing can reach that address any more, and the kernel keeps the
 * socket waiting until its timeout ({@code aws.api-call-attempt-timeout}, 10 s), while the caller (the DNS
 * publisher's worker, the helper process that serves one call at a time) holds everything behind it, such as
 * the UPSERT of the address the link comes back with. The SDK's own {@link ExecutableHttpRequest#abort} (its
 * call and attempt timeouts) ends a call the same way.
 */
final class BoundSdkHttpClient implements SdkHttpClient {
    /** Headers {@link BoundHttpClient} writes itself (Host, Content-Length, Connection) or that we replace. */
    private static final Set<String> OWN = Set.of("host", "content-length", "connection", "user-agent", "content-type");
    /** How often a call in flight checks that its source address is still one of this host's. */
    static final Duration SOURCE_CHECK = Duration.ofMillis(250);

    private final BoundHttpClient http;
    private final Predicate<InetAddress> local;
    private final ScheduledExecutorService watch;
    private volatile Optional<InetAddress> source = Optional.empty();

    BoundSdkHttpClient(Duration timeout) {
        this(timeout, BoundSdkHttpClient::isLocal, AwsClients.timeoutThread());
    }

    /**
     * @param local whether an address is (still) one of this host's
     * @param watch runs the checks of {@code local} while a call is in flight
     */
    BoundSdkHttpClient(Duration timeout, Predicate<InetAddress> local, ScheduledExecutorService watch) {
        this.http = new BoundHttpClient(timeout);
        this.local = local;
        this.watch = watch;
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
        ScheduledFuture<?> watching = from.isEmpty() ? null : watchSource(from.get(), abort);
        BoundHttpClient.BinaryExchange e;
        try {
            e = http.sendBinary(
                    new BoundHttpClient.Request(r.method().name(), r.getUri(), headers, contentType, body),
                    from,
                    abort);
        } finally {
            if (watching != null) {
                watching.cancel(false);
            }
        }
        SdkHttpFullResponse.Builder response = SdkHttpFullResponse.builder().statusCode(e.status());
        e.headers().forEach((name, values) -> response.putHeader(name, List.copyOf(values)));
        return HttpExecuteResponse.builder()
                .response(response.build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(e.body())))
                .build();
    }

    private ScheduledFuture<?> watchSource(InetAddress address, BoundHttpClient.Abort abort) {
        long every = SOURCE_CHECK.toNanos();
        return watch.scheduleWithFixedDelay(
                () -> {
                    if (!local.test(address)) {
                        abort.abort("abandoned: " + address.getHostAddress()
                                + " is no longer an address of this host (its link went down)");
                    }
                },
                every,
                every,
                TimeUnit.NANOSECONDS);
    }

    /** Whether {@code address} is configured on one of this host's interfaces; true when that cannot be told. */
    static boolean isLocal(InetAddress address) {
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return true; // the call's own timeouts decide
        }
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
