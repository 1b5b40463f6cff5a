package dev.failberry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The commands that ask the running daemon to act ({@code notify test}, {@code usb cycle}, {@code modem at},
 * {@code modem info}) when the admin port answers HTTP 200 with something they cannot read: another program on
 * the port, a daemon of another version, a truncated answer. Each says so in one sentence and exits 3, with no
 * stack trace and nothing half-printed on stdout. A real loopback HTTP server (the JDK's) stands in for the
 * admin listener.
 */
class GarbledAdminAnswerTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, String> bodies = new HashMap<>();
    private Path conf;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] b = bodies.getOrDefault(ex.getRequestURI().getPath(), "").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        server.start();
        conf = Files.writeString(dir.resolve("failberry.conf"), """
                failberry {
                  state-dir = "%s"
                  runtime-dir = "%s"
                  modem.port = "%s"
                  health.port = 0
                  admin { bind = "127.0.0.1", port = %d }
                  notify.webhook.url = "http://127.0.0.1:9/hook"
                }
                """.formatted(
                        dir.resolve("state"),
                        dir.resolve("run"),
                        dir.resolve("ttyUSB9"),
                        server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Not JSON, JSON without the fields, and fields of the wrong type: the same one sentence. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "<html>not the daemon</html>",
                "{}",
                "{\"exit_code\": \"zero\", \"results\": 7}",
                "{\"exit_code\": 0, \"results\": [17]}"
            })
    void notifyTestUsbCycleAndModemAtSayTheAnswerIsNotUnderstood(String body) {
        bodies.put("/notify/test", body);
        bodies.put("/usb/cycle", body);
        bodies.put("/modem/at", body);
        assertGarbled(CliTest.run("notify", "test", "--config", conf.toString()), "failberry notify test");
        assertGarbled(CliTest.run("usb", "cycle", "--config", conf.toString()), "failberry usb cycle");
        assertGarbled(CliTest.run("modem", "at", "--config", conf.toString(), "ATI"), "failberry modem at");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"modem\": [1, 2]}", "{\"modem\": {\"state\": \"ready\", \"signal\": 5}}"})
    void modemInfoSaysTheStatusIsNotValid(String body) {
        bodies.put("/status", body);
        CliTest.Run r = CliTest.run("modem", "info", "--config", conf.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("failberry modem info: the daemon's answer is not valid status JSON.\n");
    }

    /** The answers the commands expect still print as before (the readers take all the printers need). */
    @Test
    void wellFormedAnswersPrintAsBefore() {
        bodies.put(
                "/usb/cycle", "{\"exit_code\": 0, \"switched\": true, \"modem_back\": true, \"detail\": \"hub 1-1\"}");
        CliTest.Run usb = CliTest.run("usb", "cycle", "--config", conf.toString());
        assertThat(usb.exit()).isZero();
        assertThat(usb.out()).isEqualTo("cycled: hub 1-1\nmodem is back\n");

        bodies.put(
                "/notify/test",
                "{\"exit_code\": 1, \"results\": [{\"channel\": \"webhook\", \"target\": \"http://127.0.0.1:9/hook\","
                        + " \"result\": \"failed\", \"detail\": \"connection refused\"}]}");
        CliTest.Run notify = CliTest.run("notify", "test", "--config", conf.toString());
        assertThat(notify.exit()).isEqualTo(ExitCode.NEGATIVE);
        assertThat(notify.out()).isEqualTo("webhook (http://127.0.0.1:9/hook): failed: connection refused\n");
        assertThat(notify.err()).isEqualTo("failberry notify test: 1 of 1 channel did not send the test message.\n");

        bodies.put(
                "/modem/at",
                "{\"exit_code\": 0, \"results\": [{\"reply\": [\"Quectel\", \"OK\"], \"unsolicited\": [\"RING\"],"
                        + " \"status\": \"ok\", \"latency_ms\": 12}]}");
        CliTest.Run at = CliTest.run("modem", "at", "--config", conf.toString(), "ATI");
        assertThat(at.exit()).isZero();
        assertThat(at.out()).startsWith("Quectel\nOK\n");
        assertThat(at.err()).contains("RING");
    }

    private static void assertGarbled(CliTest.Run r, String command) {
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(command + ": the daemon's answer is not understood.\n");
    }
}
