package dev.failberry.dns;

import dev.failberry.config.FailberryConfig;
import java.net.InetAddress;
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The heartbeat's PutMetricData with the AWS SDK in this JVM: in the helper process ({@link SdkProcessMain})
 * or, with {@code dns.sdk-process = false}, in the daemon. Each request leaves from the source address it is
 * given ({@link BoundSdkHttpClient}), i.e. through the mobile link. The client is built on first use.
 */
public final class CloudWatchHeartbeat implements HeartbeatSender, AutoCloseable {
    private final HeartbeatMetric metric;
    private final BoundSdkHttpClient http;
    private final LazyClient<CloudWatchClient> client;

    CloudWatchHeartbeat(
            AwsClients clients, HeartbeatMetric metric, Optional<URI> endpoint, java.time.Duration attemptTimeout) {
        this.metric = metric;
        this.http = new BoundSdkHttpClient(attemptTimeout);
        this.client = new LazyClient<>(() -> clients.cloudWatch(endpoint, http));
    }

    /**
     * The daemon's heartbeat sender for {@code config}, or empty when {@code mobile-check} is not
     * {@code cloudwatch}: the AWS helper process when the backend is one (the SDK stays out of the daemon),
     * otherwise ({@code dns.sdk-process = false}) the SDK in the daemon.
     */
    public static Optional<HeartbeatSender> forDaemon(
            FailberryConfig config, DnsBackend backend, Supplier<AwsCredentialsProvider> credentials) {
        if (config.dns().failover().mobileCheck() != FailberryConfig.MobileCheck.CLOUDWATCH) {
            return Optional.empty();
        }
        if (backend instanceof SdkProcessBackend helper) {
            return Optional.of(helper);
        }
        return Optional.of(new CloudWatchHeartbeat(
                new AwsClients(config.aws(), credentials.get(), false),
                HeartbeatMetric.of(config),
                config.dns().failover().heartbeat().endpoint(),
                config.aws().apiCallAttemptTimeout()));
    }

    /** Builds the client now (the helper's {@code warm}), so that the first beat does not wait for it. */
    void warmUp() {
        client.get();
    }

    @Override
    public synchronized void beat(Optional<InetAddress> source) throws DnsException {
        http.source(source);
        try {
            client.get().putMetricData(metric.datapoint());
        } catch (SdkException e) {
            throw AwsErrors.classify("CloudWatch PutMetricData", e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
