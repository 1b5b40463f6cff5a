package dev.failberry.modem.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.modem.sms.SmsDialogue.Kind;
import dev.failberry.modem.sms.SmsOutcome.Failed;
import dev.failberry.modem.sms.SmsOutcome.Sent;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SMS dialogue against replies captured from real modems, as posted in public bug reports (the
 * lines are copied from the logs; the PDU sent is ours):
 * <ul>
 * <li>gammu/gammu#242 (gammu-smsd on /dev/ttyS0, Indosat Ooredoo, echo on): PDU echo + Ctrl-Z, then
 *     {@code +CMGS: 73}, OK.</li>
 * <li>gammu/gammu#438 (Raspberry Pi, gammu-smsd 1.39.1): {@code AT+CMGS=18} echoed, {@code "> "}, the
 *     PDU, then {@code +CMS ERROR: 500}.</li>
 * <li>gammu/gammu#64: {@code +CMS ERROR: 38} (network out of order) on sending.</li>
 * <li>zabsalahid/serialport-gsm#61 and #50: {@code +CMS ERROR: 69} and {@code +CMS ERROR: 21}.</li>
 * <li>emilsedgh/modem#36: {@code +CMS ERROR: 304} to AT+CMGS.</li>
 * <li>faucamp/python-gsmmodem#11 (Qualcomm modem right after the PIN): {@code +CME ERROR: 14} (SIM busy).</li>
 * <li>vshymanskyy/TinyGSM#243 (Goouuu IOT-GA6, text mode): {@code AT+CMGS=...}, {@code >}, the text and
 *     0x1A, then error 500.</li>
 * </ul>
 */
class SmsDialogueTest {
    private static final String TO = "+6281690488";
    private static final String LINE = "FailberryPi pi: mobile link down since 19:00Z: no carrier";

    @Test
    void stepsAreThePduModeDialogue() {
        SmsDialogue d = SmsDialogue.of(TO, LINE);
        int n = d.pdu().tpduLength();
        assertThat(d.pduSteps())
                .extracting(SmsDialogue.Step::kind)
                .containsExactly(Kind.COMMAND, Kind.PROMPT, Kind.BODY);
        assertThat(d.pduSteps())
                .extracting(SmsDialogue.Step::text)
                .containsExactly("AT+CMGF=0", "AT+CMGS=" + n, d.pdu().hex());
        assertThat(d.textSteps())
                .extracting(SmsDialogue.Step::text)
                .containsExactly("AT+CMGF=1", "AT+CSCS=\"IRA\"", "AT+CMGS=\"" + TO + "\"", LINE);
        assertThat(d.pduSteps().toString() + d.textSteps()).doesNotContain(TO).doesNotContain("no carrier");
    }

    @Test
    void sentWhenTheModemAnswersCmgs() {
        SmsDialogue d = SmsDialogue.of(TO, LINE);
        int n = d.pdu().tpduLength();
        // gammu#242: echo on; the PDU's echo ends with the Ctrl-Z, then +CMGS: 73, an empty line, OK
        var port = new ScriptedAtChannel()
                .on("AT+CMGF=0", "OK", "AT+CMGF=0")
                .on("AT+CMGS=" + n, "> ", "AT+CMGS=" + n)
                .onBody(d.pdu().hex(), AtChannel.CTRL_Z, "OK", d.pdu().hex() + "\u001a", "+CMGS: 73", "");
        assertThat(d.run(port)).isEqualTo(new Sent(73, false));
        assertThat(port.finished()).isTrue();
        String body = port.written.get(2);
        var decoded = SmsPduDecoder.decodeSubmit(body.substring("BODY:".length(), body.length() - 1));
        assertThat(decoded.text()).isEqualTo(LINE);
        assertThat(decoded.number()).isEqualTo(TO);
        assertThat(decoded.tpduLength()).isEqualTo(n);
    }

