package dev.failberry.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.FailberryConfig.CapAction;
import dev.failberry.config.FailberryConfig.MobileCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The data budget and the mobile record's check: defaults, and every bad value at its own line. */
class BudgetConfigTest {
    /** Three lines that give the daemon the AWS SDK (the heartbeat's precondition). */
    private static final String R53 =
            "failberry.dns.provider = route53\nfailberry.dns.record = \"lte.home.example.com\"\n"
                    + "failberry.dns.route53.hosted-zone-id = Z1\n";

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return ConfigFiles.write(dir, text);
    }

    private List<String> problems(String text) throws IOException {
        return ConfigFiles.problems(dir, text);
    }

    @Test
    void defaultsWarnOnlyAndCostTheSimNothingForChecks() throws Exception {
        FailberryConfig c = ConfigLoader.load(write("failberry {}\n"));
        var u = c.ppp().dataUsage();
        assertThat(u.capBytes()).isEmpty();
        assertThat(u.capAction()).isEqualTo(CapAction.WARN);
        assertThat(u.capAllow()).isEmpty();
        assertThat(u.sampleInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(u.saveInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(u.blocks()).isFalse();
        assertThat(c.dns().failover().mobileCheck()).isEqualTo(MobileCheck.NONE);
        assertThat(c.dns().failover().regions()).isEmpty();
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void aBlockingBudgetIsRead() throws Exception {
        FailberryConfig c = ConfigLoader.load(write("""
                failberry {
                  ppp.data-usage {
                    cap = 2G
                    cap-action = block
                    reset-day = 31
                    cap-allow = ["192.168.1.20", "192.168.1.32/29", "192.168.1.20"]
                  }
                  firewall.allow = ["192.168.1.0/24"]
                  dns.failover { mobile-check = http, regions = [us-east-1, eu-west-1, ap-southeast-2] }
                }
                """));
        var u = c.ppp().dataUsage();
        assertThat(u.capBytes()).contains(2L * 1024 * 1024 * 1024);
        assertThat(u.blocks()).isTrue();
        assertThat(u.resetDay()).isEqualTo(31);
        assertThat(u.capAllowCidrs()).containsExactly("192.168.1.20", "192.168.1.32/29");
        assertThat(u.capAllow().get(1).line()).isEqualTo(6);
        assertThat(c.dns().failover().mobileCheck()).isEqualTo(MobileCheck.HTTP);
        assertThat(c.dns().failover().regions()).containsExactly("us-east-1", "eu-west-1", "ap-southeast-2");
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void capAllowOutsideFirewallAllowAndBlockWithoutACapWarn() throws Exception {
        FailberryConfig c = ConfigLoader.load(write("""
                failberry {
                  ppp.data-usage { cap-action = block, cap-allow = ["192.168.2.20"] }
                  firewall.allow = ["192.168.1.0/24"]
                }
                """));
        assertThat(c.warnings())
                .containsExactly(
                        "ppp.data-usage.cap-action = block has no effect without ppp.data-usage.cap",
                        "ppp.data-usage.cap-allow 192.168.2.20 (" + dir.resolve("failberry.conf")
                                + ":2) is not in firewall.allow: "
                                + "it may not use the mobile link at all, cap or no cap");
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of(
                        "a cap without a unit",
                        "failberry.ppp.data-usage.cap = 5000000000\n",
                        "FILE:1: failberry.ppp.data-usage.cap: expected a size with a unit such as 500M or 5G, found 5000000000 (a number without a unit would be bytes)"),
                Arguments.of(
                        "a cap below 1 MiB",
                        "failberry.ppp.data-usage.cap = 900K\n",
                        "FILE:1: failberry.ppp.data-usage.cap: too small: 900K is 921600 bytes (expected at least 1M (1 MiB))"),
                Arguments.of(
                        "a cap that is not a size",
                        "failberry.ppp.data-usage.cap = 5 gigs\n",
                        "FILE:1: failberry.ppp.data-usage.cap: expected a size such as 500M or 5G, found \"5 gigs\""),
                Arguments.of(
                        "an unknown cap-action",
                        "failberry.ppp.data-usage.cap-action = cut\n",
                        "FILE:1: failberry.ppp.data-usage.cap-action: invalid value \"cut\": expected one of warn, block"),
                Arguments.of(
                        "a malformed cap-allow CIDR, at its own line",
                        "failberry.ppp.data-usage.cap-allow = [\n  \"192.168.1.20\"\n  \"192.168.1.0/40\"\n]\n",
                        "FILE:3: failberry.ppp.data-usage.cap-allow: invalid entry \"192.168.1.0/40\": expected a LAN address or CIDR such as 192.168.1.10 or 192.168.1.0/28"),
                Arguments.of(
                        "a cap-allow host outside the LAN",
                        "failberry.ppp.data-usage.cap-allow = [\"8.8.8.8\"]\n",
                        "FILE:1: failberry.ppp.data-usage.cap-allow: entry \"8.8.8.8\" is outside the LAN: expected a private address (10.x, 172.16-31.x, 192.168.x, fc00::/7) on the wired interface's network"),
                Arguments.of(
                        "a malformed firewall.allow CIDR, at its own line",
                        "failberry.firewall.allow = [\n  \"192.168.1.10\",\n  \"192.168.1.300\"\n]\n",
                        "FILE:3: failberry.firewall.allow: invalid entry \"192.168.1.300\": expected an IP address or a CIDR such as 192.168.1.10 or 192.168.1.0/28"),
                Arguments.of(
                        "block without a managed firewall",
                        "failberry {\n  firewall.manage = false\n  ppp.data-usage { cap = 1G, cap-action = block }\n}\n",
                        "FILE:3: failberry.ppp.data-usage.cap-action: block needs firewall.manage = true (FILE:2): the block is a rule in the daemon's nftables table"),
                Arguments.of(
                        "a sample interval too long for the 10 s promise",
                        "failberry.ppp.data-usage.sample-interval = 30s\n",
                        "FILE:1: failberry.ppp.data-usage.sample-interval: out of range: 30s (expected 200ms to 10s)"),
                Arguments.of(
                        "reset-day 32",
                        "failberry.ppp.data-usage.reset-day = 32\n",
                        "FILE:1: failberry.ppp.data-usage.reset-day: out of range: 32 (expected 1 to 31)"),
                Arguments.of(
                        "a region Route53 does not have, at its own line",
                        "failberry.dns.failover.regions = [\n  us-east-1\n  eu-central-1\n  eu-west-1\n]\n",
                        "FILE:3: failberry.dns.failover.regions: unknown checker region \"eu-central-1\": Route53 checks from ap-northeast-1, ap-southeast-1, ap-southeast-2, eu-west-1, sa-east-1, us-east-1, us-west-1, us-west-2"),
                Arguments.of(
                        "fewer regions than Route53 accepts",
                        "failberry.dns.failover.regions = [us-east-1, eu-west-1]\n",
                        "FILE:1: failberry.dns.failover.regions: 2 regions: Route53 needs at least 3 checker regions ([] = all 8)"),
                Arguments.of(
                        "a region twice",
                        "failberry.dns.failover.regions = [us-east-1, eu-west-1, us-east-1]\n",
                        "FILE:1: failberry.dns.failover.regions: duplicate region \"us-east-1\""),
                Arguments.of(
                        "an unknown mobile-check",
                        "failberry.dns.failover.mobile-check = tcp\n",
                        "FILE:1: failberry.dns.failover.mobile-check: invalid value \"tcp\": expected one of http, cloudwatch, none"),
                Arguments.of(
                        "cloudwatch in a region whose alarms Route53 cannot follow",
                        "%sfailberry.aws.region = \"xx-nowhere-1\"\nfailberry.dns.failover.mobile-check = cloudwatch\n"
                                .formatted(R53),
                        "FILE:4: failberry.aws.region: region \"xx-nowhere-1\" has no CloudWatch alarms a Route53 health"
                                + " check can follow (dns.failover.mobile-check = cloudwatch); e.g. us-east-1, eu-west-1"),
                Arguments.of(
                        "cloudwatch without the AWS SDK (dns.provider = none)",
                        "failberry.dns.failover.mobile-check = cloudwatch\n",
                        "FILE:1: failberry.dns.failover.mobile-check: cloudwatch needs the AWS SDK, which the daemon uses"
                                + " with dns.provider = route53 (or lambda with dns.lambda.mode = invoke)"),
                Arguments.of(
                        "a heartbeat interval that is not whole minutes",
                        "%sfailberry.dns.failover.heartbeat.interval = 90s\n".formatted(R53),
                        "FILE:4: failberry.dns.failover.heartbeat.interval: must be whole minutes (a CloudWatch alarm's"
                                + " period), found 90 s"),
                Arguments.of(
                        "a heartbeat faster than CloudWatch's standard resolution",
                        "failberry.dns.failover.heartbeat.interval = 10s\n",
                        "FILE:1: failberry.dns.failover.heartbeat.interval: out of range: 10s (expected 60s to 60m)"),
                Arguments.of(
                        "misses out of range",
                        "failberry.dns.failover.heartbeat.misses = 0\n",
                        "FILE:1: failberry.dns.failover.heartbeat.misses: out of range: 0 (expected 1 to 10)"),
                Arguments.of(
                        "AWS's own namespace",
                        "failberry.dns.failover.heartbeat.namespace = \"AWS/EC2\"\n",
                        "FILE:1: failberry.dns.failover.heartbeat.namespace: the namespace AWS/ is reserved for AWS's own"
                                + " metrics"),
                Arguments.of(
                        "a namespace with a space",
                        "failberry.dns.failover.heartbeat.namespace = \"my pi\"\n",
                        "FILE:1: failberry.dns.failover.heartbeat.namespace: invalid value \"my pi\": expected a CloudWatch"
                                + " namespace such as FailberryPi"));
    }

    @Test
    void cloudwatchIsReadWithItsHeartbeat() throws Exception {
        FailberryConfig c = ConfigLoader.load(write("""
                failberry {
                  dns.provider = route53
                  dns.record = "lte.home.example.com"
                  dns.route53.hosted-zone-id = Z1
                  aws.region = eu-central-1
                  dns.failover { mobile-check = cloudwatch, heartbeat { interval = 1m, misses = 3 } }
                }
                """));
        assertThat(c.dns().failover().mobileCheck()).isEqualTo(MobileCheck.CLOUDWATCH);
        var hb = c.dns().failover().heartbeat();
        assertThat(hb.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(hb.misses()).isEqualTo(3);
        assertThat(hb.namespace()).isEqualTo("FailberryPi");
        assertThat(hb.endpoint()).isEmpty();
        assertThat(c.warnings()).isEmpty();
    }

    /**
     * The region lists are hard-coded so that reading the configuration never loads the SDK: they must stay
     * what the SDK (and so the API) knows.
     */
    @Test
    void theRegionListsAreTheSdksOwn() {
        assertThat(BudgetReader.CHECKER_REGIONS)
                .containsExactlyInAnyOrderElementsOf(
                        software.amazon.awssdk.services.route53.model.HealthCheckRegion.knownValues().stream()
                                .map(Object::toString)
                                .toList());
        assertThat(BudgetReader.ALARM_REGIONS)
                .containsExactlyInAnyOrderElementsOf(
                        software.amazon.awssdk.services.route53.model.CloudWatchRegion.knownValues().stream()
                                .map(Object::toString)
                                .toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void badValuesAreReportedWithFileLineKeyAndMessage(String name, String text, String expected) throws IOException {
        assertThat(problems(text)).containsExactly(expected);
    }
}
