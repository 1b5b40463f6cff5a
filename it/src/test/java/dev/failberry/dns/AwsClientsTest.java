package dev.failberry.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failberry.config.FailberryConfig;
import dev.failberry.sim.aws.LoopbackAws;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;

/** Where the production Route53 client sends and how it signs, checked without leaving the machine. */
class AwsClientsTest {
    @TempDir
    Path dir;

    /** Captures the signed request just before it would be sent, then stops it. */
    static final class Capture implements ExecutionInterceptor {
        final AtomicReference<SdkHttpRequest> request = new AtomicReference<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            request.set(context.httpRequest());
            throw new IllegalStateException("captured");
        }
    }

    @Test
    void route53GoesToTheGlobalEndpointSignedForUsEast1WhateverTheRegion() {
        for (String region : new String[] {"eu-west-1", "us-east-1", "ap-southeast-2"}) {
            Capture capture = new Capture();
            try (Route53Client client = Route53Client.builder()
                    .region(Region.of(region))
                    .credentialsProvider(LoopbackAws.credentials())
                    .httpClient(UrlConnectionHttpClient.create())
                    .overrideConfiguration(o -> o.addExecutionInterceptor(capture))
                    .build()) {
                assertThatThrownBy(() -> client.listResourceRecordSets(
                                b -> b.hostedZoneId("Z1").startRecordName("x.example.com")))
                        .hasMessageContaining("captured");
            }
            SdkHttpRequest r = capture.request.get();
            assertThat(r.getUri().toString())
                    .startsWith("https://route53.amazonaws.com/2013-04-01/hostedzone/Z1/rrset");
            assertThat(r.firstMatchingHeader("Authorization"))
                    .hasValueSatisfying(a -> assertThat(a).contains("/us-east-1/route53/aws4_request"));
        }
    }

    @Test
    void clientsAreBuiltWithTheConfiguredTimeouts() throws Exception {
        FailberryConfig config =
                DnsTestSupport.config(dir, "aws.api-call-timeout = 7s\naws.api-call-attempt-timeout = 3s");
        var clients = new AwsClients(config.aws(), LoopbackAws.credentials(), false);
        try (Route53Client r53 = clients.route53(Optional.of(URI.create("http://127.0.0.1:9")))) {
            var o = r53.serviceClientConfiguration().overrideConfiguration();
            assertThat(o.apiCallTimeout()).contains(Duration.ofSeconds(7));
            assertThat(o.apiCallAttemptTimeout()).contains(Duration.ofSeconds(3));
            assertThat(o.retryStrategy())
                    .hasValueSatisfying(s -> assertThat(s.maxAttempts()).isEqualTo(1));
        }
    }
}
