package dev.failberry.sim.modem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.modem.AtPort;
import dev.failberry.modem.AtResult;
import dev.failberry.modem.AtResult.Status;
import dev.failberry.modem.JSerialCommLink;
import dev.failberry.modem.SerialSettings;
import dev.failberry.modem.sms.SmsPdu;
import dev.failberry.modem.sms.SmsPduDecoder;
import dev.failberry.sim.modem.SimState.Registration;
import dev.failberry.sim.modem.SimState.Sim;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulator's SMS sending (27.005 {@code +CMGF}, {@code +CMGS}, the prompt, Ctrl-Z and ESC, {@code +CMS
 * ERROR}) in both vendor personalities, through the daemon's own {@link AtPort} over a real pseudo-terminal.
 */
class SimSmsTest {
    private static final Duration T = Duration.ofSeconds(3);
    private static final String NUMBER = "+64211234567";
    private static final char CTRL_Z = 0x1A;
    private static final char ESC = 0x1B;

    @TempDir
    Path dir;

    private ModemSimulator sim;
    private AtPort port;

    static Stream<Personality> personalities() {
        return Stream.of(Personality.huaweiE1550(), Personality.zteMf627());
    }

    private void start(Personality p) throws IOException {
        sim = ModemSimulator.start(p, SimTiming.fast(), dir);
        port = new AtPort(
                new JSerialCommLink(SerialSettings.of(sim.controlPath()).withReadTimeout(Duration.ofMillis(200))));
        port.open();
    }

