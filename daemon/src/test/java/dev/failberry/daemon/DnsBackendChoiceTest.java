package dev.failberry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.dns.DnsBackend;
import dev.failberry.dns.LambdaUrlProvider;
import dev.failberry.dns.Route53Provider;
import dev.failberry.dns.SdkProcessBackend;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which DNS backend the daemon gets: the AWS SDK in the helper process unless told otherwise. */
class DnsBackendChoiceTest {
    @TempDir
    Path dir;

    private Optional<DnsBackend> backend(String dns) throws Exception {
        FailberryConfig config = ConfigLoader.fromUserConfig(
                ConfigFactory.parseString("failberry { state-dir = \"" + dir + "\"\n" + dns + "\n}"), "test.conf");
        return Wiring.dnsBackend(config, Environment.production(dir));
    }

    private static final String ROUTE53 = """
            dns.provider = route53
            dns.record = "lte.home.example.com"
            dns.route53.hosted-zone-id = "Z1D633PJN98FT9"
            """;

    @Test
    void route53RunsInTheHelperProcessByDefaultAndNothingStartsYet() throws Exception {
        try (DnsBackend b = backend(ROUTE53).orElseThrow()) {
            assertThat(b).isInstanceOf(SdkProcessBackend.class);
            assertThat(b.name()).isEqualTo("route53");
            assertThat(((SdkProcessBackend) b).helpersStarted()).isZero();
        }
    }

    @Test
    void lambdaInvokeToo() throws Exception {
        try (DnsBackend b = backend("""
                dns.provider = lambda
                dns.record = "lte.home.example.com"
                dns.lambda.mode = invoke
                dns.lambda.function-name = "failberry-ddns"
                """).orElseThrow()) {
            assertThat(b).isInstanceOf(SdkProcessBackend.class);
            assertThat(b.name()).isEqualTo("lambda-invoke");
        }
    }

    @Test
    void sdkProcessFalseKeepsTheSdkInTheDaemon() throws Exception {
        try (DnsBackend b = backend(ROUTE53 + "dns.sdk-process = false").orElseThrow()) {
            assertThat(b).isInstanceOf(Route53Provider.class);
        }
    }

    @Test
    void theFunctionUrlNeedsNoSdkAndNoProviderNeedsNothing() throws Exception {
        try (DnsBackend b = backend("""
                dns.provider = lambda
                dns.record = "lte.home.example.com"
                dns.lambda.function-url = "https://abc.lambda-url.eu-west-1.on.aws/"
                dns.lambda.shared-secret = "s3cret-value"
                """).orElseThrow()) {
            assertThat(b).isInstanceOf(LambdaUrlProvider.class);
        }
        assertThat(backend("")).isEmpty();
    }
}
