package dev.failberry.dns;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Configs, addresses and log capture for the DNS tests (a config for the loopback AWS: LoopbackDnsConfig in it). */
final class DnsTestSupport {
    static final String RECORD = "lte.home.example.com";

    private DnsTestSupport() {}

    static FailberryConfig config(Path stateDir, String dnsAndMore) throws Exception {
        String text =
                "failberry {\n state-dir = \"" + stateDir.toString().replace("\\", "/") + "\"\n" + dnsAndMore + "\n}\n";
        return ConfigLoader.fromUserConfig(ConfigFactory.parseString(text), "test.conf");
    }

    static Inet4Address v4(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    static Inet6Address v6(String s) {
        try {
            return (Inet6Address) InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    /** Captures what a logger writes (logback is the SLF4J binding). */
    static final class LogCapture implements AutoCloseable {
        private final Logger logger;
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        LogCapture(Class<?> type) {
            this(type.getName());
        }

        LogCapture(String name) {
            logger = (Logger) LoggerFactory.getLogger(name);
            appender.start();
            logger.addAppender(appender);
        }

        List<String> lines(Level atLeast) {
            return appender.list.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(atLeast))
                    .map(e -> e.getLevel() + " " + e.getFormattedMessage())
                    .toList();
        }

        List<String> all() {
            return lines(Level.TRACE);
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
        }
    }
}
