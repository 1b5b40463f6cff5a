package dev.failberry.sim.ppp;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.ppp.ChatScript;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FakeChat runs our generated chat scripts against a scripted responder over pipes. */
class FakeChatTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private int chat(ScriptedModem modem, String... args) throws IOException {
        var toChat = new PipedOutputStream();
        var chatIn = new PipedInputStream(toChat, 4096);
        var fromChat = new PipedInputStream(4096);
        var chatOut = new PipedOutputStream(fromChat);
        modem.serve(fromChat, toChat);
        int code = new FakeChat(chatIn, chatOut, new PrintStream(log, true, StandardCharsets.UTF_8)).run(args);
        chatOut.close();
        return code;
    }

    private Path generatedScript(String extra) throws Exception {
        FailberryConfig c = ConfigLoader.fromUserConfig(
                ConfigFactory.parseString("failberry { modem.apn = \"web.vodafone.de\"\n" + extra + " }"), "test");
        Path script = tmp.resolve("chat-failberry");
        Files.writeString(script, ChatScript.render(c.modem(), c.ppp()));
        return script;
    }

    @Test
    void generatedScriptDialsAndExitsZero() throws Exception {
        var modem = ScriptedModem.dialing("CONNECT 7200000");
        int code = chat(modem, "-v", "-s", "-f", generatedScript("").toString());
        assertThat(code).isZero();
        assertThat(modem.commands())
                .containsExactly("AT", "ATE0", "AT+CGDCONT=1,\"IP\",\"web.vodafone.de\"", "ATD*99#");
        assertThat(log.toString()).contains("send (AT^M)", "expect (CONNECT)", " -- got it");
    }

    @Test
    void abortStringsGiveFourPlusIndex() throws Exception {
        assertThat(chat(
                        ScriptedModem.dialing("NO CARRIER"),
                        "-f",
                        generatedScript("").toString()))
                .isEqualTo(5);
        assertThat(chat(ScriptedModem.dialing("BUSY"), "-f", generatedScript("").toString()))
                .isEqualTo(4);
        assertThat(chat(
                        ScriptedModem.dialing("NO DIALTONE"),
                        "-f",
                        generatedScript("").toString()))
                .isEqualTo(7);
    }

    @Test
    void errorOnContextDefinitionAborts() throws Exception {
        var modem = new ScriptedModem(cmd -> cmd.startsWith("AT+CGDCONT") ? "ERROR" : "OK");
        assertThat(chat(modem, "-f", generatedScript("").toString())).isEqualTo(6);
        assertThat(modem.commands()).doesNotContain("ATD*99#");
    }

    @Test
    void silenceTimesOutWithThree() throws Exception {
        long start = System.nanoTime();
        int code = chat(ScriptedModem.dialing(null), "-v", "TIMEOUT", "1", "", "AT", "OK", "ATD*99#", "CONNECT", "");
        assertThat(code).isEqualTo(3);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(900L, 5000L);
        assertThat(log.toString()).contains("alarm");
    }

    @Test
    void subExpectResendsOnTimeoutAndNoCrWithBackslashC() throws Exception {
        var count = new java.util.concurrent.atomic.AtomicInteger();
        // the first AT gets no answer; the sub-expect sends AT again, which is answered
        var modem = new ScriptedModem(cmd -> count.incrementAndGet() == 1 ? null : "OK");
        int code = chat(modem, "-v", "TIMEOUT", "1", "", "AT", "OK-AT-OK", "ATI\\c");
        assertThat(code).isZero();
        assertThat(modem.commands()).containsExactly("AT", "AT");
    }

    @Test
    void endOfInputIsAnIoError() throws Exception {
        var toChat = new PipedOutputStream();
        var chatIn = new PipedInputStream(toChat);
        toChat.close();
        int code = new FakeChat(chatIn, new ByteArrayOutputStream(), new PrintStream(log))
                .run(new String[] {"TIMEOUT", "5", "", "AT", "OK", ""});
        assertThat(code).isEqualTo(2);
    }

    @Test
    void badParametersExitOne() throws Exception {
        assertThat(new FakeChat(
                                new PipedInputStream(new PipedOutputStream()),
                                new ByteArrayOutputStream(),
                                new PrintStream(log))
                        .run(new String[] {"-f", tmp.resolve("missing").toString()}))
                .isEqualTo(1);
        assertThat(new FakeChat(
                                new PipedInputStream(new PipedOutputStream()),
                                new ByteArrayOutputStream(),
                                new PrintStream(log))
                        .run(new String[] {"-x"}))
                .isEqualTo(1);
    }

    @Test
    void launcherIsARealExecutable() throws Exception {
        StandIns s = StandIns.install(tmp.resolve("bin"), tmp.resolve("ctl"));
        Process p = new ProcessBuilder(
                        s.chat().toString(), "-v", "-f", generatedScript("").toString())
                .start();
        try {
            var modem = ScriptedModem.dialing("CONNECT 7200000").serve(p.getInputStream(), p.getOutputStream());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            assertThat(modem.commands()).contains("ATD*99#");
            assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("-- got it");
        } finally {
            p.destroyForcibly();
        }
    }
}
