import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.dns.DnsBackend;
import dev.failberry.dns.DnsBackends;
import dev.failberry.dns.DnsListener;
import dev.failberry.dns.DnsPublisher;
import dev.failberry.sim.aws.LoopbackAws;
import dev.failberry.sim.aws.Operation;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * IP change -> UPSERT received at the loopback Route53 endpoint, in one process: the production
 * {@link DnsPublisher} (its own worker thread, the real AWS SDK client, SigV4, HTTP on loopback) against
 * {@link LoopbackAws}. The latency is from the {@code ipChanged} call to the request's arrival as the
 * endpoint records it, so the polling below does not affect it. The first publish (client build, class
 * loading) is reported apart; the median is over CHANGES further changes with the warm client.
 * Usage (classpath: target/failberry.jar): java DnsLatency CHANGES
 */
public final class DnsLatency {
    private DnsLatency() {
    }

    public static void main(String[] args) throws Exception {
        int changes = Integer.parseInt(args[0]);
        Path state = Files.createTempDirectory("failberry-bench-dns-");
        try (LoopbackAws aws = LoopbackAws.start()) {
            String text = """
                    failberry {
                      state-dir = "%s"
                      dns.provider = route53
                      dns.record = "lte.home.example.com"
                      dns.route53.hosted-zone-id = "%s"
                      dns.route53.endpoint = "%s"
                    }
                    """.formatted(state, aws.settings().zoneId(), aws.endpoint());
            FailberryConfig config = ConfigLoader.fromUserConfig(ConfigFactory.parseString(text), "bench.conf");
            DnsBackend backend = DnsBackends.create(config, LoopbackAws.credentials(), false).orElseThrow();
            long cold = System.nanoTime();
            try (DnsPublisher p = DnsPublisher.start(config, backend, DnsListener.NONE)) {
                p.ipChanged(v4("198.51.100.250"), Optional.empty(), Optional.empty());
                awaitUpserts(aws, 1, 30_000);
                double firstMs = (aws.requests(Operation.CHANGE_RRSETS).get(0).arrivalNanos() - cold) / 1e6;
                awaitIdle(p);
                List<Double> ms = new ArrayList<>();
                for (int i = 1; i <= changes; i++) {
                    int before = aws.count(Operation.CHANGE_RRSETS);
                    long t0 = System.nanoTime();
                    p.ipChanged(v4("198.51.100." + (i % 250 + 1)), Optional.empty(), Optional.empty());
                    awaitUpserts(aws, before + 1, 10_000);
                    ms.add((aws.requests(Operation.CHANGE_RRSETS).get(before).arrivalNanos() - t0) / 1e6);
                    awaitIdle(p);
                }
                Collections.sort(ms);
                int n = ms.size();
                double median = n % 2 == 1 ? ms.get(n / 2) : (ms.get(n / 2 - 1) + ms.get(n / 2)) / 2;
                System.out.printf("changes=%d median_ms=%.1f min_ms=%.1f max_ms=%.1f first_ms=%.0f%n",
                        n, median, ms.get(0), ms.get(n - 1), firstMs);
            }
        }
    }

    private static void awaitUpserts(LoopbackAws aws, int count, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (aws.count(Operation.CHANGE_RRSETS) < count) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no UPSERT within " + timeoutMs + " ms");
            }
            Thread.sleep(1);
        }
    }

    private static void awaitIdle(DnsPublisher p) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (p.status().pending() && System.currentTimeMillis() < deadline) {
            Thread.sleep(1);
        }
    }

    private static Inet4Address v4(String s) throws Exception {
        return (Inet4Address) InetAddress.getByName(s);
    }
}
