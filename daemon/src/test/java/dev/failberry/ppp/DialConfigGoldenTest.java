package dev.failberry.ppp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failberry.config.FailberryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** pppd argument arrays and chat scripts compared with golden files (one pppd argument per line). */
class DialConfigGoldenTest {
    private static final String BASE = "modem { port = \"/dev/ttyUSB2\", data-port = \"/dev/ttyUSB0\" }\n";
    private static final Path SCRIPT = Path.of("/run/failberry/chat-failberry");

    @ParameterizedTest(name = "{0} with pppd {1}")
    @CsvSource({
        "options-2.4.9-defaults.txt, 2.4.9, ''",
        "options-2.5.1-defaults.txt, 2.5.1, ''",
        "options-2.4.9-defaultroute.txt, 2.4.9, 'ppp.default-route = true'",
        "options-2.5.1-defaultroute.txt, 2.5.1, 'ppp.default-route = true'",
        "options-2.4.9-full.txt, 2.4.9, 'modem { apn = \"web.vodafone.de\", context-id = 3, baud = 460800, flow-control = rts-cts }\nppp { default-route = true, dial-number = \"*99***3#\", use-peer-dns = true, interface = ppp1, lcp-echo-interval = 20, lcp-echo-failure = 4, extra-options = [mtu, \"1400\", novj], chat = \"/opt/my chat/chat\" }'",
        "options-2.5.1-metric.txt, 2.5.1, 'ppp { default-route = true, default-route-metric = 200, lcp-echo-interval = 0, interface = wwan3g }'",
        "options-2.4.9-noroute.txt, 2.4.9, 'ppp.default-route = false'",
    })
    void pppdArguments(String golden, String version, String extra) throws IOException {
        FailberryConfig c = TestConfigs.config(BASE + extra);
        PppdVersion v = PppdVersion.parse("pppd version " + version).orElseThrow();
        List<String> args =
                PppOptions.arguments(c.modem(), c.ppp(), v, c.modem().dataPort(), SCRIPT);
        assertThat(String.join("\n", args) + "\n").isEqualTo(golden(golden));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "chat-defaults.txt, ''",
        "chat-cid3.txt, 'modem { apn = \"web.vodafone.de\", context-id = 3 }\nppp { dial-number = \"*99***3#\", connect-timeout = 200s }'",
        "chat-underscore.txt, 'modem.apn = \"m2m_iot-1.example\"\nppp.connect-timeout = 6s'",
    })
    void chatScript(String golden, String extra) throws IOException {
        FailberryConfig c = TestConfigs.config(BASE + extra);
        assertThat(ChatScript.render(c.modem(), c.ppp())).isEqualTo(golden(golden));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"inter net", "internet\"", "a'b", "apn\nTIMEOUT 1", "", "-internet", "x\\c", "apn$(reboot)"})
    void chatScriptRejectsUnsafeApnEvenIfConfigWasBypassed(String apn) {
        FailberryConfig c = TestConfigs.config(BASE);
        var modem = withApn(c.modem(), apn);
        assertThatThrownBy(() -> ChatScript.render(modem, c.ppp()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid APN");
    }

    @Test
    void configRejectsUnsafeApnBeforeItReachesTheScript() {
        assertThatThrownBy(() -> TestConfigs.config("modem.apn = \"a'b\"")).hasMessageContaining("modem.apn");
    }

    @Test
    void dialStringContextMustMatchContextId() {
        FailberryConfig c = TestConfigs.config(BASE + "ppp.dial-number = \"*99***2#\"");
        assertThatThrownBy(() -> ChatScript.render(c.modem(), c.ppp()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("context 2");
    }

    @Test
    void unsafeDataPortAndPathsAreRefused() {
        FailberryConfig c = TestConfigs.config(BASE);
        assertThatThrownBy(() ->
                        PppOptions.arguments(c.modem(), c.ppp(), PppdVersion.BOOKWORM, "/dev/tty; reboot", SCRIPT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PppOptions.arguments(c.modem(), c.ppp(), PppdVersion.BOOKWORM, "auto", SCRIPT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PppOptions.shellWord("/tmp/it's here")).isEqualTo("'/tmp/it'\\''s here'");
        assertThatThrownBy(() -> PppOptions.shellWord("/tmp/a\nb")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "'pppd version 2.4.9', 2.4.9, false",
        "'pppd version 2.5.1', 2.5.1, true",
        "'pppd version 2.5.0\n', 2.5.0, true",
        "'pppd: unrecognized option ''--version''\npppd version 2.4.7', 2.4.7, false",
        "'pppd version 3.0', 3.0.0, true",
    })
    void versionParsing(String output, String expected, boolean metric) {
        PppdVersion v = PppdVersion.parse(output).orElseThrow();
        assertThat(v.toString()).isEqualTo(expected);
        assertThat(v.hasDefaultRouteMetric()).isEqualTo(metric);
    }

    @Test
    void versionParsingRejectsGarbage() {
        assertThat(PppdVersion.parse("bash: pppd: command not found")).isEmpty();
        assertThat(PppdVersion.parse(null)).isEmpty();
    }

    private static FailberryConfig.Modem withApn(FailberryConfig.Modem m, String apn) {
        return new FailberryConfig.Modem(
                m.port(),
                m.dataPort(),
                apn,
                m.contextId(),
                m.pin(),
                m.baud(),
                m.flowControl(),
                m.commandTimeout(),
                m.hungThreshold(),
                m.pollInterval(),
                m.registrationTimeout(),
                m.simBusyTimeout(),
                m.resetCommand(),
                m.quietUrcs(),
                m.discovery());
    }

    static String golden(String name) throws IOException {
        try (InputStream in = DialConfigGoldenTest.class.getResourceAsStream("/ppp/golden/" + name)) {
            if (in == null) {
                throw new IOException("missing golden file src/test/resources/ppp/golden/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
