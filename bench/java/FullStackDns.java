import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.daemon.Daemon;
import dev.failberry.daemon.Wiring;
import dev.failberry.sim.aws.Operation;
import dev.failberry.sim.demo.DemoEnvironment;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.LoggerFactory;

/**
 * IP change -> UPSERT through the whole daemon: the demo's simulators in this JVM (modem on a PTY, the
 * pppd stand-in as a real process, LoopbackAws) and the production wiring ({@code Wiring.assemble}, the
 * AWS SDK in its helper process). Each change: the stand-in's next run gets a new local IP, the modem
 * drops carrier, pppd redials; the time is from the moment the daemon logs pppd's
 * {@code local  IP address} line to the UPSERT's arrival at the endpoint (both on this JVM's nanoTime).
 * Also printed, the steps: the line -> {@code PppLink}'s CONNECTED -> the first request of the change at
 * the endpoint (through the supervisor, the publisher's worker, the helper process, the SDK) -> the
 * UPSERT (a read of the record before it, when there is one).
 * Usage (classpath: dist/target/failberry.jar and dist/target/failberry-sim.jar): java FullStackDns CHANGES
 */
public final class FullStackDns {
    static final Map<String, Long> LINE_AT = new ConcurrentHashMap<>();
    static final Map<String, Long> CONNECTED_AT = new ConcurrentHashMap<>();

    private FullStackDns() {}

    public static void main(String[] args) throws Exception {
        int changes = Integer.parseInt(args[0]);
        Path scratch = Files.createTempDirectory("failberry-fullstack-");
        watch("dev.failberry.ppp.PppLink", "local  IP address ", LINE_AT);
        watch("dev.failberry.ppp.PppLink", "-> CONNECTED (local IP ", CONNECTED_AT);
        DemoEnvironment env = DemoEnvironment.start(scratch);
        Config user = ConfigFactory.parseString("""
                failberry {
                  ppp.redial.initial-backoff = 500ms
                  dns { provider = route53, record = "lte.home.example.com" }
                  health { bind = "127.0.0.1", port = 0 }
                  admin.port = 0
                }
                """)
                .withValue(
                        "failberry.state-dir",
                        ConfigValueFactory.fromAnyRef(scratch.resolve("state").toString()))
                .withValue(
                        "failberry.runtime-dir",
                        ConfigValueFactory.fromAnyRef(scratch.resolve("run").toString()));
        for (var e : env.configOverrides().entrySet()) {
            user = user.withValue("failberry." + e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
        }
        FailberryConfig config = ConfigLoader.fromUserConfig(user, "bench.conf");
        Daemon daemon = Wiring.assemble(config, env.environment(config.runtimeDir()));
        daemon.start();
        try {
            awaitUpserts(env, 1, 60_000);
            List<Double> total = new ArrayList<>();
            List<Double> toConnected = new ArrayList<>();
            List<Double> toFirstRequest = new ArrayList<>();
            List<Double> readToUpsert = new ArrayList<>();
            for (int i = 1; i <= changes; i++) {
                String ip = "198.51.100." + (10 + i);
                scenario(scratch, ip);
                int before = env.aws().count(Operation.CHANGE_RRSETS);
                Thread.sleep(1500); // the helper and the link settle; the next change is a new event
                env.fault("drop-carrier", "");
                awaitUpserts(env, before + 1, 60_000);
                long arrival =
                        env.aws().requests(Operation.CHANGE_RRSETS).get(before).arrivalNanos();
                Long line = LINE_AT.get(ip);
                Long up = CONNECTED_AT.get(ip);
                if (line == null || up == null) {
                    throw new IllegalStateException("no pppd line for " + ip);
                }
                long first = env.aws().requests().stream()
                        .mapToLong(r -> r.arrivalNanos())
                        .filter(t -> t > line)
                        .min()
                        .orElseThrow();
                total.add((arrival - line) / 1e6);
                toConnected.add((up - line) / 1e6);
                toFirstRequest.add((first - up) / 1e6);
                readToUpsert.add((arrival - first) / 1e6);
            }
            System.out.printf(
                    "fullstack changes=%d median_ms=%.1f min_ms=%.1f max_ms=%.1f all=%s%n",
                    total.size(), median(total), Collections.min(total), Collections.max(total), total);
            System.out.printf(
                    "fullstack steps (medians, ms): line->CONNECTED %.1f, CONNECTED->first request at the"
                            + " endpoint %.1f, first request->UPSERT %.1f (0 when the UPSERT is the first)%n",
                    median(toConnected), median(toFirstRequest), median(readToUpsert));
        } finally {
            daemon.close();
            env.close();
        }
    }

    private static void watch(String loggerName, String marker, Map<String, Long> into) {
        Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                long now = System.nanoTime();
                String m = e.getFormattedMessage();
                int at = m.indexOf(marker);
                if (at >= 0) {
                    String ip =
                            m.substring(at + marker.length()).split("[ )]")[0].strip();
                    into.putIfAbsent(ip, now);
                }
            }
        };
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
    }

    private static void scenario(Path scratch, String ip) throws Exception {
        Properties p = new Properties();
        p.put("local-ip", ip);
        try (OutputStream out = Files.newOutputStream(scratch.resolve("pppd").resolve("scenario.properties"))) {
            p.store(out, "bench");
        }
    }

    private static void awaitUpserts(DemoEnvironment env, int count, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (env.aws().count(Operation.CHANGE_RRSETS) < count) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no UPSERT within " + timeoutMs + " ms");
            }
            Thread.sleep(1);
        }
    }

    private static double median(List<Double> values) {
        List<Double> ms = new ArrayList<>(values);
        Collections.sort(ms);
        int n = ms.size();
        return n % 2 == 1 ? ms.get(n / 2) : (ms.get(n / 2 - 1) + ms.get(n / 2)) / 2;
    }
}
