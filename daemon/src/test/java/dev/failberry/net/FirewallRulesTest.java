package dev.failberry.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failberry.config.FailberryConfig.Forward;
import dev.failberry.config.FailberryConfig.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rendered table compared with golden files (src/test/resources/net/golden), and each golden file
 * checked by the real nft ({@code nft -c}, which validates against the kernel without changing anything)
 * where nft exists and may talk to the kernel.
 */
class FirewallRulesTest {
    private static final List<Forward> FORWARDS = List.of(
            new Forward(Protocol.UDP, 51820, "192.168.1.10", 51820, "f", 1),
            new Forward(Protocol.TCP, 2222, "192.168.1.10", 22, "f", 2));

    static Stream<Arguments> specs() {
        return Stream.of(
                Arguments.of(
                        "firewall-defaults.nft",
                        new FirewallRules.Spec("eth0", "ppp0", 9000, List.of(), List.of(), true, true)),
                Arguments.of(
                        "firewall-forwards-allow.nft",
                        new FirewallRules.Spec(
                                "eth0",
                                "ppp0",
                                9000,
                                FORWARDS,
                                List.of("192.168.1.20", "192.168.1.64/28", "fd00::/8"),
                                true,
                                true)),
                Arguments.of(
                        "firewall-ethernet-link-no-reply-routing.nft",
                        new FirewallRules.Spec("end0", "usb0", 8443, FORWARDS.subList(1, 2), List.of(), true, false)),
                Arguments.of(
                        "firewall-marks-only.nft",
                        new FirewallRules.Spec("eth0", "wwan0", 9000, FORWARDS, List.of(), false, true)),
                Arguments.of(
                        "firewall-cap-block.nft",
                        new FirewallRules.Spec(
                                "eth0",
                                "ppp0",
                                9000,
                                FORWARDS,
                                List.of("192.168.1.0/24"),
                                true,
                                true,
                                true,
                                List.of("192.168.1.20", "fd00::20"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void matchesTheGoldenFile(String golden, FirewallRules.Spec spec) throws IOException {
        assertThat(FirewallRules.render(spec)).isEqualTo(golden(golden));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void theRealNftAcceptsIt(String golden, FirewallRules.Spec spec) {
        var nft = Path.of("/usr/sbin/nft");
        var probe = new dev.failberry.proc.CommandRunner()
                .run(
                        List.of(nft.toString(), "-c", "-f", "-"),
                        "table inet failberry_probe {}\n",
                        Duration.ofSeconds(10));
        org.junit.jupiter.api.Assumptions.assumeTrue(
                probe.ok(),
                "nft -c not possible here (nft missing or not root): " + probe.describe() + " "
                        + probe.output().strip());
        var r = new dev.failberry.proc.CommandRunner()
                .run(List.of(nft.toString(), "-c", "-f", "-"), FirewallRules.render(spec), Duration.ofSeconds(10));
        assertThat(r.ok()).as(r.output()).isTrue();
    }

    @Test
    void theInterfaceComesFromTheLinkNeverFromAPattern() {
        String text =
                FirewallRules.render(new FirewallRules.Spec("eth0", "usb0", 9000, List.of(), List.of(), true, true));
        assertThat(text).contains("\"usb0\"").doesNotContain("ppp");
    }

    @Test
    void nothingUnsafeReachesTheRuleSet() {
        for (String bad : List.of("eth0\" accept", "eth*", "", "a b", "0123456789abcdef")) {
            assertThatThrownBy(() -> FirewallRules.render(
                            new FirewallRules.Spec(bad, "ppp0", 9000, List.of(), List.of(), true, true)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> FirewallRules.render(
                            new FirewallRules.Spec("eth0", bad, 9000, List.of(), List.of(), true, true)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> FirewallRules.render(new FirewallRules.Spec(
                        "eth0",
                        "ppp0",
                        9000,
                        List.of(new Forward(Protocol.TCP, 1, "192.168.1.1; drop", 1, "f", 1)),
                        List.of(),
                        true,
                        true)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FirewallRules.render(
                        new FirewallRules.Spec("eth0", "ppp0", 9000, List.of(), List.of("} accept"), true, true)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static String golden(String name) throws IOException {
        try (InputStream in = FirewallRulesTest.class.getResourceAsStream("/net/golden/" + name)) {
            if (in == null) {
                throw new AssertionError("golden file missing: src/test/resources/net/golden/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
