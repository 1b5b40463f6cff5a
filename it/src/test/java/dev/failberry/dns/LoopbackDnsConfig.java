package dev.failberry.dns;

import dev.failberry.config.FailberryConfig;
import dev.failberry.sim.aws.LoopbackAws;
import java.nio.file.Path;

/** A Route53 config pointing at a {@link LoopbackAws} (the rest of the DNS tests' helpers: DnsTestSupport). */
final class LoopbackDnsConfig {
    private LoopbackDnsConfig() {}

    static FailberryConfig route53Config(LoopbackAws aws, Path stateDir, String extra) throws Exception {
        return DnsTestSupport.config(
                stateDir, """
                dns.provider = route53
                dns.record = "%s"
                dns.route53.hosted-zone-id = "%s"
                dns.route53.endpoint = "%s"
                """.formatted(DnsTestSupport.RECORD, aws.settings().zoneId(), aws.endpoint()) + extra);
    }
}
