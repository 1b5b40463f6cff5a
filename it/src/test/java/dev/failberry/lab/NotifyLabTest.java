package dev.failberry.lab;

import static dev.failberry.lab.LabDaemon.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.failberry.modem.sms.SmsPduDecoder;
import dev.failberry.sim.modem.SimPort;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Notifications in the network lab ({@link NetLab}): a webhook receiver "on the internet" (a private
 * address in the inet namespace, so plain http passes check-config), the real daemon in the Pi's namespace
 * with the lab's simulated stick.
 *
 * <p>First the daemon itself: its {@code started} goes out as an SMS through the stick's control port
 * and as a webhook through the routing table (the wired router, NATed), the wired path being unknown.
 * Then the wired router loses its internet: the daemon's own wired probes judge the path down, and its
 * {@code wired-down} goes out as an SMS and as a webhook sent from the mobile link's address (what
 * {@code NotifyBridge.webhookSource} chooses while the wired path is known down), carried by the daemon's
 * reply routing through the mobile link, arriving from that address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(90)
class NotifyLabTest {
    static final String RECEIVER = "10.99.0.1";
    static final int RECEIVER_PORT = 8088;
    static final String NUMBER = "+64211234567";

    record Post(String remote, String body) {}

    @RegisterExtension
    static final LabExtension fixture = new LabExtension();

    private NetLab lab;
    private LabDaemon daemon;
    private final List<Post> posts = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    void startLab() throws Exception {
        lab = fixture.lab();
        lab.ip(lab.inet, "addr", "add", RECEIVER + "/32", "dev", "lo");
        HttpServer receiver =
                Netns.call(lab.inet, () -> HttpServer.create(new InetSocketAddress(RECEIVER, RECEIVER_PORT), 0));
        fixture.closeAtEnd(() -> receiver.stop(0));
        receiver.createContext("/hook", ex -> {
            posts.add(new Post(
                    ex.getRemoteAddress().getAddress().getHostAddress(),
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        daemon = fixture.daemon(
                new LabDaemon(lab, fixture.scratch(), false, Map.of(), """
                  notify {
                    webhook { url = "http://%s:%d/hook", timeout = 3s }
                    sms.to = ["%s"]
                    hold-down = 0s
                  }
                  wired.probe { interval = 1s, timeout = 500ms, window = 3, failures = 2 }
                """.formatted(RECEIVER, RECEIVER_PORT, NUMBER)));
        daemon.start();
        daemon.awaitConnected(Duration.ofSeconds(60));
    }

    @Test
    @Order(1)
    void theDaemonsStartedGoesAsAnSmsOnTheControlPortAndAsAWebhookThroughTheWiredRouter() throws Exception {
        // hold-down = 0s here: every event is told at once (started, and the link's first up)
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> posts.stream().anyMatch(p -> p.body().contains("\"event\":\"started\""))
                        && daemon.modem().sentSms().stream().anyMatch(s -> SmsPduDecoder.decodeSubmit(s.payload())
                                .text()
                                .contains("started")));
        assertThat(posts)
                .filteredOn(p -> p.body().contains("\"event\":\"started\""))
                .singleElement()
                .satisfies(p -> assertThat(p.remote())
                        .as("through the wired router's NAT")
                        .isEqualTo(NetLab.ROUTER_WAN));
        assertThat(daemon.modem().sentSms().get(0)) // the first event of all
                .satisfies(s -> {
                    assertThat(s.port()).isEqualTo(SimPort.CONTROL);
                    assertThat(SmsPduDecoder.decodeSubmit(s.payload()).number()).isEqualTo(NUMBER);
                    assertThat(SmsPduDecoder.decodeSubmit(s.payload()).text())
                            .startsWith("FailberryPi ")
                            .contains("started");
                });
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> ((Number) part(daemon.status(), "notify").get("sent")).intValue() >= 2);
    }

    @Test
    @Order(2)
    void theWiredPathBreakingIsToldBySmsAndByAWebhookThatLeavesThroughTheMobileLink() throws Exception {
        String mobile = String.valueOf(part(daemon.status(), "ppp").get("local_ip"));
        assertThat(mobile).isEqualTo(ReplyRoutingLab.MOBILE);
        posts.clear();
        int smsBefore = daemon.modem().sentSms().size();
        lab.ip(lab.router, "link", "set", "wan0", "down"); // the wired router loses its internet

        // the daemon's own wired probes see it; the notifier sends wired-down from the mobile link's address
        await().atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> posts.stream().anyMatch(p -> p.body().contains("\"event\":\"wired-down\"")));
        assertThat(posts)
                .filteredOn(p -> p.body().contains("\"event\":\"wired-down\""))
                .first()
                .satisfies(p -> {
                    assertThat(p.remote())
                            .as("from the mobile link's address, not NATed by the wired router")
                            .isEqualTo(mobile);
                    assertThat(p.body()).contains("wired path down");
                });
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> daemon.modem().sentSms().size() > smsBefore);
        assertThat(daemon.modem()
                        .sentSms()
                        .subList(smsBefore, daemon.modem().sentSms().size()))
                .anySatisfy(sms -> assertThat(
                                SmsPduDecoder.decodeSubmit(sms.payload()).text())
                        .containsIgnoringCase("wired"));
    }
}
