package dev.failberry.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one DNS-name normal form. Route53's forms are from its ListResourceRecordSets answers (names with a
 * trailing dot, '*' escaped as {@code \052}, case as created); the others as users write them in a config
 * or a Host header.
 */
class DnsNamesTest {
    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "lte.home.example.com.     | lte.home.example.com", // Route53's answer: trailing dot
                "LTE.Home.Example.COM      | lte.home.example.com", // as a user typed it
                "Lte.Home.Example.COM.     | lte.home.example.com",
                "\\052.example.com.        | *.example.com", // Route53's wildcard
                "\\052.Example.com         | *.example.com",
                "a\\055b.example.com       | a-b.example.com", // any octal escape
                "a\\134b.example.com       | a\\b.example.com", // an escaped backslash is one backslash
                "trailing\\05              | trailing\\05", // too short for an escape: kept
                "bad\\089.example.com      | bad\\089.example.com", // 8 and 9 are not octal: kept
                "plain                     | plain",
                ".                         | ''"
            }) // the root
    void normalizes(String given, String expected) {
        assertThat(DnsNames.normalize(given)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\\052.example.com.        | *.EXAMPLE.com",
                "lte.home.example.com      | LTE.home.example.com.",
                "wired.example.com         | Wired.Example.Com."
            })
    void sameNameInEveryForm(String a, String b) {
        assertThat(DnsNames.same(a, b)).isTrue();
        assertThat(DnsNames.same(a, "other." + b)).isFalse();
    }

    @Test
    void theConfiguredRecordIsKeptInTheNormalForm(@TempDir Path dir) throws Exception {
        var config = ConfigLoader.fromUserConfig(ConfigFactory.parseString("""
                failberry {
                  state-dir = "%s"
                  dns.provider = route53
                  dns.record = "LTE.Home.Example.com."
                  dns.route53.hosted-zone-id = "Z0LOOPBACK0000"
                }
                """.formatted(dir)), "test.conf");

        assertThat(config.dns().record()).contains("lte.home.example.com");
    }
}
