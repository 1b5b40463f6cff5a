package dev.failberry.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.LinkConfig.LinkType;
import dev.failberry.config.LinkConfig.ModemControl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** link.type, link.interface, modem.control and modem.hilink.*: defaults, what fits which type, URLs, secrets. */
class LinkConfigTest {
    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path f = dir.resolve("failberry.conf");
        Files.writeString(f, text);
        return f;
    }

    private LinkConfig load(String text) throws Exception {
        return ConfigLoader.load(file(text)).link();
    }

    private List<String> problems(String text) throws Exception {
        Path f = file(text);
        try {
            ConfigLoader.load(f);
        } catch (InvalidConfigException e) {
            return e.problems().stream()
                    .map(p -> p.toString().replace(f.toString(), "F"))
                    .toList();
        }
        throw new AssertionError("expected problems");
    }

    @Test
    void defaultsArePppOverAt() throws Exception {
        LinkConfig l = load("failberry {}\n");
        assertThat(l.type()).isEqualTo(LinkType.PPP);
        assertThat(l.control()).isEqualTo(ModemControl.AT);
        assertThat(l.autoInterface()).isTrue();
        assertThat(l.hilink().url().toString()).isEqualTo("http://192.168.8.1");
        assertThat(l.hilink().dmz()).isFalse();
        assertThat(l.hilink().login()).isFalse();
        assertThat(l.hilink().timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void anEthernetStickDefaultsToHilinkControl() throws Exception {
        LinkConfig l = load("""
                failberry {
                  link { type = ethernet, interface = enx0c5b8f279a64 }
                  modem.hilink { url = "http://192.168.3.1:80/", username = admin, password = "pa ss#1", dmz = true }
                }
                """);
        assertThat(l.type()).isEqualTo(LinkType.ETHERNET);
        assertThat(l.interfaceName()).isEqualTo("enx0c5b8f279a64");
        assertThat(l.control()).isEqualTo(ModemControl.HILINK);
        assertThat(l.hilink().url().toString()).isEqualTo("http://192.168.3.1:80");
        assertThat(l.hilink().username()).contains("admin");
        assertThat(l.hilink().password().orElseThrow().value()).isEqualTo("pa ss#1");
        assertThat(l.hilink().dmz()).isTrue();
        assertThat(l.toString()).doesNotContain("pa ss#1");
    }

    @Test
    void anEthernetStickWithAnAtPortMayKeepItsPort() throws Exception {
        LinkConfig l = load("failberry { link.type = ethernet, modem { control = at, port = /dev/ttyUSB2 } }\n");
        assertThat(l.control()).isEqualTo(ModemControl.AT);
    }

    @Test
    void atAndPppKeysWithAnEthernetLinkNameBothKeysAndLines() throws Exception {
        assertThat(problems("""
                failberry {
                  link.type = ethernet
                  modem.apn = "internet.example"
                  modem.pin = "1234"
                  ppp.dial-number = "*99#"
                  ppp.probe.interval = 10s
                }
                """))
                .containsExactly(
                        "F:3: failberry.modem.apn: not used with link.type = ethernet (F:2): the stick connects by itself and "
                                + "there is no pppd; remove modem.apn or set link.type = ppp",
                        "F:4: failberry.modem.pin: not used with modem.control = hilink, the default for link.type = ethernet "
                                + "(F:2): the daemon opens no AT port; remove modem.pin or set modem.control = at for a stick "
                                + "that has one",
                        "F:5: failberry.ppp.dial-number: not used with link.type = ethernet (F:2): the stick connects by itself "
                                + "and there is no pppd; remove ppp.dial-number or set link.type = ppp");
    }

    @Test
    void hilinkKeysWithAPppLinkNameBothKeys() throws Exception {
        assertThat(problems("""
                failberry {
                  link.type = ppp
                  modem.hilink.dmz = true
                  link.interface = usb0
                  modem.control = hilink
                }
                """))
                .containsExactly(
                        "F:3: failberry.modem.hilink.dmz: only for link.type = ethernet, but link.type = ppp (F:2); remove "
                                + "modem.hilink.dmz or set link.type = ethernet",
                        "F:4: failberry.link.interface: only for link.type = ethernet, but link.type = ppp (F:2); remove "
                                + "link.interface or set link.type = ethernet",
                        "F:5: failberry.modem.control: hilink needs link.type = ethernet, but link.type = ppp (F:2): a HiLink "
                                + "stick is a network interface, it has no PPP");
        assertThat(problems("failberry.modem.hilink.url = \"http://192.168.8.1\"\n"))
                .containsExactly(
                        "F:1: failberry.modem.hilink.url: only for link.type = ethernet, but link.type = ppp (the default); "
                                + "remove modem.hilink.url or set link.type = ethernet");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://192.168.8.1",
                "http://192.168.8.1/api",
                "http://192.168.8.1/?x=1",
                "192.168.8.1",
                "http://",
                "http://192.168.8.1#frag",
                "http://[::1"
            })
    void badUrls(String url) throws Exception {
        List<String> p = problems("failberry { link.type = ethernet, modem.hilink.url = \"" + url + "\" }\n");
        assertThat(p).singleElement().asString().startsWith("F:1: failberry.modem.hilink.url: invalid URL");
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutEchoingThem() throws Exception {
        List<String> p = problems(
                "failberry { link.type = ethernet, modem.hilink.url = \"http://admin:TOPSECRET@192.168.8.1\" }\n");
        assertThat(p)
                .singleElement()
                .asString()
                .contains("credentials in the URL")
                .doesNotContain("TOPSECRET");
    }

    @Test
    void usernameAndPasswordGoTogetherAndThePasswordIsNeverEchoed() throws Exception {
        assertThat(problems("failberry { link.type = ethernet, modem.hilink.password = \"TOPSECRET\" }\n"))
                .containsExactly("F:1: failberry.modem.hilink.username: required with modem.hilink.password");
        assertThat(problems("failberry { link.type = ethernet, modem.hilink.username = admin }\n"))
                .containsExactly("F:1: failberry.modem.hilink.password: required with modem.hilink.username");
        assertThat(
                        problems(
                                "failberry { link.type = ethernet, modem.hilink { username = \"a b\", password = \"TOP\\u0001SECRET\" } }\n"))
                .hasSize(2)
                .allSatisfy(s -> assertThat(s).doesNotContain("TOP"));
    }

    @Test
    void interfaceNamesAndTypesAreChecked() throws Exception {
        assertThat(problems("failberry { link { type = wifi } }\n"))
                .singleElement()
                .asString()
                .contains("failberry.link.type: invalid value \"wifi\": expected one of ppp, ethernet");
        assertThat(problems("failberry { link { type = ethernet, interface = \"eth1; reboot\" } }\n"))
                .singleElement()
                .asString()
                .contains("failberry.link.interface: invalid value");
        assertThat(problems("failberry { link { type = ethernet, interface = \"abcdefghijklmnop\" } }\n"))
                .hasSize(1);
        assertThat(problems("failberry { link.type = ethernet, modem.control = serial }\n"))
                .singleElement()
                .asString()
                .contains("expected one of at, hilink, none");
    }

    @Test
    void theGatewayIsAutoOrAnIpv4AddressAndOnlyForAnEthernetLink() throws Exception {
        LinkConfig l =
                load("failberry { link { type = ethernet, gateway = \"192.168.3.1\", address-timeout = 20s } }\n");
        assertThat(l.gateway()).contains("192.168.3.1");
        assertThat(l.addressTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(load("failberry { link.type = ethernet }\n").gateway()).isEmpty();
        assertThat(problems("failberry { link { type = ethernet, gateway = \"192.168.8.1; reboot\" } }\n"))
                .singleElement()
                .asString()
                .startsWith("F:1: failberry.link.gateway: invalid value")
                .contains("expected \"auto\" or the stick's IPv4 address");
        assertThat(problems("failberry { link.gateway = \"192.168.8.1\" }\n"))
                .singleElement()
                .asString()
                .contains("failberry.link.gateway: only for link.type = ethernet");
    }

    @Test
    void theShippedExampleFilesStillLoad() throws Exception {
        ConfigLoader.load(Path.of("config/failberry.conf"));
        ConfigLoader.load(Path.of("config/demo.conf"));
    }
}
