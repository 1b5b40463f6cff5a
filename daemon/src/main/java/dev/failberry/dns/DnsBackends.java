package dev.failberry.dns;

import dev.failberry.config.ConfigProblem;
import dev.failberry.config.FailberryConfig;
import dev.failberry.config.InvalidConfigException;
import dev.failberry.http.client.BoundHttpClient;
import dev.failberry.http.client.SourceWatch;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Builds the {@link DnsBackend} the configuration asks for. Cheap: SDK clients are built on first use. */
public final class DnsBackends {
    private DnsBackends() {}

    /**
     * @param credentials {@link AwsClients#defaultCredentials()} in production; static ones for demo/tests
     * @param sdkRetries  false for the daemon (the publisher backs off itself), true for one-shot commands
     * @return empty when {@code dns.provider = none}
     * @throws InvalidConfigException when a key the provider needs is missing (normally caught by the loader)
     */
    public static Optional<DnsBackend> create(
            FailberryConfig config, AwsCredentialsProvider credentials, boolean sdkRetries)
            throws InvalidConfigException {
        return create(config, () -> credentials, sdkRetries);
    }

    /** As above, with the credentials provider built only when the provider uses the SDK. */
    public static Optional<DnsBackend> create(
            FailberryConfig config, Supplier<AwsCredentialsProvider> credentials, boolean sdkRetries)
            throws InvalidConfigException {
        FailberryConfig.Dns dns = config.dns();
        if (dns.provider() == FailberryConfig.DnsProvider.NONE) {
            return Optional.empty();
        }
        String record = require(config, dns.record(), "dns.record");
        Supplier<AwsClients> clients = () -> new AwsClients(config.aws(), credentials.get(), sdkRetries);
        return Optional.of(
                switch (dns.provider()) {
                    case ROUTE53 ->
                        Route53Provider.create(
                                clients.get(),
                                require(config, dns.route53().hostedZoneId(), "dns.route53.hosted-zone-id"),
                                record,
                                dns.ttl(),
                                dns.route53().endpoint());
                    case LAMBDA ->
                        switch (dns.lambda().mode()) {
                            case FUNCTION_URL ->
                                new LambdaUrlProvider(
                                        require(config, dns.lambda().functionUrl(), "dns.lambda.function-url"),
                                        record,
                                        require(config, dns.lambda().sharedSecret(), "dns.lambda.shared-secret"),
                                        new BoundHttpClient(
                                                config.aws().apiCallAttemptTimeout(),
                                                SourceWatch.on(AwsClients.timeoutThread())));
                            case INVOKE ->
                                LambdaInvokeProvider.create(
                                        clients.get(),
                                        require(config, dns.lambda().functionName(), "dns.lambda.function-name"),
                                        record,
                                        dns.lambda().endpoint());
                        };
                    case NONE -> throw new IllegalStateException();
                });
    }

    private static <T> T require(FailberryConfig config, Optional<T> value, String key) throws InvalidConfigException {
        if (value.isEmpty()) {
            throw new InvalidConfigException(List.of(new ConfigProblem(
                    config.source(),
                    0,
                    "failberry." + key,
                    "required for dns.provider = "
                            + config.dns().provider().name().toLowerCase(java.util.Locale.ROOT))));
        }
        return value.get();
    }
}
