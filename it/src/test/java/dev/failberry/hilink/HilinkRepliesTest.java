package dev.failberry.hilink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.hilink.Reply.Garble;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pure readers against replies captured from real sticks. The captures are data files in
 * {@code sim/src/main/resources/sim/hilink/captures/} (the stand-in's); where each comes from is
 * in the README there (and {@code daemon/src/test/resources/hilink/README.md}):
 * <ul>
 *   <li>{@code e3372-vodafone-de}: Huawei E3372 on Vodafone DE (PLMN 26202, LTE band 20), pasted as test
 *       fixtures in lkwg82/e3372-controller {@code src/test/java/de/lgohlke/hilink/MappingTest.java} (2021)</li>
 *   <li>{@code e3372-webui-17.100}: E3372, WebUI 17.100.13.01.03, in trick77/huawei-hilink-status issue #3</li>
 *   <li>{@code e3372h-320-10.0.3.1}: E3372h-320 (CL4E3372HM, firmware 10.0.3.1(H192SP1C983)) on Free Mobile FR
 *       (20815), transcribed from the dumps in EdouardVanbelle/huawei-e3372 ({@code README.md},
 *       {@code huawei/hilink.py})</li>
 * </ul>
 */
class HilinkRepliesTest {
    static final String VODAFONE = "e3372-vodafone-de/";
    static final String WEBUI17 = "e3372-webui-17.100/";
    static final String H320 = "e3372h-320-10.0.3.1/";

    static String capture(String name) {
        try (InputStream in = HilinkRepliesTest.class.getResourceAsStream("/sim/hilink/captures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing capture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Reply.Fields fields(String name) {
        Reply r = HilinkXml.parse(capture(name));
        assertThat(r).as(name).isInstanceOf(Reply.Fields.class);
        return (Reply.Fields) r;
    }

    // ---- session ----

    @Test
    void sessionCookieWithoutPrefixGetsTheCookieName_e3372VodafoneDe() {
        Replies.SesTok st = Replies.sesTok(fields(VODAFONE + "sestokinfo.xml")).orElseThrow();
        assertThat(st.cookie()).startsWith("SessionID=947p2lldu").endsWith("rQm");
        assertThat(st.token()).isEqualTo("T8lgAWOEnf0QBe4eVjRyi1wp9z2FQgl8");
        assertThat(st.toString()).doesNotContain("947p2").doesNotContain("T8lg");
    }

    @Test
    void sessionCookieWithPrefixIsKept() {
        Reply.Fields f = (Reply.Fields)
                HilinkXml.parse("<response><SesInfo>SessionID=abc</SesInfo><TokInfo>tok</TokInfo></response>");
        assertThat(Replies.sesTok(f).orElseThrow().cookie()).isEqualTo("SessionID=abc");
        assertThat(Replies.sesTok(
                        (Reply.Fields) HilinkXml.parse("<response><SesInfo></SesInfo><TokInfo>t</TokInfo></response>")))
                .isEmpty();
    }

    @Test
    void stateLogin_e3372h320() {
        Replies.LoginState s = Replies.loginState(fields(H320 + "state-login.xml"));
        assertThat(s.state()).isEqualTo(-1);
        assertThat(s.loggedIn()).isFalse();
        assertThat(s.passwordType()).isEqualTo(4);
    }

    // ---- errors ----

    static Stream<Arguments> errorCaptures() {
        return Stream.of(
                Arguments.of(VODAFONE + "error-125003.xml", 125003, StickError.Kind.TOKEN_INVALID),
                Arguments.of(WEBUI17 + "error-125002.xml", 125002, StickError.Kind.TOKEN_INVALID));
    }

    @ParameterizedTest
    @MethodSource("errorCaptures")
    void errorReplies(String name, int code, StickError.Kind kind) {
        Reply r = HilinkXml.parse(capture(name));
        assertThat(r).isEqualTo(new Reply.Error(code, ""));
        assertThat(StickError.Kind.of(code)).isEqualTo(kind);
    }

    @ParameterizedTest
    @CsvSource({
        "125001, TOKEN_INVALID",
        "125002, TOKEN_INVALID",
        "125003, TOKEN_INVALID",
        "100003, NO_RIGHTS",
        "108003, ALREADY_LOGGED_IN",
        "108001, WRONG_CREDENTIALS",
        "108002, WRONG_CREDENTIALS",
        "108006, WRONG_CREDENTIALS",
        "108007, LOGIN_BLOCKED",
        "100004, BUSY",
        "100002, NOT_SUPPORTED",
        "113018, UNKNOWN",
        "999999, UNKNOWN",
        "0, UNKNOWN"
    })
    void errorCodes(int code, StickError.Kind kind) {
        assertThat(StickError.Kind.of(code)).isEqualTo(kind);
    }

    @Test
    void okReplyOfASetting() {
        Reply r = HilinkXml.parse(capture("common/response-ok.xml"));
        assertThat(r).isInstanceOf(Reply.Fields.class);
        assertThat(((Reply.Fields) r).isOk()).isTrue();
        assertThat(((Reply.Fields) HilinkXml.parse("<response>FAIL</response>")).isOk())
                .isFalse();
    }

    // ---- signal ----

    @Test
    void signal_e3372VodafoneDeLteBand20() {
        Signal s = Replies.signal(fields(VODAFONE + "device-signal.xml"));
        assertThat(s.rssiDbm()).contains(-69.0);
        assertThat(s.rsrpDbm()).contains(-89.0);
        assertThat(s.rsrqDb()).contains(-7.0);
        assertThat(s.sinrDb()).contains(6.0);
        assertThat(s.mode()).contains(7);
        assertThat(s.accessTechnology()).contains("LTE");
        assertThat(s.band()).contains("20");
        assertThat(s.cellId()).contains("2576387");
        assertThat(s.plmn()).contains("26202");
    }

    @Test
    void signal_e3372h320LteBand3() {
        Signal s = Replies.signal(fields(H320 + "device-signal.xml"));
        assertThat(s.rssiDbm()).contains(-75.0);
        assertThat(s.rsrpDbm()).contains(-106.0);
        assertThat(s.rsrqDb()).contains(-13.0);
        assertThat(s.sinrDb()).contains(6.0);
        assertThat(s.band()).contains("3");
        assertThat(s.plmn()).contains("20815");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "-89dBm|-89.0",
                "-7.0dB|-7.0",
                "6dB|6.0",
                ">=-51dBm|-51.0",
                "<=-113dBm|-113.0",
                "-10.5dB|-10.5",
                "-69|-69.0",
                " -95 dBm |-95.0",
                "''|",
                "n/a|",
                "--5dB|",
                "-1.2.3dB|",
                "99999dBm|"
            })
    void levels(String text, Double expected) {
        Reply.Fields f = new Reply.Fields(java.util.Map.of("rsrp", text), "");
        assertThat(Replies.level(f, "rsrp")).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void emptySignalElementsAreUnknownNotZero() {
        Reply.Fields f = (Reply.Fields) HilinkXml.parse(
                "<response><rsrq></rsrq><rsrp></rsrp><rssi></rssi><sinr></sinr><mode></mode></response>");
        Signal s = Replies.signal(f);
        assertThat(s.rssiDbm()).isEmpty();
        assertThat(s.rsrpDbm()).isEmpty();
        assertThat(s.sinrDb()).isEmpty();
        assertThat(s.accessTechnology()).isEmpty();
    }

    // ---- status ----

    @Test
    void status_e3372VodafoneDeConnectedLteWithoutWanAddressInStatus() {
        StickStatus s = Replies.status(fields(VODAFONE + "monitoring-status.xml"));
        assertThat(s.connection()).isEqualTo(StickStatus.Connection.CONNECTED);
        assertThat(s.connectionCode()).isEqualTo(901);
        assertThat(s.networkType()).isEqualTo(NetworkType.LTE);
        assertThat(s.sim()).isEqualTo(StickStatus.Sim.READY);
        assertThat(s.service()).isTrue();
        assertThat(s.roaming()).isFalse();
        assertThat(s.signalBars()).contains(2);
        assertThat(s.maxBars()).contains(5);
        // this firmware has no WanIPAddress in the status reply: the client asks device/information
        assertThat(s.wanAddress()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "900, CONNECTING",
        "901, CONNECTED",
        "902, DISCONNECTED",
        "903, DISCONNECTING",
        "112, FAILED",
        "7, FAILED",
        "-1, UNKNOWN"
    })
    void connectionCodes(int code, StickStatus.Connection c) {
        assertThat(StickStatus.Connection.of(code)).isEqualTo(c);
    }

    @ParameterizedTest
    @CsvSource({
        "101, , LTE", "1011, , LTE_CA", "111, , NR", "41, , WCDMA", "46, , DC_HSPA_PLUS", "0, , NO_SERVICE",
        ", 19, LTE", ", 9, HSPA_PLUS", ", 4, WCDMA", ", 0, NO_SERVICE", "999, 19, LTE", ", , UNKNOWN"
    })
    void networkTypes(Integer ex, Integer legacy, NetworkType expected) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        if (ex != null) {
            m.put("CurrentNetworkTypeEx", ex.toString());
        }
        if (legacy != null) {
            m.put("CurrentNetworkType", legacy.toString());
        }
        assertThat(Replies.status(new Reply.Fields(m, "")).networkType()).isEqualTo(expected);
    }

    @Test
    void statusWithWanAddressAndMissingSim() {
        Reply.Fields f = (Reply.Fields) HilinkXml.parse("<response><ConnectionStatus>902</ConnectionStatus>"
                + "<SimStatus>255</SimStatus><WanIPAddress>10.6.6.25</WanIPAddress></response>");
        StickStatus s = Replies.status(f);
        assertThat(s.sim()).isEqualTo(StickStatus.Sim.ABSENT);
        assertThat(s.connection()).isEqualTo(StickStatus.Connection.DISCONNECTED);
        assertThat(s.wanAddress().orElseThrow().getHostAddress()).isEqualTo("10.6.6.25");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "10.147.223.227|true",
                "256.1.1.1|false",
                "example.com|false",
                "::1|false",
                "''|false",
                "1.2.3|false",
                "01.2.3.4|false"
            })
    void wanAddressesAreLiteralsOnly(String text, boolean valid) {
        assertThat(Replies.ipv4(text).isPresent()).isEqualTo(valid);
    }

    // ---- operator, traffic, device ----

    @Test
    void operator_e3372h320RedactedNamesLte() {
        Operator o = Replies.operator(fields(H320 + "current-plmn.xml")).orElseThrow();
        assertThat(o.fullName()).isEqualTo("...");
        assertThat(o.rat()).contains(7);
        assertThat(Replies.operator(new Reply.Fields(java.util.Map.of(), ""))).isEmpty();
        assertThat(new Operator("", "", "26202", Optional.empty()).name()).isEqualTo("26202");
    }

    @Test
    void traffic_e3372VodafoneDe() {
        Traffic t = Replies.traffic(fields(VODAFONE + "traffic-statistics.xml")).orElseThrow();
        assertThat(t.currentConnectTime()).isEqualTo(Duration.ofSeconds(35856));
        assertThat(t.currentUpload()).isEqualTo(679323450L);
        assertThat(t.currentDownload()).isEqualTo(1689913245L);
        assertThat(t.totalUpload()).isEqualTo(6352863475L);
        assertThat(t.totalDownload()).isEqualTo(52302611857L);
        assertThat(t.totalConnectTime()).isEqualTo(Duration.ofSeconds(912333));
    }

    @Test
    void traffic_e3372h320() {
        Traffic t = Replies.traffic(fields(H320 + "traffic-statistics.xml")).orElseThrow();
        assertThat(t.currentDownload()).isEqualTo(255L);
        assertThat(t.totalDownload()).isEqualTo(687051L);
    }

    @Test
    void trafficWithoutCountersIsNoAnswer() {
        assertThat(Replies.traffic((Reply.Fields) HilinkXml.parse(
                        "<response><CurrentUpload>1</CurrentUpload><CurrentDownload>x</CurrentDownload></response>")))
                .isEmpty();
    }

    @Test
    void deviceInformation_e3372h320CarriesTheWanAddress() {
        DeviceInfo d = Replies.device(fields(H320 + "device-information.xml")).orElseThrow();
        assertThat(d.deviceName()).isEqualTo("E3372h-320");
        assertThat(d.hardwareVersion()).isEqualTo("CL4E3372HM");
        assertThat(d.softwareVersion()).isEqualTo("10.0.3.1(H192SP1C983)");
        assertThat(d.webUiVersion()).isEqualTo("WEBUI 10.0.3.1(W13SP2C7110)");
        assertThat(d.wanAddress().orElseThrow().getHostAddress()).isEqualTo("10.147.223.227");
        assertThat(d.mccMnc()).contains("20815");
        assertThat(d.uptime()).contains(Duration.ofSeconds(141515));
    }

    // ---- what is not the API's XML ----

    static Stream<Arguments> garbled() {
        String status = capture(VODAFONE + "monitoring-status.xml");
        return Stream.of(
                Arguments.of("", Garble.EMPTY),
                Arguments.of("   \r\n", Garble.EMPTY),
                Arguments.of(
                        "<!DOCTYPE html><html><head><title>404</title></head><body>Not Found</body></html>",
                        Garble.HTML),
                Arguments.of("<html>\n<body>redirect</body></html>", Garble.HTML),
                Arguments.of("<?xml version=\"1.0\"?>\n<HTML><BODY>x</BODY></HTML>", Garble.HTML),
                Arguments.of(status.substring(0, status.length() / 2), Garble.MALFORMED),
                Arguments.of("<response><a>1</b></response>", Garble.MALFORMED),
                Arguments.of("OK", Garble.MALFORMED),
                Arguments.of("{\"errcode\":0}", Garble.MALFORMED),
                Arguments.of("<reply><a>1</a></reply>", Garble.MALFORMED),
                Arguments.of("<error><code>x</code></error>", Garble.MALFORMED),
                // XXE: an external entity must never be fetched or expanded
                Arguments.of(
                        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                                + "<response><FullName>&x;</FullName></response>",
                        Garble.MALFORMED),
                // entity expansion ("billion laughs")
                Arguments.of(
                        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">"
                                + "<!ENTITY c \"&b;&b;&b;&b;&b;\">]><response><x>&c;&c;&c;</x></response>",
                        Garble.MALFORMED));
    }

    @ParameterizedTest
    @MethodSource("garbled")
    void notTheApisXml(String body, Garble kind) {
        Reply r = HilinkXml.parse(body);
        assertThat(r).isInstanceOf(Reply.Garbled.class);
        assertThat(((Reply.Garbled) r).kind()).isEqualTo(kind);
        assertThat(((Reply.Garbled) r).reason()).doesNotContain("\n").hasSizeLessThan(200);
    }

    @Test
    void byteOrderMarkAndLeadingBlankLinesAreTolerated() {
        Reply r = HilinkXml.parse("\uFEFF\r\n" + capture(VODAFONE + "error-125003.xml"));
        assertThat(r).isEqualTo(new Reply.Error(125003, ""));
    }

    // ---- the login password ----

    /**
     * Expected values computed independently with coreutils, as RaspAP's huawei_hilink_api.sh does:
     * {@code h=$(echo -n "$p" | sha256sum | cut -d' ' -f1 | base64 -w0);
     * echo -n "$u$h$t" | sha256sum | cut -d' ' -f1 | base64 -w0}.
     */
    @Test
    void passwordType4() {
        assertThat(Scramble.password(4, "admin", "s3cret!", "T8lgAWOEnf0QBe4eVjRyi1wp9z2FQgl8"))
                .isEqualTo("MTE0MGE0OTcyNGQ0NGRiNzA3YTJiZWY3YzJhNGE4OWM4OGYxMzYzODZhYTdjNGQ5YWZhZGJhNDQ4ODQyMDU5Yw==");
        assertThat(Scramble.password(0, "admin", "s3cret!", "ignored")).isEqualTo("czNjcmV0IQ==");
        assertThat(Scramble.password(3, "admin", "s3cret!", "ignored")).isEqualTo("czNjcmV0IQ==");
    }

    @Test
    void escapesWhatGoesIntoARequest() {
        assertThat(HilinkClient.escape("a<b>&\"'")).isEqualTo("a&lt;b&gt;&amp;&quot;&apos;");
    }
}
