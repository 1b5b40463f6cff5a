package dev.failberry.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.failberry.config.NotifyConfig;
import dev.failberry.config.NotifyConfig.Header;
import dev.failberry.config.NotifyConfig.Preset;
import dev.failberry.config.Secret;
import dev.failberry.http.client.BoundHttpClient;
import dev.failberry.testutil.LogCapture;
import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The webhook faults, through the notifier as the daemon runs it, against a real receiver on
 * loopback that keeps misbehaving (a webhook that hangs, answers 500, or redirects forever): logged once
 * with the reason, retried with backoff, counted, given up after {@code notify.retry-for}, and the next
 * event still goes once the receiver is well again. Virtual time for the backoff; the hang is real (a
 * 300 ms timeout per attempt).
 */
class WebhookFaultsTest {
    enum Fault {
        HANGS("no answer within 300 ms"),
        ANSWERS_500("answered HTTP 500: try later"),
        REDIRECTS_FOREVER("answered HTTP 307 (a redirect within the same host; redirects are not followed: "
                + "set notify.webhook.url to the final URL)");

        final String reason;

        Fault(String reason) {
            this.reason = reason;
        }
    }

    private final VirtualTime time = new VirtualTime();
    private final AtomicReference<Fault> fault = new AtomicReference<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch released = new CountDownLatch(1);
    private HttpServer http;
    private ExecutorService handlers;

    /**
     * A receiver on loopback that answers per the fault (or 204 when there is none). While the fault is
     * HANGS it reads the request and never answers (its handler waits until the test ends), on a thread of
     * its own so later requests are still taken.
     */
    private String startReceiver() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-faults-receiver");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(handlers);
        http.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            Fault f = fault.get();
            byte[] out = new byte[0];
            int status = 204;
            if (f == Fault.HANGS) {
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ex.close();
                return;
            } else if (f == Fault.ANSWERS_500) {
                status = 500;
                out = "try later".getBytes(StandardCharsets.UTF_8);
            } else if (f == Fault.REDIRECTS_FOREVER) {
                status = 307;
                ex.getResponseHeaders().add("Location", ex.getRequestURI().toString()); // to itself, forever
            } else {
                delivered.add(new String(body, StandardCharsets.UTF_8));
            }
            ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                ex.getResponseBody().write(out);
            }
            ex.close();
        });
        http.start();
        return "http://127.0.0.1:" + port() + "/hook/SECRETPATH";
    }

    private int port() {
        return http.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        released.countDown();
        if (http != null) {
            http.stop(0);
        }
        if (handlers != null) {
            handlers.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aMisbehavingWebhookIsLoggedOnceRetriedCountedGivenUpAndTheNextEventStillGoes(Fault f) throws Exception {
        String url = startReceiver();
        fault.set(f);
        var webhook = new NotifyConfig.Webhook(
                Optional.of(new Secret(url)),
                "http://127.0.0.1:" + port(),
                List.of(new Header("Authorization", new Secret("Bearer tk_SECRET"))),
                Preset.JSON,
                Optional.empty(),
                Duration.ofMillis(300),
                30);
        var config = new NotifyConfig(
                NotifyConfig.EVENT_NAMES,
                Duration.ofSeconds(60),
                Duration.ofMinutes(1),
                webhook,
                new NotifyConfig.Sms(List.of(), 6));
        var channel = new WebhookChannel(webhook, "pi", new BoundHttpClient(webhook.timeout()), Optional::empty);
        try (var logs = LogCapture.of(ChannelWorker.class)) {
            var notifier = new Notifier(config, time, "pi", List.of(channel));
            notifier.emit(NotifyEvent.of(EventName.STARTED, time, "STARTING", "version 0.1.0"));
            time.runDue();
            assertThat(requests.get()).isEqualTo(1);
            var c = notifier.status().channels().get(0);
            assertThat(c.lastError()).isEqualTo(f.reason);
            assertThat(c.retries()).isEqualTo(1);
            assertThat(c.pending()).isEqualTo(1);

            // backoff 10 s, 20 s, 40 s (+-20 %) within the minute of notify.retry-for, then given up
            time.advance(Duration.ofMinutes(3));
            c = notifier.status().channels().get(0);
            assertThat(requests.get()).isBetween(3, 4);
            assertThat(c.retries()).isEqualTo(requests.get());
            assertThat(c.failed()).isEqualTo(1);
            assertThat(c.sent()).isZero();
            assertThat(c.pending()).isZero();
            assertThat(c.lastError()).isEqualTo("gave up after 1m: " + f.reason);
            assertThat(notifier.status().failed()).isEqualTo(1);
            List<String> warnings =
                    logs.messages().stream().filter(l -> l.startsWith("WARN")).toList();
            assertThat(warnings)
                    .as("one line for the reason, one for giving up")
                    .containsExactly(
                            "WARN notify webhook http://127.0.0.1:" + port()
                                    + ": not delivered, retrying with backoff: " + f.reason,
                            "WARN notify webhook http://127.0.0.1:" + port()
                                    + ": gave up on started after 1m of retries" + " (last error: " + f.reason + ")");

            // the receiver is well again: the daemon goes on, the next event is delivered at once
            int failedAttempts = requests.get();
            fault.set(null);
            notifier.emit(NotifyEvent.of(EventName.DATA_WARNING, time, "CONNECTED", "80 % of the cap"));
            time.runDue();
            assertThat(delivered).singleElement().satisfies(b -> assertThat(b).contains("\"event\":\"data-warning\""));
            c = notifier.status().channels().get(0);
            assertThat(c.sent()).isEqualTo(1);
            assertThat(c.failed()).isEqualTo(1);
            assertThat(logs.messages())
                    .contains("INFO notify webhook http://127.0.0.1:" + port() + ": delivered again after "
                            + failedAttempts + " failed attempt(s)");
            assertThat(String.join("\n", logs.messages())).doesNotContain("SECRET");
            assertThat(notifier.status().toJsonMap().toString()).doesNotContain("SECRET");
        }
    }
}
