package dev.failberry.dns;

import dev.failberry.config.FailberryConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * Builds the AWS SDK clients the way a Pi needs them: the JDK url-connection HTTP client only (no
 * Apache, no Netty), an explicit region and credentials provider (no discovery at start-up), explicit
 * call and attempt timeouts. Building is the expensive part (hundreds of ms on a PC, seconds on a
 * Pi), so callers build once, lazily, off the supervisor's thread.
 *
 * <p>{@code sdkRetries=false} turns the SDK's own retries off: the daemon retries with its own
 * backoff on its own scheduler (the SDK would sleep on the worker thread and gives
 * PriorRequestNotComplete only ~0.2 s). One-shot commands keep the SDK's STANDARD retries.
 */
public final class AwsClients {
    private final FailberryConfig.Aws aws;
    private final AwsCredentialsProvider credentials;
    private final boolean sdkRetries;

    public AwsClients(FailberryConfig.Aws aws, AwsCredentialsProvider credentials, boolean sdkRetries) {
        this.aws = aws;
        this.credentials = credentials;
        this.sdkRetries = sdkRetries;
    }

    /** Production: the SDK default credentials chain (environment, profile, container, instance). */
    public static AwsCredentialsProvider defaultCredentials() {
        return DefaultCredentialsProvider.builder().build();
    }

    /**
     * Route53 is a global service: for any commercial region the SDK's endpoint rules send it to
     * {@code https://route53.amazonaws.com} signed for us-east-1. The configured region is passed (not
     * {@code aws-global}) so that an endpoint override signs for a real region and other partitions
     * (aws-cn, aws-us-gov) resolve to their own endpoint.
     */
    public Route53Client route53(Optional<URI> endpoint) {
        return build(Route53Client.builder(), endpoint);
    }

    public LambdaClient lambda(Optional<URI> endpoint) {
        return build(LambdaClient.builder(), endpoint);
    }

    /** CloudWatch in {@code aws.region} (route53 setup's alarm). */
    public CloudWatchClient cloudWatch(Optional<URI> endpoint) {
        return build(CloudWatchClient.builder(), endpoint);
    }

    /** CloudWatch over {@code http} (the heartbeat: requests bound to the mobile link's address). */
    CloudWatchClient cloudWatch(Optional<URI> endpoint, SdkHttpClient http) {
        return build(CloudWatchClient.builder(), endpoint, http);
    }

    /** The SDK timeouts' thread, also the heartbeat's watch on its source address ({@link BoundSdkHttpClient}). */
    static ScheduledExecutorService timeoutThread() {
        return Timeouts.EXECUTOR;
    }

    /** Any service's sync client, set up the same way: region, credentials, HTTP client, timeouts, endpoint. */
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, Optional<URI> endpoint) {
        return build(builder, endpoint, httpClient());
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, Optional<URI> endpoint, SdkHttpClient http) {
        builder.region(Region.of(aws.region())).credentialsProvider(credentials).overrideConfiguration(override());
        builder.httpClient(http);
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private SdkHttpClient httpClient() {
        Duration attempt = aws.apiCallAttemptTimeout();
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(attempt.compareTo(Duration.ofSeconds(5)) < 0 ? attempt : Duration.ofSeconds(5))
                .socketTimeout(attempt)
                .build();
    }

    /**
     * One daemon thread for the SDK's call and attempt timeouts, shared by all clients: by default each
     * client starts its own pool (measured: four {@code sdk-ScheduledExecutor} threads for one Route53
     * client). Never shut down; it holds nothing and does not keep the JVM alive.
     */
    private static final class Timeouts {
        static final ScheduledExecutorService EXECUTOR = create();

        private static ScheduledExecutorService create() {
            var pool = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "failberry-sdk-timeouts");
                t.setDaemon(true);
                return t;
            });
            pool.setRemoveOnCancelPolicy(true);
            return Executors.unconfigurableScheduledExecutorService(pool);
        }
    }

    private ClientOverrideConfiguration override() {
        return ClientOverrideConfiguration.builder()
                .scheduledExecutorService(Timeouts.EXECUTOR)
                .apiCallTimeout(aws.apiCallTimeout())
                .apiCallAttemptTimeout(aws.apiCallAttemptTimeout())
                .retryStrategy(
                        sdkRetries ? AwsRetryStrategy.forRetryMode(RetryMode.STANDARD) : AwsRetryStrategy.doNotRetry())
                .build();
    }
}
