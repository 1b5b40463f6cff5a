package dev.failberry.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.FailberryConfig;
import dev.failberry.proc.ThisJvm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class NoPlatformMBeansTest {
    /**
     * In a fresh JVM (this one may have made the platform MBean server already): the listeners start and
     * answer without creating the platform MBean server; one made afterwards works and holds no XNIO bean.
     */
    @Test
    void theListenersStartWithoutThePlatformMBeanServer() throws Exception {
        String out = probe(false);
        assertThat(out)
                .contains("health: HTTP/1.1 200")
                .contains("MBean servers after start: 0")
                .contains("property after start: null")
                .contains("platform MBeans later: true")
                .contains("XNIO MBeans: 0");
    }

    /**
     * As {@code failberry run} does it: {@link HttpListeners#prepare()} on another thread first, then the
     * listeners; still no MBean server, and jboss-logging goes to SLF4J without initialising
     * {@code java.util.logging} (it did, looking for JBoss LogManager, before prepare() named SLF4J).
     */
    @Test
    void preparedOnAnotherThreadTheListenersStartWithoutMBeansOrJavaUtilLogging() throws Exception {
        String out = probe(true);
        assertThat(out)
                .contains("health: HTTP/1.1 200")
                .contains("MBean servers after start: 0")
                .contains("property after start: null")
                .contains("jboss-logging provider: slf4j")
                .contains("XNIO MBeans: 0");
        String beforeAnswer = out.substring(0, out.indexOf("health: "));
        assertThat(beforeAnswer).contains("org.xnio.nio.NioXnio ").doesNotContain("java.util.logging.LogManager ");
    }

    /** Runs {@link Probe} in a fresh JVM, which logs every class it loads; its output. */
    private static String probe(boolean prepareFirst) throws Exception {
        Process p = new ProcessBuilder(
                        ThisJvm.javaBinary(),
                        "-Xmx32m",
                        "-XX:TieredStopAtLevel=1",
                        "-Xlog:class+load=info:stdout:uptime",
                        "-cp",
                        ThisJvm.absoluteClassPath(),
                        Probe.class.getName(),
                        prepareFirst ? "prepare" : "start")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void anAdministratorsOwnBuilderIsLeftInPlace() {
        String before = System.getProperty(NoPlatformMBeans.PROPERTY);
        try {
            System.setProperty(NoPlatformMBeans.PROPERTY, "javax.management.MBeanServerBuilder");
            assertThat(NoPlatformMBeans.during(() -> System.getProperty(NoPlatformMBeans.PROPERTY)))
                    .isEqualTo("javax.management.MBeanServerBuilder");
            System.clearProperty(NoPlatformMBeans.PROPERTY);
            assertThat(NoPlatformMBeans.during(() -> System.getProperty(NoPlatformMBeans.PROPERTY)))
                    .isEqualTo(NoPlatformMBeans.class.getName());
            assertThat(System.getProperty(NoPlatformMBeans.PROPERTY)).isNull();
        } finally {
            if (before == null) {
                System.clearProperty(NoPlatformMBeans.PROPERTY);
            } else {
                System.setProperty(NoPlatformMBeans.PROPERTY, before);
            }
        }
    }

    /** Starts the listeners, asks /health once, and reports what JMX holds. */
    public static final class Probe {
        private Probe() {}

        public static void main(String[] args) throws Exception {
            var health = new FailberryConfig.Health(
                    "127.0.0.1", 0, "/health", 16, 16, Duration.ofSeconds(2), Duration.ofSeconds(5), 8192);
            var http = new HttpListeners(
                    health,
                    new FailberryConfig.Admin("127.0.0.1", 0),
                    exchange -> exchange.setStatusCode(200),
                    exchange -> exchange.setStatusCode(404));
            if (args[0].equals("prepare")) {
                var prepare = new Thread(HttpListeners::prepare, "prepare");
                prepare.start();
                prepare.join();
            }
            http.start();
            try {
                System.out.println("health: " + statusLine(http.publicAddress().getPort()));
                System.out.println("jboss-logging provider: " + System.getProperty("org.jboss.logging.provider"));
                System.out.println("MBean servers after start: "
                        + MBeanServerFactory.findMBeanServer(null).size());
                System.out.println("property after start: " + System.getProperty(NoPlatformMBeans.PROPERTY));
                var server = ManagementFactory.getPlatformMBeanServer();
                System.out.println("platform MBeans later: "
                        + server.isRegistered(new ObjectName(ManagementFactory.RUNTIME_MXBEAN_NAME)));
                System.out.println("XNIO MBeans: "
                        + server.queryNames(new ObjectName("org.xnio:*"), null).size());
            } finally {
                http.close();
            }
        }

        private static String statusLine(int port) throws IOException {
            try (var s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                out.write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                var line = new StringBuilder();
                for (int c; (c = in.read()) != -1 && c != '\r'; ) {
                    line.append((char) c);
                }
                return line.toString();
            }
        }
    }
}