    @Test
    void cmgsCountsAsSentEvenWhenTheOkIsLost() {
        SmsDialogue d = SmsDialogue.of(TO, LINE);
        var port = new ScriptedAtChannel()
                .on("AT+CMGF=0", "OK")
                .on("AT+CMGS=" + d.pdu().tpduLength(), "> ")
                .onBody("00", AtChannel.CTRL_Z, null, "+CMGS: 12");
        assertThat(d.run(port)).isEqualTo(new Sent(12, false));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("gammu#438 +CMS ERROR: 500", "+CMS ERROR: 500", true, "+CMS ERROR 500 (unknown error)"),
                Arguments.of("gammu#64 +CMS ERROR: 38", "+CMS ERROR: 38", true, "+CMS ERROR 38 (network out of order)"),
                Arguments.of(
                        "serialport-gsm#61 +CMS ERROR: 69",
                        "+CMS ERROR: 69",
                        false,
                        "+CMS ERROR 69 (requested facility not implemented)"),
                Arguments.of(
                        "serialport-gsm#50 +CMS ERROR: 21",
                        "+CMS ERROR: 21",
                        false,
                        "+CMS ERROR 21 (short message transfer rejected)"),
                Arguments.of(
                        "CMEE=2 text form",
                        "+CMS ERROR: no network service",
                        true,
                        "+CMS ERROR 331 (no network service)"),
                Arguments.of(
                        "manufacturer code", "+CMS ERROR: 535", true, "+CMS ERROR 535 (manufacturer-specific error)"),
                Arguments.of("+CME instead of +CMS", "+CME ERROR: 30", true, "+CME ERROR 30 (no network service)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void networkRefusalAfterThePduIsClassified(String name, String reply, boolean retryable, String reason) {
        SmsDialogue d = SmsDialogue.of(TO, LINE);
        int n = d.pdu().tpduLength();
        var port = new ScriptedAtChannel()
                .on("AT+CMGF=0", "OK", "AT+CMGF=0")
                .on("AT+CMGS=" + n, "> ", "AT+CMGS=" + n)
                .onBody(d.pdu().hex(), AtChannel.CTRL_Z, reply);
        SmsOutcome out = d.run(port);
        assertThat(out).isInstanceOf(Failed.class);
        assertThat(((Failed) out).retryable()).isEqualTo(retryable);
        assertThat(((Failed) out).reason()).endsWith(reason).doesNotContain(TO);
    }

    @Test
    void invalidPduParameterAtCmgsIsPermanent() {
        // emilsedgh/modem#36
        SmsDialogue d = SmsDialogue.of(TO, LINE);
        var port = new ScriptedAtChannel()
                .on("AT+CMGF=0", "OK")
                .on("AT+CMGS=" + d.pdu().tpduLength(), "+CMS ERROR: 304");
        assertThat(d.run(port))
                .isEqualTo(new Failed(
                        false, "AT+CMGS=" + d.pdu().tpduLength() + ": +CMS ERROR 304 (invalid PDU mode parameter)"));
    }

    @Test
    void simBusyIsRetryable() {
        // python-gsmmodem#11: a Qualcomm modem just after the PIN answers +CME ERROR: 14
        SmsDialogue d = SmsDialogue.of(TO, LINE);
        var port = new ScriptedAtChannel().on("AT+CMGF=0", "+CME ERROR: 14");
        assertThat(d.run(port)).isEqualTo(new Failed(true, "AT+CMGF=0: +CME ERROR 14 (SIM busy)"));
    }

    @Test
    void pinRequiredIsPermanent() {
        SmsDialogue d = SmsDialogue.of(TO, LINE);
        var port = new ScriptedAtChannel()
                .on("AT+CMGF=0", "OK")
                .on("AT+CMGS=" + d.pdu().tpduLength(), "+CMS ERROR: 311");
        assertThat(d.run(port))
                .isEqualTo(
                        new Failed(false, "AT+CMGS=" + d.pdu().tpduLength() + ": +CMS ERROR 311 (SIM PIN required)"));
    }

    @Test
    void stickWithoutPduModeFallsBackToTextMode() {
        // The Goouuu IOT-GA6 exchange of TinyGSM#243 in text mode; the ERROR to AT+CMGF=0 is what a stick
        // without PDU mode answers with AT+CMEE=0
        SmsDialogue d = SmsDialogue.of(TO, "FailberryPi pi: Netz „weg“ – café");
        var port = new ScriptedAtChannel()
                .on("AT+CMGF=0", "ERROR")
                .on("AT+CMGF=1", "OK")
                .on("AT+CSCS=\"IRA\"", "OK")
                .on("AT+CMGS=\"" + TO + "\"", ">")
                .onBody("FailberryPi pi: Netz \"weg\" - cafe", AtChannel.CTRL_Z, "OK", "+CMGS: 5");
        assertThat(d.run(port)).isEqualTo(new Sent(5, true));
        assertThat(port.finished()).isTrue();
    }

    @Test
    void textModeRefusalIsReported() {
        // TinyGSM#243: after the text and 0x1A the GA6 answered error 500
        SmsDialogue d = SmsDialogue.of(TO, LINE);
        var port = new ScriptedAtChannel()
                .on("AT+CMGF=0", "+CMS ERROR: 303")
                .on("AT+CMGF=1", "OK")
                .on("AT+CSCS=\"IRA\"", "OK")
                .on("AT+CMGS=\"" + TO + "\"", ">")
                .onBody(LINE, AtChannel.CTRL_Z, "+CMS ERROR: 500");
        SmsOutcome out = d.run(port);
        assertThat(out)
                .isEqualTo(new Failed(
                        true, "the text (" + LINE.length() + " characters): +CMS ERROR 500 (unknown error)"));
    }

    @Test
    void lostPromptIsCancelledWithEscAndRetried() {
        SmsDialogue d = SmsDialogue.of(TO, LINE);
        var port = new ScriptedAtChannel()
                .on("AT+CMGF=0", "OK")
                .on("AT+CMGS=" + d.pdu().tpduLength(), null)
                .onBody("", AtChannel.ESC, null);
        assertThat(d.run(port))
                .isEqualTo(new Failed(true, "no answer to AT+CMGS=" + d.pdu().tpduLength() + " within 10 s"));
        assertThat(port.finished()).isTrue();
    }

    @Test
    void modemVanishingMidMessageIsRetryable() {
        SmsDialogue d = SmsDialogue.of(TO, LINE);
        var port = new ScriptedAtChannel()
                .on("AT+CMGF=0", "OK")
                .on("AT+CMGS=" + d.pdu().tpduLength(), "> ")
                .vanish("BODY:" + d.pdu().hex() + AtChannel.CTRL_Z);
        SmsOutcome out = d.run(port);
        assertThat(out).isInstanceOf(Failed.class);
        assertThat(((Failed) out).retryable()).isTrue();
        assertThat(((Failed) out).reason())
                .startsWith("modem port lost at the PDU (GSM7, ")
                .contains("the device vanished");
    }

    @Test
    void noAnswerAfterSubmittingIsRetryableAndCancelled() {
        SmsDialogue d = SmsDialogue.of(TO, LINE);
        var port = new ScriptedAtChannel()
                .on("AT+CMGF=0", "OK")
                .on("AT+CMGS=" + d.pdu().tpduLength(), "> ")
                .onBody("00", AtChannel.CTRL_Z, null)
                .onBody("", AtChannel.ESC, null);
        SmsOutcome out = d.run(port);
        assertThat(((Failed) out).retryable()).isTrue();
        assertThat(((Failed) out).reason()).startsWith("no answer within 60 s after the PDU");
        assertThat(port.finished()).isTrue();
    }

    @Test
    void errorCodesAreClassifiedFromTheSpecTables() {
        assertThat(SmsErrors.classify("+CMS ERROR: 330").orElseThrow().retryable())
                .isFalse();
        assertThat(SmsErrors.classify("+CMS ERROR: 314").orElseThrow().reason()).isEqualTo("SIM busy");
        assertThat(SmsErrors.classify("+CMS ERROR: 310").orElseThrow().retryable())
                .isTrue();
        assertThat(SmsErrors.classify("+CMS ERROR: 192").orElseThrow().reason()).isEqualTo("SC busy");
        assertThat(SmsErrors.classify("+CME ERROR: SIM PIN required").orElseThrow())
                .isEqualTo(new SmsErrors.Failure("+CME ERROR", 11, false, "SIM PIN required"));
        assertThat(SmsErrors.classify("+CMS ERROR: SMSC address unknown")
                        .orElseThrow()
                        .code())
                .isEqualTo(330);
        assertThat(SmsErrors.classify("+CMS ERROR: Strange\u0007 thing").orElseThrow())
                .isEqualTo(new SmsErrors.Failure("+CMS ERROR", -1, true, "Strange  thing"));
        assertThat(SmsErrors.classify("OK")).isEmpty();
        assertThat(SmsErrors.classify("ERROR").orElseThrow().retryable()).isTrue();
    }
}
