package dev.failberry.lab;

import static dev.failberry.lab.LabDaemon.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.NotifyConfig;
import dev.failberry.notify.EventName;
import dev.failberry.notify.Notifications;
import dev.failberry.notify.Notifier;
import dev.failberry.notify.NotifyEvent;
import dev.failberry.notify.SmsPduDecoder;
import dev.failberry.notify.SmsTransport;
import dev.failberry.sim.modem.SimPort;
import dev.failberry.time.ThreadScheduler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Notifications in the network lab ({@link NetLab}): a webhook receiver "on the internet" (a private
 * address in the inet namespace, so plain http passes check-config), the real daemon in the Pi's namespace
 * with the lab's simulated stick.
 *
 * <p>First the daemon itself: its {@code started} goes out as an SMS through the stick's control port
 * and as a webhook through the routing table (the wired router, NATed), the wired path being unknown.
 * Then the wired router loses its internet: a webhook left to the routing table cannot get out, and one
 * sent from the mobile link's address (what {@code NotifyBridge.webhookSource} chooses while the wired
 * path is known down) leaves through the mobile link, carried by the daemon's reply routing, and arrives
 * from that address. That part runs the production notifier ({@link Notifications#create}) on a thread
 * inside the Pi's namespace: the daemon's wired-path checker (issue 14) is not in this build, so the
 * {@code wired-down} is handed in where that checker will hand it, as an event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(90)
class NotifyLabTest {
    static final String RECEIVER = "10.99.0.1";
    static final int RECEIVER_PORT = 8088;
    static final String NUMBER = "+64211234567";

    record Post(String remote, String body) {}

    private NetLab lab;
    private LabDaemon daemon;
    private Path scratch;
    private HttpServer receiver;
    private ThreadScheduler notifyThread;
    private final List<Post> posts = Collections.synchronizedList(new ArrayList<>());

    @RegisterExtension
    final TestWatcher logOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (daemon != null) {
                System.err.println(daemon.logTail());
            }
        }
    };

    @BeforeAll
    void startLab() throws Exception {
        Assumptions.assumeTrue(
                NetLab.missing().isEmpty(),
                () -> "network lab skipped: " + NetLab.missing().orElse(""));
        lab = NetLab.create();
        scratch = Files.createTempDirectory("failberry-lab-notify-");
        lab.ip(lab.inet, "addr", "add", RECEIVER + "/32", "dev", "lo");
        receiver = Netns.call(lab.inet, () -> HttpServer.create(new InetSocketAddress(RECEIVER, RECEIVER_PORT), 0));
        receiver.createContext("/hook", ex -> {
            posts.add(new Post(
                    ex.getRemoteAddress().getAddress().getHostAddress(),
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        daemon = new LabDaemon(lab, scratch, false, Map.of(), """
                  notify {
                    webhook { url = "http://%s:%d/hook", timeout = 3s }
                    sms.to = ["%s"]
                  }
                """.formatted(RECEIVER, RECEIVER_PORT, NUMBER));
        daemon.start();
        daemon.awaitConnected(Duration.ofSeconds(60));
    }

    @AfterAll
    void stopLab() {
        if (notifyThread != null) {
            notifyThread.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        if (daemon != null) {
            daemon.close();
        }
        if (lab != null) {
            lab.close();
        }
        LabFiles.delete(scratch);
    }

    @Test
    @Order(1)
    void theDaemonsStartedGoesAsAnSmsOnTheControlPortAndAsAWebhookThroughTheWiredRouter() throws Exception {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !posts.isEmpty() && !daemon.modem().sentSms().isEmpty());
        assertThat(posts).singleElement().satisfies(p -> {
            assertThat(p.remote()).as("through the wired router's NAT").isEqualTo(NetLab.ROUTER_WAN);
            assertThat(p.body()).contains("\"event\":\"started\"");
        });
        assertThat(daemon.modem().sentSms()).singleElement().satisfies(s -> {
            assertThat(s.port()).isEqualTo(SimPort.CONTROL);
            assertThat(SmsPduDecoder.decodeSubmit(s.payload()).number()).isEqualTo(NUMBER);
            assertThat(SmsPduDecoder.decodeSubmit(s.payload()).text())
                    .startsWith("FailberryPi ")
                    .contains("started");
        });
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> ((Number) part(daemon.status(), "notify").get("sent")).intValue() == 2);
    }

    @Test
    @Order(2)
    void withTheWiredInternetGoneTheWebhookLeavesThroughTheMobileLink() throws Exception {
        String mobile = String.valueOf(part(daemon.status(), "ppp").get("local_ip"));
        assertThat(mobile).isEqualTo(ReplyRoutingLab.MOBILE);
        posts.clear();
        lab.ip(lab.router, "link", "set", "wan0", "down"); // the wired router loses its internet

        // the production notifier with the daemon's notify section (webhook only, no hold-down), its thread
        // made inside the Pi's namespace so its sockets are the Pi's
        NotifyConfig n = ConfigLoader.load(daemon.config()).notifications();
        NotifyConfig webhookOnly = new NotifyConfig(
                n.events(),
                Duration.ZERO,
                n.retryFor(),
                n.webhook(),
                new NotifyConfig.Sms(List.of(), n.sms().maxPerHour()));
        AtomicReference<Optional<InetAddress>> source = new AtomicReference<>(Optional.empty());
        notifyThread = new ThreadScheduler("lab-notify");
        String piNs = Netns.call(lab.pi, () -> Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net"))
                .toString());
        String workerNs = Netns.call(lab.pi, () -> {
            var ns = new java.util.concurrent.CompletableFuture<String>();
            notifyThread.execute(
                    () -> { // the executor's one thread is made here, in the Pi's namespace
                        try {
                            ns.complete(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net"))
                                    .toString());
                        } catch (Exception e) {
                            ns.completeExceptionally(e);
                        }
                    });
            return ns.get(10, TimeUnit.SECONDS);
        });
        assertThat(workerNs).isEqualTo(piNs);
        Notifier notifier = Notifications.create(webhookOnly, notifyThread, "lab-pi", SmsTransport.NONE, source::get)
                .orElseThrow();

        // the routing table alone sends it to the wired router, which has no way out now
        var unbound = notifier.test(notifyThread.time(), "CONNECTED", "lab").get(20, TimeUnit.SECONDS);
        assertThat(unbound).singleElement().satisfies(r -> {
            assertThat(r.result()).isEqualTo("failed");
            // the wired router answers the connect with ICMP "net unreachable"
            assertThat(r.detail()).isEqualTo("network unreachable (no way to " + RECEIVER + ")");
        });
        assertThat(posts).isEmpty();

        // the wired path is known down: the webhook is bound to the mobile link's address
        source.set(Optional.of(InetAddress.getByName(mobile)));
        notifier.emit(NotifyEvent.of(
                EventName.WIRED_DOWN,
                notifyThread.time(),
                "CONNECTED",
                "wired path down: no answer from 192.0.2.10:443 via 192.168.1.1"));
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !posts.isEmpty());
        assertThat(posts).singleElement().satisfies(p -> {
            assertThat(p.remote())
                    .as("from the mobile link's address, not NATed by the wired router")
                    .isEqualTo(mobile);
            assertThat(p.body())
                    .contains("\"event\":\"wired-down\"")
                    .contains("wired path down: no answer from 192.0.2.10:443 via 192.168.1.1");
        });
        assertThat(notifier.status().channels().get(0).sent()).isEqualTo(1);
        notifier.stop();
    }
}
