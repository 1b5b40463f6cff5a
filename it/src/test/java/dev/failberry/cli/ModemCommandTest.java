package dev.failberry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.modem.AtCommands;
import dev.failberry.modem.AtResult;
import dev.failberry.sim.modem.ModemSimulator;
import dev.failberry.sim.modem.Personality;
import dev.failberry.sim.modem.SimTiming;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code failberry modem info|at} with no daemon running, against the modem simulator on a real PTY whose
 * every reply carries an unsolicited line between the information lines and the final result, as Huawei
 * sticks do with {@code ^DSFLOWRPT} during a call.
 */
class ModemCommandTest {
    private static final String FLOW =
            "^DSFLOWRPT:0000003C,00000000,00000000,0000000000001A2B,00000000000034CD,0003E800,0003E800";

    @TempDir
    Path dir;

    private ModemSimulator sim;
    private Path config;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeEach
    void start() throws IOException {
        sim = ModemSimulator.start(Personality.huaweiE1550(), SimTiming.fast(), dir.resolve("dev"));
        sim.setUrcNoise(FLOW);
        int closedPort;
        try (var s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // nothing answers there: no daemon
        }
        config = dir.resolve("failberry.conf");
        Files.writeString(
                config,
                "failberry { admin.port = " + closedPort + "\n  modem.port = \"" + sim.controlPath()
                        + "\"\n  modem.command-timeout = 2s }\n");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void infoWithoutADaemonPrintsTheParsedFieldsLikeTheDaemonPath() {
        Run r = run("modem", "info", "--config", config.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("state:             registered")
                .contains("manufacturer:      huawei")
                .contains("model:             E1550")
                .contains("imei:              235012412595195")
                .contains("sim:               ready")
                .contains("registration:      home")
                .contains("operator:          vodafone ES")
                .contains("signal:            -79 dBm (csq 17)");
        assertThat(r.out() + r.err())
                .doesNotContain("^DSFLOWRPT")
                .doesNotContain("+CSQ:")
                .doesNotContain("OK")
                .doesNotContain("AT+");
    }

    @Test
    void infoErrorsAreLabelledAsInfo() {
        Run r = run(
                "modem",
                "info",
                "--config",
                config.toString(),
                "--port",
                dir.resolve("nothing").toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err().trim())
                .startsWith("failberry modem info: cannot open ")
                .doesNotContain("modem at");
    }

    @Test
    void atKeepsTheReplyOnStdoutAndUnsolicitedLinesOnStderrWithoutTheEcho() {
        Run r = run("modem", "at", "--config", config.toString(), "AT+CSQ", "AT+CREG?");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).containsExactly("+CSQ: 17,99", "OK", "+CREG: 0,1", "OK");
        assertThat(r.err().lines().toList()).containsExactly("unsolicited: " + FLOW, "unsolicited: " + FLOW);
    }

    @Test
    void atTalksToAPortGivenWithoutAConfiguration() {
        sim.setUrcNoise(null);
        Run r = run("modem", "at", "--port", sim.controlPath(), "ATI");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Model: E1550").endsWith("OK\n");
        Run help = run("modem", "at", "--help");
        assertThat(help.out())
                .contains("--port")
                .contains("stderr")
                .contains("unsolicited: ")
                .contains("echo");
    }

    @Test
    void transcriptTellsReplyFromUnsolicitedLinesAsThePortFramedThem() {
        var r = new AtResult(
                "AT+CSQ",
                AtResult.Status.OK,
                List.of("+CSQ: 17,99"),
                null,
                null,
                null,
                List.of("AT+CSQ", "^RSSI:17", "+CSQ: 17,99", FLOW, "OK"),
                Duration.ofMillis(5));
        var t = AtCommands.transcript(r);
        assertThat(t.reply()).containsExactly("+CSQ: 17,99", "OK");
        assertThat(t.unsolicited()).containsExactly("^RSSI:17", FLOW);
        var timedOut = new AtResult(
                "AT+COPS?",
                AtResult.Status.TIMEOUT,
                List.of(),
                null,
                null,
                null,
                List.of("AT+COPS?", "+ZUSIMR:2"),
                Duration.ofSeconds(3));
        assertThat(AtCommands.transcript(timedOut).unsolicited()).containsExactly("+ZUSIMR:2");
        assertThat(AtCommands.printable(timedOut)).containsExactly("(no final result within 3000 ms: TIMEOUT)");
    }
}
