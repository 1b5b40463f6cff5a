package dev.failberry.dns;

import static dev.failberry.dns.DnsTestSupport.RECORD;
import static dev.failberry.dns.DnsTestSupport.v4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.failberry.config.FailberryConfig;
import dev.failberry.sim.aws.LoopbackAws;
import dev.failberry.sim.aws.Operation;
import dev.failberry.sim.aws.RecordedRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production wiring ({@link DnsPublisher#create}, then {@link DnsPublisher#start}: its own worker thread) in real time: the caller is
 * never blocked, and the time from an IP-change event to the UPSERT arriving at the endpoint is measured.
 */
class PublisherRealTimeTest {
    @TempDir
    Path dir;

    @Test
    void ipChangedReturnsAtOnceEvenWhenTheEndpointHangs() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = Collections.synchronizedList(new ArrayList<>());
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception closed) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            FailberryConfig config = DnsTestSupport.config(dir, """
                    dns.provider = route53
                    dns.record = "%s"
                    dns.route53.hosted-zone-id = "Z0LOOPBACK0000"
                    dns.route53.endpoint = "http://127.0.0.1:%d"
                    aws.api-call-timeout = 1s
                    aws.api-call-attempt-timeout = 1s
                    """.formatted(RECORD, silent.getLocalPort()));
            DnsBackend backend =
                    DnsBackends.create(config, LoopbackAws.credentials(), false).orElseThrow();
            try (DnsPublisher p = DnsPublisher.create(config, backend, DnsListener.NONE)) {
                p.start();
                long t0 = System.nanoTime();
                for (int i = 1; i <= 5; i++) {
                    p.ipChanged(v4("198.51.100." + i), Optional.empty(), Optional.empty());
                }
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(100));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> p.status().lastError().isPresent());
                assertThat(p.status().lastError().get()).contains("timed out");
                assertThat(p.status().pending()).isTrue();
            }
            held.forEach(s -> {
                try {
                    s.close();
                } catch (Exception ignored) {
                    // closing
                }
            });
        }
    }

    @Test
    void measuresEventToUpsertLatencyWithAWarmClient() throws Exception {
        try (LoopbackAws aws = LoopbackAws.start()) {
            FailberryConfig config = LoopbackDnsConfig.route53Config(aws, dir, "");
            DnsBackend backend =
                    DnsBackends.create(config, LoopbackAws.credentials(), false).orElseThrow();
            long coldStart = System.nanoTime();
            try (DnsPublisher p = DnsPublisher.create(config, backend, DnsListener.NONE)) {
                p.start();
                p.ipChanged(v4("198.51.100.200"), Optional.empty(), Optional.empty());
                await().atMost(Duration.ofSeconds(20)).until(() -> aws.count(Operation.CHANGE_RRSETS) == 1);
                long firstMs = Duration.ofNanos(
                                aws.requests(Operation.CHANGE_RRSETS).get(0).arrivalNanos() - coldStart)
                        .toMillis();

                List<Long> micros = new ArrayList<>();
                for (int i = 1; i <= 20; i++) {
                    int before = aws.count(Operation.CHANGE_RRSETS);
                    long t0 = System.nanoTime();
                    p.ipChanged(v4("198.51.100." + i), Optional.empty(), Optional.empty());
                    await().atMost(Duration.ofSeconds(5))
                            .pollInterval(Duration.ofMillis(1))
                            .until(() -> aws.count(Operation.CHANGE_RRSETS) > before);
                    RecordedRequest upsert =
                            aws.requests(Operation.CHANGE_RRSETS).get(before);
                    micros.add((upsert.arrivalNanos() - t0) / 1000);
                    await().atMost(Duration.ofSeconds(5))
                            .until(() -> !p.status().pending());
                }
                Collections.sort(micros);
                long median = (micros.get(9) + micros.get(10)) / 2;
                System.out.printf(
                        "MEASURE dns event->UPSERT arrival, warm client, n=20: median %.1f ms, min %.1f ms, max %.1f ms;"
                                + " first publish incl. client build: %d ms%n",
                        median / 1000.0, micros.get(0) / 1000.0, micros.get(19) / 1000.0, firstMs);
                assertThat(median).isLessThan(200_000);
                assertThat(aws.recordValue(RECORD, "A")).contains("198.51.100.20");
            }
        }
    }
}
