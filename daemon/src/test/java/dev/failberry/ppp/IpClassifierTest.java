package dev.failberry.ppp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.ppp.IpClassifier.IpClass;
import dev.failberry.testutil.LookupRecorder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpClassifierTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "8.8.8.8, PUBLIC",
        "1.1.1.1, PUBLIC",
        "80.187.100.3, PUBLIC",
        "100.63.255.255, PUBLIC",
        "100.128.0.1, PUBLIC",
        "172.15.255.255, PUBLIC",
        "172.32.0.1, PUBLIC",
        "11.0.0.1, PUBLIC",
        "223.255.255.254, PUBLIC",
        "10.0.0.1, PRIVATE",
        "10.255.255.255, PRIVATE",
        "172.16.0.1, PRIVATE",
        "172.31.255.254, PRIVATE",
        "192.168.1.20, PRIVATE",
        "100.64.0.1, CGNAT",
        "100.72.13.5, CGNAT",
        "100.127.255.254, CGNAT",
        "127.0.0.1, LOOPBACK",
        "127.8.9.10, LOOPBACK",
        "169.254.1.1, LINK_LOCAL",
        "192.0.2.7, DOCUMENTATION",
        "198.51.100.1, DOCUMENTATION",
        "203.0.113.200, DOCUMENTATION",
        "224.0.0.1, MULTICAST",
        "239.255.255.250, MULTICAST",
        "0.0.0.0, RESERVED",
        "240.0.0.1, RESERVED",
        "255.255.255.255, RESERVED",
        "198.18.0.1, RESERVED",
        "192.0.0.8, RESERVED",
        "2a02:8109:1:2::5, PUBLIC",
        "2001:4860:4860::8888, PUBLIC",
        "fd12:3456:789a::1, UNIQUE_LOCAL",
        "fc00::1, UNIQUE_LOCAL",
        "fe80::1, LINK_LOCAL",
        "::1, LOOPBACK",
        "2001:db8::1, DOCUMENTATION",
        "ff02::1, MULTICAST",
        "::, RESERVED"
    })
    void classifies(String literal, IpClass expected) {
        var address = IpClassifier.parseLiteral(literal).orElseThrow();
        assertThat(IpClassifier.classify(address)).isEqualTo(expected);
        assertThat(expected.inboundReachable()).isEqualTo(expected == IpClass.PUBLIC);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "localhost",
                "example.com",
                "1.2.3",
                "1.2.3.256",
                "01.2.3.4",
                "1.2.3.4\nX",
                "<html>",
                "1.2.3.4 5.6.7.8",
                "checkip.amazonaws.com"
            })
    void parseLiteralNeverResolvesNames(String text) {
        assertThat(IpClassifier.parseLiteral(text)).isEmpty();
    }

    /** Found by TextParserFuzzTest: text that does not start with a hex digit or ':' made the JDK look it up. */
    @ParameterizedTest
    @ValueSource(strings = {".:1.2.3.4", ".:", "..::1", ".::ffff:1.2.3.4"})
    void textThatOnlyLooksLikeALiteralIsNotLookedUp(String text) {
        try (LookupRecorder dns = LookupRecorder.install()) {
            assertThat(IpClassifier.parseLiteral(text)).isEmpty();
            assertThat(dns.drain()).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource({"PRIVATE, true", "CGNAT, true", "PUBLIC, false", "LOOPBACK, false"})
    void nattedClasses(IpClass c, boolean natted) {
        assertThat(c.natted()).isEqualTo(natted);
    }
}
