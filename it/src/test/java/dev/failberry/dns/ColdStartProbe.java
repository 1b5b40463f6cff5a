package dev.failberry.dns;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.failberry.config.FailberryConfig;
import dev.failberry.sim.aws.LoopbackAws;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Measures, in a fresh JVM, what the SDK costs at start: building the Route53 client and its first
 * calls against {@link LoopbackAws}. Run by hand (not a test):
 * {@code java -cp daemon/target/classes:daemon/target/test-classes:sim/target/classes:it/target/test-classes:$(cat cp.txt)
 * dev.failberry.dns.ColdStartProbe}
 */
public final class ColdStartProbe {
    private ColdStartProbe() {}

    public static void main(String[] args) throws Exception {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        long jvmStartMs = ManagementFactory.getRuntimeMXBean().getUptime();
        try (LoopbackAws aws = LoopbackAws.start()) {
            FailberryConfig config = LoopbackDnsConfig.route53Config(aws, Files.createTempDirectory("probe"), "");
            long t0 = System.nanoTime();
            Route53Provider provider = (Route53Provider)
                    DnsBackends.create(config, LoopbackAws.credentials(), false).orElseThrow();
            provider.warmUp();
            long t1 = System.nanoTime();
            provider.read(RecordType.A);
            long t2 = System.nanoTime();
            provider.publish(Map.of(RecordType.A, DnsTestSupport.v4("198.51.100.7")), Optional.empty());
            long t3 = System.nanoTime();
            provider.read(RecordType.A);
            long t4 = System.nanoTime();
            provider.close();
            Runtime rt = Runtime.getRuntime();
            System.out.printf(
                    "JVM up before probe %d ms; client build %d ms; first call (List) %d ms; first UPSERT %d ms; "
                            + "warm List %.1f ms; heap used %d MB; loaded classes %d%n",
                    jvmStartMs,
                    (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000,
                    (t3 - t2) / 1_000_000,
                    (t4 - t3) / 1e6,
                    (rt.totalMemory() - rt.freeMemory()) >> 20,
                    ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
        }
    }
}
