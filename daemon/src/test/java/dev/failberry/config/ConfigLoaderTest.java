package dev.failberry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failberry.testutil.LookupRecorder;
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
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return ConfigFiles.write(dir, text);
    }

    private List<String> problems(String text) throws IOException {
        return ConfigFiles.problems(dir, text);
    }

    @Test
    void shippedPiConfigValidates() throws Exception {
        FailberryConfig c = ConfigLoader.load(Path.of("config/failberry.conf"));
        // a name that exists without any udev rule (the rule is optional: the package ships it, but a
        // stick it does not know gets no /dev/failberry-modem)
        assertThat(c.modem().port()).isEqualTo("auto");
        assertThat(c.usbPower().method()).isEqualTo(FailberryConfig.UsbPowerMethod.UHUBCTL);
        assertThat(c.usbPower().ports()).containsExactly(2);
        assertThat(c.dns().provider()).isEqualTo(FailberryConfig.DnsProvider.ROUTE53);
        assertThat(c.dns().record()).contains("lte.home.example.com");
        assertThat(c.ppp().dataUsage().capBytes()).contains(5L * 1024 * 1024 * 1024);
        assertThat(c.ppp().probe().targets()).hasSize(3);
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void shippedDemoConfigValidates() throws Exception {
        FailberryConfig c = ConfigLoader.load(Path.of("config/demo.conf"));
        assertThat(c.health().bind()).isEqualTo("127.0.0.1");
        assertThat(c.modem().pollInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shippedEthernetDemoConfigValidates() throws Exception {
        FailberryConfig c = ConfigLoader.load(Path.of("config/demo-ethernet.conf"));
        assertThat(c.link().ethernet()).isTrue();
        assertThat(c.link().autoInterface()).isTrue();
        assertThat(c.link().control()).isEqualTo(LinkConfig.ModemControl.HILINK);
        assertThat(c.health().bind()).isEqualTo("127.0.0.1");
        assertThat(c.routing().replyRouting()).isFalse();
        assertThat(c.firewall().manage()).isFalse();
    }

    @Test
    void defaultsAloneAreValid() throws Exception {
        FailberryConfig c = ConfigLoader.load(write("failberry {}\n"));
        assertThat(c.modem().port()).isEqualTo("auto");
        assertThat(c.modem().dataPort()).isEqualTo("auto");
        assertThat(c.modem().pin()).isEmpty();
        assertThat(c.health().port()).isEqualTo(9000);
        assertThat(c.admin().bind()).isEqualTo("127.0.0.1");
        assertThat(c.recovery().reboot().enabled()).isFalse();
        assertThat(c.ppp().redial().backoff().nominal(0)).isEqualTo(Duration.ofSeconds(5));
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of(
                        "typo in a key, with a suggestion",
                        "failberry {\n  dns {\n    recrod = \"x.example.com\"\n  }\n}\n",
                        "FILE:3: failberry.dns.recrod: unknown key (did you mean \"record\"?)"),
                Arguments.of(
                        "unknown top-level key",
                        "failbery {\n  dns.ttl = 60\n}\n",
                        "FILE:1: failbery: unknown top-level key: all settings live under \"failberry { ... }\""),
                Arguments.of(
                        "port out of range",
                        "failberry {\n  health.port = 70000\n}\n",
                        "FILE:2: failberry.health.port: out of range: 70000 (expected 0 to 65535)"),
                Arguments.of(
                        "no connection allowed per address",
                        "failberry.health.max-connections-per-address = 0\n",
                        "FILE:1: failberry.health.max-connections-per-address: out of range: 0 (expected 1 to 10000)"),
                Arguments.of(
                        "port not a number",
                        "failberry.admin.port = nine\n",
                        "FILE:1: failberry.admin.port: expected a whole number from 0 to 65535, found \"nine\""),
                Arguments.of(
                        "TTL out of range",
                        "failberry.dns.ttl = 0\n",
                        "FILE:1: failberry.dns.ttl: out of range: 0 (expected 1 to 172800)"),
                Arguments.of(
                        "duration without unit",
                        "failberry {\n  modem {\n    poll-interval = 30\n  }\n}\n",
                        "FILE:3: failberry.modem.poll-interval: expected a duration with a unit (e.g. 500ms, 30s, 5m), found 30"),
                Arguments.of(
                        "duration out of range",
                        "failberry.modem.command-timeout = 60s\n",
                        "FILE:1: failberry.modem.command-timeout: out of range: 60s (expected 100ms to 25s)"),
                Arguments.of(
                        "APN with a space",
                        "failberry.modem.apn = \"my apn\"\n",
                        "FILE:1: failberry.modem.apn: invalid value \"my apn\": expected 1-100 letters, digits, '.', '-' or '_' (no quotes, spaces or control characters: it goes into a chat script)"),
                Arguments.of(
                        "APN with a quote (chat script injection)",
                        "failberry.modem.apn = \"x\\\" ATD123\"\n",
                        "FILE:1: failberry.modem.apn: invalid value \"x\\\" ATD123\": expected 1-100 letters, digits, '.', '-' or '_' (no quotes, spaces or control characters: it goes into a chat script)"),
                Arguments.of(
                        "APN with a control character",
                        "failberry.modem.apn = \"inter\\nnet\"\n",
                        "FILE:1: failberry.modem.apn: invalid value \"inter\\u000anet\": expected 1-100 letters, digits, '.', '-' or '_' (no quotes, spaces or control characters: it goes into a chat script)"),
                Arguments.of(
                        "PIN not digits (value not echoed: it is a secret)",
                        "failberry.modem.pin = \"12a4\"\n",
                        "FILE:1: failberry.modem.pin: invalid value: expected 4 to 8 digits"),
                Arguments.of(
                        "route53 without zone: reported at the provider line",
                        "failberry {\n  dns {\n    provider = route53\n    record = \"lte.example.com\"\n  }\n}\n",
                        "FILE:3: failberry.dns.route53.hosted-zone-id: required when dns.provider = route53"),
                Arguments.of(
                        "lambda function-url without secret",
                        "failberry.dns {\n  provider = lambda\n  record = \"lte.example.com\"\n  lambda.function-url = \"https://abc.lambda-url.us-east-1.on.aws/\"\n}\n",
                        "FILE:2: failberry.dns.lambda.shared-secret: required when dns.lambda.mode = function-url"),
                Arguments.of(
                        "unknown provider",
                        "failberry.dns.provider = cloudflare\n",
                        "FILE:1: failberry.dns.provider: invalid value \"cloudflare\": expected one of route53, lambda, none"),
                Arguments.of(
                        "bad record name",
                        "failberry.dns.record = \"not a name\"\n",
                        "FILE:1: failberry.dns.record: invalid value \"not a name\": expected a DNS name such as lte.home.example.com"),
                Arguments.of(
                        "admin exposed beyond loopback",
                        "failberry.admin.bind = \"0.0.0.0\"\n",
                        "FILE:1: failberry.admin.bind: must be a loopback address such as 127.0.0.1 or ::1: the admin API has no authentication (reach it over SSH)"),
                Arguments.of(
                        "pppd option that would run a program",
                        "failberry.ppp.extra-options = [\"mtu\", \"1400\", \"connect\", \"/bin/sh\"]\n",
                        "FILE:1: failberry.ppp.extra-options: option \"connect\" is not allowed: it runs a program (the daemon sets it)"),
                Arguments.of(
                        "bad dial string",
                        "failberry.ppp.dial-number = \"*99#;ATH\"\n",
                        "FILE:1: failberry.ppp.dial-number: invalid value \"*99#;ATH\": expected *99# or *99***<cid>#"),
                Arguments.of(
                        "bad probe target",
                        "failberry.ppp.probe.targets = [\"1.1.1.1\"]\n",
                        "FILE:1: failberry.ppp.probe.targets: invalid target \"1.1.1.1\": expected host:port such as 1.1.1.1:443 or [2606:4700::1111]:443"),
                Arguments.of(
                        "k greater than n",
                        "failberry.ppp.probe {\n  window = 3\n  failures = 4\n}\n",
                        "FILE:3: failberry.ppp.probe.failures: must not exceed ppp.probe.window (3)"),
                Arguments.of(
                        "top-of-ladder pause cap below the first pause",
                        "failberry.recovery {\n  top-pause = 20m\n  top-pause-max = 10m\n}\n",
                        "FILE:3: failberry.recovery.top-pause-max: must not be shorter than recovery.top-pause"),
                Arguments.of(
                        "uhubctl port out of range",
                        "failberry.usb-power {\n  method = uhubctl\n  ports = [2, 99]\n}\n",
                        "FILE:3: failberry.usb-power.ports: element out of range: 99 (expected 1 to 15)"),
                Arguments.of(
                        "sysfs method without device",
                        "failberry.usb-power.method = sysfs\n",
                        "FILE:1: failberry.usb-power.sysfs-device: required when usb-power.method = sysfs"),
                Arguments.of(
                        "boolean expected",
                        "failberry.recovery.reboot.enabled = maybe\n",
                        "FILE:1: failberry.recovery.reboot.enabled: expected true or false, found \"maybe\""),
                Arguments.of(
                        "object where a value is expected",
                        "failberry.modem.apn { x = 1 }\n",
                        "FILE:1: failberry.modem.apn: expected a single value, found an object"),
                Arguments.of(
                        "value where a section is expected",
                        "failberry.modem = \"/dev/ttyUSB2\"\n",
                        "FILE:1: failberry.modem: expected an object (a section such as modem { ... })"),
                Arguments.of(
                        "relative path",
                        "failberry.ppp.pppd = \"pppd\"\n",
                        "FILE:1: failberry.ppp.pppd: expected an absolute path, found \"pppd\""),
                Arguments.of(
                        "failover interval not 10 or 30",
                        "failberry.dns.failover.interval = 20\n",
                        "FILE:1: failberry.dns.failover.interval: invalid value 20: Route53 health checks run every 10 or 30 seconds"),
                Arguments.of(
                        "SMS number not E.164 (national format)",
                        "failberry.notify {\n  sms.to = [\"+64211234567\", \"0211234567\"]\n}\n",
                        "FILE:2: failberry.notify.sms.to: invalid number \"0211234567\": expected an E.164 number such as +64211234567 ('+', the country code and the number, 7-15 digits, no spaces)"),
                Arguments.of(
                        "SMS number with spaces",
                        "failberry.notify.sms.to = [\"+64 21 123 4567\"]\n",
                        "FILE:1: failberry.notify.sms.to: invalid number \"+64 21 123 4567\": expected an E.164 number such as +64211234567 ('+', the country code and the number, 7-15 digits, no spaces)"),
                Arguments.of(
                        "unknown event name",
                        "failberry.notify.events = [\"link-down\", \"link-flap\"]\n",
                        "FILE:1: failberry.notify.events: unknown event \"link-flap\": expected some of started, link-up, link-down, recovery, wired-down, wired-up, data-warning, data-cap, reboot-pending"),
                Arguments.of(
                        "webhook URL with credentials (not echoed: it is a secret)",
                        "failberry.notify.webhook {\n  url = \"https://admin:hunter2@hooks.example.com/x\"\n}\n",
                        "FILE:2: failberry.notify.webhook.url: must not contain credentials (user:password@host): put them in notify.webhook.headers, e.g. \"Authorization: Basic ...\", where they are kept secret"),
                Arguments.of(
                        "plain http webhook to a public host",
                        "failberry.notify.webhook.url = \"http://hooks.example.com/alert\"\n",
                        "FILE:1: failberry.notify.webhook.url: plain http:// to a host outside the LAN would send every alert (and any header secret) unencrypted over the internet: use https:// (http:// is accepted for loopback, private-range addresses and LAN names such as homeassistant.local)"),
                Arguments.of(
                        "webhook URL that is not http(s)",
                        "failberry.notify.webhook.url = \"ftp://example.com/x\"\n",
                        "FILE:1: failberry.notify.webhook.url: invalid URL: expected an https:// URL with a host name"),
                Arguments.of(
                        "header with a line break (header injection; value not echoed)",
                        "failberry.notify.webhook.headers = [\"X-Token: abc\\r\\nHost: evil\"]\n",
                        "FILE:1: failberry.notify.webhook.headers: invalid value for header \"X-Token\": expected 1-2000 characters without line breaks or control characters"),
                Arguments.of(
                        "header the client sets itself",
                        "failberry.notify.webhook.headers = [\"Host: example.com\"]\n",
                        "FILE:1: failberry.notify.webhook.headers: header \"Host\" is set by the daemon itself and cannot be configured"),
                Arguments.of(
                        "header without a colon",
                        "failberry.notify.webhook.headers = [\"Bearer abc\"]\n",
                        "FILE:1: failberry.notify.webhook.headers: invalid header: expected \"Name: value\" such as \"Authorization: Bearer ...\""),
                Arguments.of(
                        "telegram without chat id",
                        "failberry.notify.webhook {\n  preset = telegram\n  url = \"https://api.telegram.org/bot123:abc/sendMessage\"\n}\n",
                        "FILE:2: failberry.notify.webhook.chat-id: required when notify.webhook.preset = telegram"),
                Arguments.of(
                        "ntfy without a topic",
                        "failberry.notify.webhook {\n  preset = ntfy\n  url = \"https://ntfy.sh/\"\n}\n",
                        "FILE:3: failberry.notify.webhook.url: the ntfy preset needs the topic in the URL, e.g. https://ntfy.sh/mytopic"),
                Arguments.of(
                        "unknown preset",
                        "failberry.notify.webhook.preset = pagerduty\n",
                        "FILE:1: failberry.notify.webhook.preset: invalid value \"pagerduty\": expected one of json, slack, discord, ntfy, telegram"),
                Arguments.of(
                        "SMS rate out of range",
                        "failberry.notify.sms.max-per-hour = 0\n",
                        "FILE:1: failberry.notify.sms.max-per-hour: out of range: 0 (expected 1 to 60)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void badConfigIsReportedWithFileLineKeyAndMessage(String name, String text, String expected) throws IOException {
        assertThat(problems(text)).contains(expected);
    }

    @Test
    void syntaxErrorNamesFileAndLine() throws IOException {
        // issue 20: said "expecting a close parentheses ')'" at the end of the file
        assertThat(problems("failberry {\n  modem {\n    apn = \"x\"\n  \n}\n"))
                .singleElement()
                .asString()
                .isEqualTo("FILE:1: failberry: syntax error: the '{' opened on this line is never closed"
                        + " (a '}' is missing before the end of the file)");
        assertThat(problems("failberry {\n  modem.apn = \"unterminated\n}\n"))
                .singleElement()
                .asString()
                .startsWith("FILE:2: failberry: syntax error: ");
    }

    @Test
    void everyProblemIsReportedAtOnceInLineOrder() throws IOException {
        List<String> all = problems("""
                failberry {
                  health.port = -1
                  modem.apn = "a b"
                  dns.recrod = "x"
                  modem.poll-interval = 0s
                }
                """);
        assertThat(all).hasSize(4);
        assertThat(all).extracting(s -> s.split(":")[1]).containsExactly("2", "3", "4", "5");
    }

    @Test
    void missingFileIsOneClearProblem() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.conf")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(dir.resolve("nope.conf") + ":0: failberry: configuration file not found");
    }

    @Test
    void secretsAreNeverInMessagesOrToString() throws Exception {
        List<String> p = problems("failberry.modem.pin = \"98x76\"\nfailberry.dns.lambda.shared-secret = \"\"\n");
        assertThat(String.join("\n", p)).doesNotContain("98x76");
        FailberryConfig c = ConfigLoader.load(write("failberry.modem.pin = \"4321\"\n"));
        assertThat(c.modem().pin()).map(Secret::value).contains("4321");
        assertThat(c.toString()).doesNotContain("4321");
    }

    @Test
    void warnsAboutSwitchingThePisEthernetPort() throws Exception {
        FailberryConfig c = ConfigLoader.load(
                write("failberry.usb-power { method = uhubctl, location = \"1-1\", ports = [1, 2] }\n"));
        assertThat(c.warnings()).anyMatch(w -> w.contains("port 1 powers the Ethernet chip"));
    }

    /** A router stick's dropped data connection is seen only by the probes: turning them off is warned about. */
    @Test
    void warnsAboutAnEthernetStickWithoutProbes() throws Exception {
        String warning = "link.type = ethernet with ppp.probe.targets = []: nothing verifies the link's traffic";
        assertThat(ConfigLoader.load(write("failberry { link.type = ethernet, ppp.probe.targets = [] }\n"))
                        .warnings())
                .anyMatch(w -> w.startsWith(warning));
        assertThat(ConfigLoader.load(write("failberry { link.type = ethernet }\n"))
                        .warnings())
                .noneMatch(w -> w.startsWith(warning));
        assertThat(ConfigLoader.load(write("failberry.ppp.probe.targets = []\n"))
                        .warnings())
                .noneMatch(w -> w.startsWith(warning));
    }

    @Test
    void hostedZonePrefixIsStrippedAndRecordNormalised() throws Exception {
        FailberryConfig c = ConfigLoader.load(write("""
                failberry.dns {
                  provider = route53
                  record = "LTE.Home.Example.com."
                  route53.hosted-zone-id = "/hostedzone/Z1D633PJN98FT9"
                }
                """));
        assertThat(c.dns().route53().hostedZoneId()).contains("Z1D633PJN98FT9");
        assertThat(c.dns().record()).contains("lte.home.example.com");
    }

    @Test
    void hostPortParsesIpv6Literals() {
        assertThat(SectionReader.parseHostPort("[2606:4700::1111]:443")).contains(new HostPort("2606:4700::1111", 443));
        assertThat(SectionReader.parseHostPort("dns.google:53")).contains(new HostPort("dns.google", 53));
        assertThat(SectionReader.parseHostPort("host:0")).isEmpty();
        assertThat(SectionReader.parseHostPort("a:b:c")).isEmpty();
    }

    /**
     * Found by ConfigFuzzTest: a quoted key with a control character or a backslash was put into a
     * path expression unescaped, and Typesafe threw ConfigException.BadPath out of the validator.
     */
    @Test
    void oddQuotedKeysAreUnknownKeysNotACrash() throws IOException {
        List<String> problems = problems("failberry {\n  \"a\\u0000b\" = 1\n  modem { \"x\\\\q\" = 2 }\n}\n");
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("FILE:2: failberry.a").contains(": unknown key");
        assertThat(problems.get(1)).startsWith("FILE:3: failberry.modem.x\\q: unknown key");
    }

    /**
     * Found by ConfigFuzzTest: a key with a control character, or a syntax error echoing one, put a raw
     * CR/LF/NUL into a problem, so check-config's one-problem-per-line output broke apart.
     */
    @Test
    void problemsWithControlCharactersStayOnOneLine() throws IOException {
        assertThat(problems("failberry {\n  \"a\\u0000b\\nc\" = 1\n}\n"))
                .containsExactly(
                        "FILE:2: failberry.a\\u0000b\\u000ac: unknown key (known keys here: admin, aws, dns, "
                                + "firewall, health, history, link, log-level, modem, notify, ppp, recovery, routing, runtime-dir, state-dir, usb-power, wired)");
        List<String> syntax = problems("failberry {\n  a\rb, = 1\n}\n");
        assertThat(syntax).hasSize(1);
        assertThat(syntax.get(0))
                .startsWith("FILE:2: failberry: syntax error: ")
                .doesNotContain("\r", "\n");
    }

    /**
     * Found by ConfigFuzzTest: any HOCON substitution in the file (such as an optional environment
     * variable for the PIN) made the unknown-key walk ask an unresolved value for its type, and
     * ConfigException.NotResolved escaped from the validator.
     */
    @Test
    void substitutionsAreResolvedNotACrash() throws Exception {
        FailberryConfig c = ConfigLoader.load(write("failberry {\n  modem.pin = ${?FAILBERRY_TEST_NO_SUCH_VARIABLE}\n"
                + "  modem.apn = ${failberry.ppp.interface}\n  ppp.probe = ${failberry.ppp.probe}\n}\n"));
        assertThat(c.modem().pin()).isEmpty();
        assertThat(c.modem().apn()).isEqualTo("ppp0");
        // reported where the substituted value comes from (reference.conf), not where it is used
        assertThat(problems("failberry.ppp.probe.failures = ${failberry.modem.apn}\n"))
                .singleElement()
                .asString()
                .endsWith("failberry.ppp.probe.failures: expected a whole number from 1 to 100, found \"internet\"");
        // a whole section by substitution: accepted (its keys are not checked for typos), not a crash
        assertThat(problems("failberry.modem = ${failberry.aws}\n")).isEmpty();
        assertThat(problems("failberry = ${?FAILBERRY_TEST_NO_SUCH_VARIABLE}\n"))
                .isEmpty();
        // a section merged with a substitution is an object that cannot list its keys before resolve()
        assertThat(problems("failberry.modem = ${failberry.aws}\nfailberry.modem.apn = \"web\"\n"))
                .isEmpty();
        assertThat(problems("failberry = 0\nfailberry.ppp.probe.failures = ${failberry.modem.apn}\n"))
                .containsExactly("FILE:2: failberry: syntax error: Could not resolve substitution to a value: "
                        + "${failberry.modem.apn}");
        assertThat(problems("failberry = ${nowhere}\n"))
                .singleElement()
                .asString()
                .startsWith("FILE:1: failberry: syntax error:");
    }

    /**
     * Found by ConfigFuzzTest: health.bind / admin.bind accepted any mix of hex digits, dots and
     * colons and handed it to InetAddress, which looks up what is not a literal ("cafe", "4294967296")
     * as a host name: a DNS query while validating, and a name accepted where an address is documented.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cafe", "4294967296", ".:1.2.3.4", "1.2.3.4.5"})
    void bindAddressesMustBeLiteralsAndAreNeverLookedUp(String bind) throws IOException {
        try (LookupRecorder dns = LookupRecorder.install()) {
            assertThat(problems("failberry.health.bind = \"" + bind + "\"\n"))
                    .containsExactly("FILE:1: failberry.health.bind: invalid value \"" + bind
                            + "\": expected an IP address such as 0.0.0.0 or ::");
            assertThat(dns.drain()).isEmpty();
        }
    }
}
