package dev.failberry.ppp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.failberry.testutil.LogCapture;
import dev.failberry.time.VirtualTime;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublicIpCheckTest {
    private final VirtualTime time = new VirtualTime();
    private final RecordingPppListener events = new RecordingPppListener();
    private final AtomicReference<String> answer = new AtomicReference<>("80.187.1.2\n");
    private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    private HttpServer http;

    @AfterEach
    void tearDown() {
        if (http != null) {
            http.stop(0);
        }
    }

    private PublicIpCheck check(boolean withUrl) throws Exception {
        String url = "null";
        if (withUrl) {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", ex -> {
                requests.incrementAndGet();
                byte[] body = answer.get().getBytes(StandardCharsets.US_ASCII);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            http.start();
            url = "\"http://127.0.0.1:" + http.getAddress().getPort() + "/\"";
        }
        var config = TestConfigs.config("ppp.public-ip { check-url = " + url + ", check-interval = 10m }")
                .ppp()
                .publicIp();
        return new PublicIpCheck(
                config,
                Duration.ofSeconds(2),
                time,
                Runnable::run,
                SourceBinding.fixed(InetAddress.getLoopbackAddress()),
                events);
    }

    private static LinkInfo link(String ip) {
        return new LinkInfo("ppp0", "/dev/ttyUSB0", ip, "10.64.64.64", List.of(), Instant.EPOCH);
    }

    @Test
    void cgnatLinkIsCheckedThroughTheLinkAndInboundIsImpossible() throws Exception {
        try (var logs = LogCapture.of(PublicIpCheck.class)) {
            PublicIpCheck check = check(true);
            check.start(link("100.72.13.5"));
            time.runDue();
            PublicIpInfo info = check.last();
            assertThat(info.ipClass()).isEqualTo(IpClassifier.IpClass.CGNAT);
            assertThat(info.publicIp()).isEqualTo("80.187.1.2");
            assertThat(info.inboundReachable()).isFalse();
            assertThat(info.note()).contains("carrier-grade NAT", "inbound failover cannot work");
            assertThat(info.checkedAt()).isNotNull();

            answer.set("80.187.9.9");
            time.advance(Duration.ofMinutes(10));
            assertThat(check.last().publicIp()).isEqualTo("80.187.9.9");

            check.start(link("100.72.13.6")); // reconnect: still CGNAT, warned once only
            time.runDue();
            assertThat(logs.messages().stream().filter(m -> m.contains("inbound failover cannot work")))
                    .hasSize(1);
        }
    }

    @Test
    void publicLinkNeedsNoExternalCheck() throws Exception {
        PublicIpCheck check = check(false);
        check.start(link("80.187.100.3"));
        time.runDue();
        assertThat(check.last().publicIp()).isEqualTo("80.187.100.3");
        assertThat(check.last().inboundReachable()).isTrue();
        assertThat(check.last().checkedAt()).isNull();
    }

    @Test
    void invalidAnswersAreIgnoredWithOneLogLine() throws Exception {
        answer.set("<html>captive portal</html>");
        try (var logs = LogCapture.of(PublicIpCheck.class)) {
            PublicIpCheck check = check(true);
            check.start(link("10.20.30.40"));
            time.runDue();
            time.advance(Duration.ofMinutes(30));
            assertThat(check.last().publicIp()).isNull();
            assertThat(logs.messages().stream().filter(m -> m.contains("public IP check through the link failed")))
                    .hasSize(1);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "10.0.0.1", "100.64.0.1", "example.com", "1.2.3.4 5.6.7.8", "1.2.3.4\n<br>", "192.0.2.1"})
    void answerMustBeOnePublicIp(String body) {
        assertThat(PublicIpCheck.parseAnswer(body)).isEmpty();
    }

    @Test
    void behindARouterStickItsWanAddressIsThePublicOneAndNoExternalCheckIsMade() throws Exception {
        try (var logs = LogCapture.of(PublicIpCheck.class)) {
            PublicIpCheck check = check(true);
            check.expectStickWan();
            check.start(link("192.168.8.100"));
            time.runDue();
            assertThat(check.last().publicIp()).isNull();
            assertThat(check.last().note()).contains("not known yet");
            check.stickWan(java.util.Optional.of("80.187.1.9"));
            time.runDue();
            assertThat(check.last().publicIp()).isEqualTo("80.187.1.9");
            assertThat(check.last().inboundReachable()).isTrue();
            assertThat(check.last().localIp()).isEqualTo("192.168.8.100");
            // a carrier-NAT WAN address is not published, and said once
            check.stickWan(java.util.Optional.of("100.72.13.5"));
            check.stickWan(java.util.Optional.of("100.72.13.5"));
            time.advance(Duration.ofMinutes(30));
            assertThat(check.last().publicIp()).isNull();
            assertThat(check.last().note()).contains("carrier NATs");
            assertThat(logs.messages().stream().filter(m -> m.contains("100.72.13.5")))
                    .hasSize(1);
            assertThat(requests.get()).isZero();
        }
    }

    @Test
    void answerWithWhitespaceIsAccepted() {
        assertThat(PublicIpCheck.parseAnswer("  80.187.1.2\r\n")).contains("80.187.1.2");
        assertThat(PublicIpCheck.parseAnswer("2a02:8109:1:2::5\n")).contains("2a02:8109:1:2:0:0:0:5");
    }
}
