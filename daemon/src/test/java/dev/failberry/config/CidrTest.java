package dev.failberry.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {
    @ParameterizedTest
    @CsvSource({
        "192.168.1.10, 192.168.1.10",
        "192.168.1.77/28, 192.168.1.64/28",
        "10.0.0.0/8, 10.0.0.0/8",
        "0.0.0.0/0, 0.0.0.0/0",
        "fd00::/8, fd00::/8",
        "FD12:3456:0:0:0:0:0:1, fd12:3456::1",
        "2001:db8:0:1:0:0:0:0/64, 2001:db8:0:1::/64",
        "2001:db8::1:0:0:1/128, 2001:db8::1:0:0:1",
        "::/0, ::/0"
    })
    void parsesAndNormalises(String text, String expected) {
        assertThat(Cidr.parse(text)).map(Cidr::toString).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "192.168.1.0/33",
                "256.1.1.1",
                "router.lan",
                "1.2.3",
                "fd00::/129",
                "",
                "/24",
                "1.2.3.4/",
                "4294967296",
                "cafe"
            })
    void rejectsWhatIsNotALiteral(String text) {
        assertThat(Cidr.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "192.168.1.0/24, 192.168.1.200, true",
        "192.168.1.0/24, 192.168.2.1, false",
        "192.168.1.0/24, fd00::1, false",
        "fd00::/8, fd12::1, true"
    })
    void containment(String net, String address, boolean inside) throws Exception {
        assertThat(Cidr.parse(net).orElseThrow().contains(InetAddress.getByName(address)))
                .isEqualTo(inside);
    }

    @ParameterizedTest
    @CsvSource({
        "10.1.2.3, true",
        "172.16.0.1, true",
        "172.32.0.1, false",
        "192.168.0.1, true",
        "8.8.8.8, false",
        "100.64.0.1, false",
        "fd00::1, true",
        "2001:db8::1, false"
    })
    void privateAddresses(String address, boolean priv) {
        assertThat(Cidr.parse(address).orElseThrow().isPrivate()).isEqualTo(priv);
    }
}
