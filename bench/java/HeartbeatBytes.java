import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.dns.SdkProcessBackend;
import dev.failberry.dns.SdkProcessProtocol;
import dev.failberry.sim.aws.LoopbackAws;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one heartbeat costs on the wire: the production path (the AWS helper process, the SDK's PutMetricData
 * in CBOR, SigV4, our source-bound HTTP client, one connection per beat) against {@link LoopbackAws} over
 * loopback, counted by nftables counters on the endpoint's port in the output hook (both directions; bytes
 * are IP packets: IP and TCP headers included, as in the network lab's health-check figure). Plain HTTP:
 * the TLS that AWS's endpoint adds is not in these figures (see the README for what it adds).
 * Also prints the helper's start: from starting the helper to the first beat's arrival.
 *
 * <p>Needs root (nft). Usage (classpath: target/failberry.jar): java HeartbeatBytes BEATS
 */
public final class HeartbeatBytes {
    private HeartbeatBytes() {}

    public static void main(String[] args) throws Exception {
        int beats = Integer.parseInt(args[0]);
        String table = "fbhb" + ProcessHandle.current().pid();
        try (LoopbackAws aws = LoopbackAws.start()) {
            int port = aws.port();
            nft("add", "table", "inet", table);
            nft("add chain inet " + table + " out { type filter hook output priority 0 ; }");
            nft("add rule inet " + table + " out tcp dport " + port + " counter comment \"to-aws\"");
            nft("add rule inet " + table + " out tcp sport " + port + " counter comment \"from-aws\"");
            try {
                FailberryConfig config = config(aws);
                SdkProcessBackend backend = SdkProcessBackend.create(
                        SdkProcessProtocol.Spec.of(config).orElseThrow(),
                        SdkProcessBackend.Launch.sameJvm(
                                "WARN",
                                Map.of(
                                        "AWS_ACCESS_KEY_ID", LoopbackAws.ACCESS_KEY,
                                        "AWS_SECRET_ACCESS_KEY", LoopbackAws.SECRET_KEY)));
                Optional<InetAddress> source = Optional.of(InetAddress.getByName("127.0.0.1"));
                long t0 = System.nanoTime();
                backend.beat(source);
                long first = aws.datapoints().size() == 1 ? System.nanoTime() - t0 : -1;
                long[] before = counters(table);
                for (int i = 0; i < beats; i++) {
                    backend.beat(source);
                }
                long[] after = counters(table);
                long rssKb = backend.helperPid().map(HeartbeatBytes::rssKb).orElse(-1L);
                backend.close();
                System.out.printf(
                        "helper_start_to_first_beat_ms=%.0f helper_rss_kb=%d%n"
                                + "beats=%d to_aws_bytes_per_beat=%.1f to_aws_packets=%.1f from_aws_bytes_per_beat=%.1f"
                                + " from_aws_packets=%.1f total_bytes_per_beat=%.1f datapoints=%d%n",
                        first / 1e6,
                        rssKb,
                        beats,
                        (after[0] - before[0]) / (double) beats,
                        (after[1] - before[1]) / (double) beats,
                        (after[2] - before[2]) / (double) beats,
                        (after[3] - before[3]) / (double) beats,
                        (after[0] - before[0] + after[2] - before[2]) / (double) beats,
                        aws.datapoints().size());
            } finally {
                nft("delete", "table", "inet", table);
            }
        }
    }

    private static FailberryConfig config(LoopbackAws aws) throws Exception {
        Path state = Files.createTempDirectory("failberry-bench-hb-");
        String text = """
                failberry {
                  state-dir = "%s"
                  dns.provider = route53
                  dns.record = "lte.home.example.com"
                  dns.route53.hosted-zone-id = "%s"
                  dns.route53.endpoint = "%s"
                  dns.failover.mobile-check = cloudwatch
                  dns.failover.heartbeat.endpoint = "%s"
                }
                """.formatted(state, aws.settings().zoneId(), aws.endpoint(), aws.endpoint());
        return ConfigLoader.fromUserConfig(ConfigFactory.parseString(text), "bench.conf");
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

    /** bytes to AWS, packets to AWS, bytes from AWS, packets from AWS. */
    private static long[] counters(String table) throws Exception {
        String out = nft("list", "table", "inet", table);
        Pattern p = Pattern.compile("counter packets (\\d+) bytes (\\d+) comment \"(to|from)-aws\"");
        Matcher m = p.matcher(out);
        long[] c = new long[4];
        while (m.find()) {
            int base = m.group(3).equals("to") ? 0 : 2;
            c[base] = Long.parseLong(m.group(2));
            c[base + 1] = Long.parseLong(m.group(1));
        }
        return c;
    }

    private static String nft(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("nft");
        cmd.addAll(List.of(args)); // nft joins its arguments into one command line
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(cmd + ": " + out);
        }
        return out;
    }
}
