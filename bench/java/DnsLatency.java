import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.dns.DnsBackend;
import dev.failberry.dns.DnsBackends;
import dev.failberry.dns.DnsListener;
import dev.failberry.dns.DnsPublisher;
import dev.failberry.dns.SdkProcessBackend;
import dev.failberry.dns.SdkProcessProtocol;
import dev.failberry.sim.aws.LoopbackAws;
import dev.failberry.sim.aws.Operation;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * IP change -> UPSERT received at the loopback Route53 endpoint: the production {@link DnsPublisher}
 * (its own worker thread, the real AWS SDK client, SigV4, HTTP on loopback) against {@link LoopbackAws}.
 * The latency is from the {@code ipChanged} call to the request's arrival as the endpoint records it, so
 * the polling below does not affect it.
 *
 * <p>MODE {@code in-process}: the SDK in this JVM ({@code dns.sdk-process = false}); the first publish
 * (client build, class loading) is reported apart, the median is over CHANGES further changes.
 * MODE {@code helper} (the default, {@code dns.sdk-process = true}): the SDK in the helper process; the
 * first publish starts it, the warm median is over CHANGES changes while it runs, the cold median over
 * COLD changes each of which starts a new helper (the one before has exited after an idle second).
 * Usage (classpath: dist/target/failberry.jar and dist/target/failberry-sim.jar): java DnsLatency CHANGES [in-process | helper COLD]
 */
public final class DnsLatency {
    private DnsLatency() {}

    public static void main(String[] args) throws Exception {
        int changes = Integer.parseInt(args[0]);
        boolean helper = args.length < 2 || args[1].equals("helper");
        int coldChanges = helper && args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (LoopbackAws aws = LoopbackAws.start()) {
            if (!helper) {
                FailberryConfig config = config(aws, 60);
                DnsBackend backend = DnsBackends.create(config, LoopbackAws.credentials(), false)
                        .orElseThrow();
                run(aws, config, backend, changes, "changes");
                return;
            }
            FailberryConfig config = config(aws, 60);
            run(aws, config, sdkProcess(config), changes, "helper_warm");
            // cold: a helper that exits one second after its work, so each change starts a new one
            config = config(aws, 1);
            SdkProcessBackend backend = sdkProcess(config);
            List<Double> ms = new ArrayList<>();
            try (DnsPublisher p = DnsPublisher.create(config, backend, DnsListener.NONE)) {
                p.start();
                for (int i = 0; i < coldChanges; i++) {
                    long deadline = System.currentTimeMillis() + 30_000;
                    while (backend.helperRunning() && System.currentTimeMillis() < deadline) {
                        Thread.sleep(10);
                    }
                    ms.add(change(aws, p, "198.51.100." + (200 + i)));
                    awaitIdle(p);
                }
            }
            System.out.printf(
                    "helper_cold changes=%d median_ms=%.1f min_ms=%.1f max_ms=%.1f helpers_started=%d%n",
                    ms.size(), median(ms), Collections.min(ms), Collections.max(ms), backend.helpersStarted());
        }
    }

    private static FailberryConfig config(LoopbackAws aws, int idleSeconds) throws Exception {
        Path state = Files.createTempDirectory("failberry-bench-dns-");
        String text = """
                failberry {
                  state-dir = "%s"
                  dns.provider = route53
                  dns.record = "lte.home.example.com"
                  dns.route53.hosted-zone-id = "%s"
                  dns.route53.endpoint = "%s"
                  dns.sdk-process-idle = %ds
                  dns.verify-name-servers = ["127.0.0.1:%d"]
                }
                """.formatted(
                        state,
                        aws.settings().zoneId(),
                        aws.endpoint(),
                        idleSeconds,
                        aws.dnsServer().getPort());
        return ConfigLoader.fromUserConfig(ConfigFactory.parseString(text), "bench.conf");
    }

    private static SdkProcessBackend sdkProcess(FailberryConfig config) {
        return SdkProcessBackend.create(
                SdkProcessProtocol.Spec.of(config).orElseThrow(),
                SdkProcessBackend.Launch.sameJvm(
                        "WARN",
                        Map.of(
                                "AWS_ACCESS_KEY_ID",
                                LoopbackAws.ACCESS_KEY,
                                "AWS_SECRET_ACCESS_KEY",
                                LoopbackAws.SECRET_KEY)));
    }

    private static double change(LoopbackAws aws, DnsPublisher p, String ip) throws Exception {
        int before = aws.count(Operation.CHANGE_RRSETS);
        long t0 = System.nanoTime();
        p.ipChanged(v4(ip), Optional.empty(), Optional.empty());
        awaitUpserts(aws, before + 1, 60_000);
        return (aws.requests(Operation.CHANGE_RRSETS).get(before).arrivalNanos() - t0) / 1e6;
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }

    private static double median(List<Double> values) {
        List<Double> ms = new ArrayList<>(values);
        Collections.sort(ms);
        int n = ms.size();
        return n % 2 == 1 ? ms.get(n / 2) : (ms.get(n / 2 - 1) + ms.get(n / 2)) / 2;
    }

    private static void run(LoopbackAws aws, FailberryConfig config, DnsBackend backend, int changes, String label)
            throws Exception {
        long cold = System.nanoTime();
        try (DnsPublisher p = DnsPublisher.create(config, backend, DnsListener.NONE)) {
            p.start();
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
            String rss = backend instanceof SdkProcessBackend helper
                    ? " helper_rss_kb="
                            + helper.helperPid().map(DnsLatency::rssKb).orElse(-1L)
                    : "";
            System.out.printf(
                    "%s changes=%d median_ms=%.1f min_ms=%.1f max_ms=%.1f first_ms=%.0f%s%n",
                    label, ms.size(), median(ms), Collections.min(ms), Collections.max(ms), firstMs, rss);
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
