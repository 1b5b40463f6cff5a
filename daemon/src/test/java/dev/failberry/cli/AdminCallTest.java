package dev.failberry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin request every daemon-facing command makes and its failures, against a real loopback HTTP server
 * (the JDK's) standing in for the admin listener: one sentence on stderr after the command's name and the exit
 * code of the interface document.
 */
class AdminCallTest {
    private HttpServer server;
    private String url;
    private final List<String> requests = new ArrayList<>();
    private final StringWriter errText = new StringWriter();
    private final PrintWriter err = new PrintWriter(errText, true);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        answer("/ok", 200, "{\"a\":1}");
        answer("/broken", 500, "oops\n");
        answer("/garbage", 200, "not json");
        server.start();
        url = "127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(String path, int status, String body) {
        server.createContext(path, ex -> {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " "
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private AdminCall call() {
        return AdminCall.of("failberry x", url, err);
    }

    private static final Duration T = Duration.ofSeconds(5);

    @Test
    void aReadAnswerIsPrintedByTheCommandWhichGivesTheExitCode() {
        int code = call().get("/ok", T, a -> dev.failberry.json.Json.parseObject(a.body()), m -> ((Number) m.get("a"))
                .intValue());
        assertThat(code).isEqualTo(1);
        assertThat(call().post("/ok", "lift", T, AdminClient.Answer::status, s -> s == 200 ? 0 : 9))
                .isZero();
        assertThat(requests).containsExactly("GET /ok ", "POST /ok lift");
        assertThat(errText.toString()).isEmpty();
    }

    @Test
    void notAnAdminUrlIsAUsageError() {
        assertThat(AdminCall.of("failberry x", "ftp://host:1", err).invalidUrl())
                .hasValue(ExitCode.USAGE);
        assertThat(errText.toString())
                .isEqualTo("failberry x: --admin must be http://HOST:PORT or HOST:PORT, not \"ftp://host:1\".\n");
        assertThat(call().invalidUrl()).isEmpty();
    }

    @Test
    void nothingAnsweringIsExit3OrTheWayWithoutTheDaemon() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String nobody = "http://127.0.0.1:" + closed;
        assertThat(AdminCall.of("failberry x", nobody, err).get("/ok", T, a -> a, a -> 0))
                .isEqualTo(ExitCode.UNREACHABLE);
        assertThat(errText.toString())
                .isEqualTo("failberry x: the daemon is not running (nothing answers at " + nobody + ").\n");

        List<String> why = new ArrayList<>();
        int code = AdminCall.of("failberry x", nobody, err)
                .withoutDaemon(w -> {
                    why.add(w);
                    return 7;
                })
                .post("/ok", "", T, a -> a, a -> 0);
        assertThat(code).isEqualTo(7);
        assertThat(why).containsExactly("the daemon is not running (nothing answers at " + nobody + ")");
    }

    @Test
    void anHttpErrorIsExit3WithTheCommandsSentence() {
        assertThat(call().get("/broken", T, a -> a, a -> 0)).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(call().httpError(a -> "the daemon answered HTTP " + a.status() + ": "
                                + a.body().trim())
                        .get("/broken", T, a -> a, a -> 0))
                .isEqualTo(ExitCode.UNREACHABLE);
        assertThat(errText.toString())
                .isEqualTo(
                        "failberry x: the daemon answered HTTP 500.\nfailberry x: the daemon answered HTTP 500: oops\n");
    }

    @Test
    void anAnswerTheCommandCannotReadIsExit3WithItsSentenceOrTheGeneralOne() {
        assertThat(call().unreadable("the daemon's answer is not valid status JSON")
                        .get("/garbage", T, a -> dev.failberry.json.Json.parseObject(a.body()), m -> 0))
                .isEqualTo(ExitCode.UNREACHABLE);
        // a reader that finds a field missing fails the same way, and nothing is printed
        List<String> printed = new ArrayList<>();
        assertThat(call().get(
                                "/ok",
                                T,
                                a -> ((Number) dev.failberry.json.Json.parseObject(a.body())
                                                .get("exit_code"))
                                        .intValue(),
                                code -> {
                                    printed.add("code " + code);
                                    return code;
                                }))
                .isEqualTo(ExitCode.UNREACHABLE);
        assertThat(printed).isEmpty();
        assertThat(errText.toString())
                .isEqualTo("failberry x: the daemon's answer is not valid status JSON.\n"
                        + "failberry x: the daemon's answer is not understood.\n");
    }
}