    @AfterEach
    void tearDown() {
        if (port != null) {
            port.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private AtResult ok(String cmd) {
        AtResult r = port.send(cmd, T);
        assertThat(r.status()).as("%s -> %s", cmd, r).isEqualTo(Status.OK);
        return r;
    }

    /** PDU mode with the echo on (as after power-up): the prompt, the PDU, Ctrl-Z, {@code +CMGS: <mr>}. */
    private AtResult sendPdu(SmsPdu.Submit pdu) {
        AtResult prompt = port.sendForPrompt("AT+CMGS=" + pdu.tpduLength(), T);
        assertThat(prompt.status()).as("prompt: %s", prompt).isEqualTo(Status.PROMPT);
        return port.sendText(pdu.hex(), CTRL_Z, T);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("personalities")
    void pduModeKeepsWhatWasSentForTheDecoder(Personality p) throws Exception {
        start(p);
        assertThat(ok("AT+CMGF?").lines()).containsExactly("+CMGF: 0");
        assertThat(ok("AT+CMGF=?").lines()).containsExactly("+CMGF: (0,1)");
        ok("AT+CMGF=0");
        SmsPdu.Submit first = SmsPdu.submit(NUMBER, "FailberryPi pi: mobile link down since 19:00Z");
        SmsPdu.Submit second = SmsPdu.submit(NUMBER, "FailberryPi pi: Verbindung zurück nach 5m €");
        AtResult r1 = sendPdu(first);
        AtResult r2 = sendPdu(second);
        assertThat(r1.status()).isEqualTo(Status.OK);
        assertThat(r1.lines()).containsExactly("+CMGS: 0");
        assertThat(r2.lines()).containsExactly("+CMGS: 1");

        assertThat(sim.sentSms())
                .hasSize(2)
                .allMatch(s -> s.pduMode() && s.number() == null && s.port() == SimPort.CONTROL);
        var d1 = SmsPduDecoder.decodeSubmit(sim.sentSms().get(0).payload());
        var d2 = SmsPduDecoder.decodeSubmit(sim.sentSms().get(1).payload());
        assertThat(d1.number()).isEqualTo(NUMBER);
        assertThat(d1.text()).isEqualTo("FailberryPi pi: mobile link down since 19:00Z");
        assertThat(d2.text()).isEqualTo("FailberryPi pi: Verbindung zurück nach 5m €");
        ok("AT"); // back in command mode
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("personalities")
    void textModeTakesTheNumberAndTheText(Personality p) throws Exception {
        start(p);
        ok("ATE0");
        ok("AT+CMGF=1");
        ok("AT+CSCS=\"IRA\"");
        assertThat(port.sendForPrompt("AT+CMGS=\"" + NUMBER + "\"", T).status()).isEqualTo(Status.PROMPT);
        AtResult r = port.sendText("FailberryPi pi: test", CTRL_Z, T);
        assertThat(r.lines()).containsExactly("+CMGS: 0");
        assertThat(sim.sentSms()).singleElement().satisfies(s -> {
            assertThat(s.pduMode()).isFalse();
            assertThat(s.number()).isEqualTo(NUMBER);
            assertThat(s.payload()).isEqualTo("FailberryPi pi: test");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("personalities")
    void escCancelsAndNothingIsSent(Personality p) throws Exception {
        start(p);
        ok("AT+CMGF=0");
        SmsPdu.Submit pdu = SmsPdu.submit(NUMBER, "never");
        assertThat(port.sendForPrompt("AT+CMGS=" + pdu.tpduLength(), T).status())
                .isEqualTo(Status.PROMPT);
        assertThat(port.sendText(pdu.hex().substring(0, 10), ESC, T).status()).isEqualTo(Status.OK);
        assertThat(sim.sentSms()).isEmpty();
        ok("AT");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("personalities")
    void queuedRefusalsAreAnsweredOneEachThenTheMessageGoes(Personality p) throws Exception {
        start(p);
        ok("AT+CMGF=0");
        sim.refuseSms(500, 331);
        SmsPdu.Submit pdu = SmsPdu.submit(NUMBER, "FailberryPi pi: test");
        AtResult first = sendPdu(pdu);
        assertThat(first.status()).isEqualTo(Status.CMS_ERROR);
        assertThat(first.errorCode()).isEqualTo(500);
        assertThat(sendPdu(pdu).errorCode()).isEqualTo(331);
        assertThat(sendPdu(pdu).lines()).containsExactly("+CMGS: 0");
        assertThat(sim.sentSms()).hasSize(1);
    }

    @Test
    void theSimAndTheNetworkAreAskedFirst() throws Exception {
        start(Personality.huaweiE1550());
        ok("AT+CMGF=0");
        SmsPdu.Submit pdu = SmsPdu.submit(NUMBER, "FailberryPi pi: test");

        sim.setRegistration(Registration.SEARCHING);
        AtResult noService = sendPdu(pdu);
        assertThat(noService.status()).isEqualTo(Status.CMS_ERROR);
        assertThat(noService.errorCode()).as("no network service").isEqualTo(331);

        sim.setSim(Sim.PIN);
        AtResult pin = port.sendForPrompt("AT+CMGS=" + pdu.tpduLength(), T);
        assertThat(pin.status()).isEqualTo(Status.CMS_ERROR);
        assertThat(pin.errorCode()).as("SIM PIN required, before any prompt").isEqualTo(311);
        assertThat(sim.sentSms()).isEmpty();
    }

    @Test
    void aPduWhoseLengthDisagreesWithCmgsIsRefused() throws Exception {
        start(Personality.zteMf627());
        ok("AT+CMGF=0");
        SmsPdu.Submit pdu = SmsPdu.submit(NUMBER, "FailberryPi pi: test");
        assertThat(port.sendForPrompt("AT+CMGS=" + (pdu.tpduLength() + 1), T).status())
                .isEqualTo(Status.PROMPT);
        AtResult r = port.sendText(pdu.hex(), CTRL_Z, T);
        assertThat(r.status()).isEqualTo(Status.CMS_ERROR);
        assertThat(r.errorCode()).isEqualTo(304);
        assertThat(sim.sentSms()).isEmpty();
    }

    @Test
    void aStickWithoutPduModeRefusesCmgfZero() throws Exception {
        start(Personality.generic());
        sim.setPduModeSupported(false);
        AtResult r = port.send("AT+CMGF=0", T);
        assertThat(r.status()).isEqualTo(Status.CMS_ERROR);
        assertThat(r.errorCode()).isEqualTo(303);
        assertThat(ok("AT+CMGF=?").lines()).containsExactly("+CMGF: (1)");
    }
}
