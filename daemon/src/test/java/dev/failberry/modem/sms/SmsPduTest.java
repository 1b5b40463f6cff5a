package dev.failberry.modem.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failberry.modem.sms.SmsPdu.Coding;
import dev.failberry.modem.sms.SmsPdu.Fitted;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SMS-SUBMIT encoding against PDUs published by others (the ground truth; our decoder only checks round
 * trips). Sources:
 * <ul>
 * <li>[PDU] Lars Pettersson, "SMS messages and the PDU format" (dreamfabric.com, mirrored at
 *     turbocontrol.com/CoolStuff and subnets.ru/saved/sms_pdu_format.html): the "hellohello" SMS-SUBMIT.</li>
 * <li>[GSMMODEM] faucamp/python-gsmmodem, test/test_pdu.py: {@code test_encodeSmsSubmit} and
 *     {@code TestGsm7} (septet packing, including the extension table), {@code test_decode}.</li>
 * <li>[PERL] cosimo/perl5-device-gsm, t/20pdu.t: {@code encode_text7}.</li>
 * <li>[NEOWAY] Neoway N11 AT command manual, SMS chapter: a UCS-2 "hello" PDU with an SMSC length of 0
 *     and its {@code AT+CMGS} length 23.</li>
 * </ul>
 */
class SmsPduTest {
    private static final int NO_VP = -1;

    static Stream<Arguments> publishedSubmits() {
        return Stream.of(
                // [PDU]: 46708251358, validity AA (4 days), "hellohello"; AT+CMGS=23
                Arguments.of(
                        "dreamfabric hellohello",
                        "46708251358",
                        0x91,
                        gsm("hellohello"),
                        0x11,
                        0xAA,
                        "0011000B916407281553F80000AA0AE8329BFD4697D9EC37",
                        23),
                // [GSMMODEM] test_encodeSmsSubmit #1: no validity period (first octet 01)
                Arguments.of(
                        "python-gsmmodem Hello World!",
                        "27820001111",
                        0x91,
                        gsm("Hello World!"),
                        0x01,
                        NO_VP,
                        "0001000B917228001011F100000CC8329BFD065DDF72363904",
                        24),
                // [GSMMODEM] test_encodeSmsSubmit #2 (its SMSC part 07914400000000F0 replaced by 00), UCS-2, VP 52
                // weeks
                Arguments.of(
                        "python-gsmmodem UCS-2 Chinese",
                        "123456789",
                        0x91,
                        ucs2("世界您好！"),
                        0x11,
                        0xF4,
                        "001100099121436587F90008F40A4E16754C60A8597DFF01",
                        23),
                // [GSMMODEM] test_decode, SMS-SUBMIT 'あ叶葉' (SMSC part 07914346466554F6 replaced by 00)
                Arguments.of(
                        "python-gsmmodem UCS-2 Japanese",
                        "34616585119",
                        0x91,
                        ucs2("あ叶葉"),
                        0x01,
                        NO_VP,
                        "0001000B914316565811F9000806304253F68449",
                        19),
                // [NEOWAY]: national number (type 81), UCS-2 "hello"; "the value of LENGTH in AT+CMGS=LENGTH is 23"
                Arguments.of(
                        "Neoway N11 manual UCS-2 hello",
                        "13421839693",
                        0x81,
                        ucs2("hello"),
                        0x01,
                        NO_VP,
                        "0001000B813124819396F300080A00680065006C006C006F",
                        23));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishedSubmits")
    void encodesPublishedPdus(
            String name,
            String digits,
            int toa,
            Fitted text,
            int firstOctet,
            int vp,
            String expectedHex,
            int cmgsLength) {
        SmsPdu.Submit s = SmsPdu.encode(digits, toa, text, firstOctet, vp);
        assertThat(s.hex()).isEqualTo(expectedHex);
        assertThat(s.tpduLength()).isEqualTo(cmgsLength).isEqualTo(expectedHex.length() / 2 - 1);
        SmsPduDecoder.Decoded d = SmsPduDecoder.decodeSubmit(expectedHex);
        assertThat(d.text()).isEqualTo(text.text());
        assertThat(d.number()).isEqualTo((toa == 0x91 ? "+" : "") + digits);
        assertThat(d.tpduLength()).isEqualTo(cmgsLength);
    }

    static Stream<Arguments> packedSeptets() {
        return Stream.of(
                Arguments.of("[GSMMODEM] 123", "123", "31D90C"),
                Arguments.of("[GSMMODEM] 123456789", "123456789", "31D98C56B3DD7039"),
                Arguments.of("[GSMMODEM] Hello World!", "Hello World!", "C8329BFD065DDF72363904"),
                Arguments.of("[GSMMODEM] extension [{abc}]~", "[{abc}]~", "1BDE0615168F37A98D6FD303"),
                Arguments.of("[GSMMODEM] Greek and euro {åΦΓΛΩΠΨΣΘ€}", "{åΦΓΛΩΠΨΣΘ€}", "1BD44332A1542C174C6653DEA400"),
                Arguments.of("[GSMMODEM] a[]{}€", "a[]{}€", "E10D6FE3DBA036A94D19"),
                // [GSMMODEM] test_decode: the user data of an SMS-DELIVER, 10 septets with ESC pairs
                Arguments.of("[GSMMODEM] @{tést}!", "@{tést}!", "800D8A5E98D337A910"),
                Arguments.of("[PERL] hellohello", "hellohello", "E8329BFD4697D9EC37"),
                Arguments.of(
                        "[PERL] quick fox",
                        "The quick fox jumps over the lazy dog",
                        "54741914AFA7C76B90F98D07A9EB6DF81CF4B697E5203ABA0C6287F57910F97D06"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packedSeptets")
    void packsSeptetsAsPublished(String name, String text, String packedHex) {
        byte[] septets = Gsm7.septets(text);
        assertThat(HexFormat.of().withUpperCase().formatHex(Gsm7.pack(septets))).isEqualTo(packedHex);
        assertThat(Gsm7.decode(Gsm7.unpack(HexFormat.of().parseHex(packedHex), septets.length)))
                .isEqualTo(text);
    }

    @Test
    void decodesAPublishedSubmitWithSmscAndValidity() {
        // [GSMMODEM] test_decode: SMS-SUBMIT with an SMSC, status report requested, relative validity 3 days
        var d = SmsPduDecoder.decodeSubmit("07911326040000F0310D0B911326880736F40000A90FF7FBDD454E87CDE1B0DB357EB701");
        assertThat(d.smsc()).isEqualTo("+31624000000");
        assertThat(d.number()).isEqualTo("+31628870634");
        assertThat(d.messageReference()).isEqualTo(0x0D);
        assertThat(d.validity()).isEqualTo(0xA9);
        assertThat(d.text()).isEqualTo("www.diafaan.com");
    }

    @Test
    void submitUsesTheSimsSmscInternationalNumberAnd24HourValidity() {
        SmsPdu.Submit s = SmsPdu.submit("+64211234567", "FailberryPi pi: mobile link down");
        assertThat(s.hex()).startsWith("0011000B914612214365F70000A7");
        var d = SmsPduDecoder.decodeSubmit(s.hex());
        assertThat(d.smsc()).isEmpty();
        assertThat(d.number()).isEqualTo("+64211234567");
        assertThat(d.typeOfAddress()).isEqualTo(0x91);
        assertThat(d.dcs()).isZero();
        assertThat(d.validity()).isEqualTo(0xA7);
        assertThat(d.text()).isEqualTo("FailberryPi pi: mobile link down");
        assertThat(d.tpduLength()).isEqualTo(s.tpduLength());
    }

    @Test
    void nonGsmCharacterSwitchesToUcs2() {
        SmsPdu.Submit s = SmsPdu.submit("+4915112345678", "FailberryPi: Betreiber „Telekom“ 📶");
        assertThat(s.fitted().coding()).isEqualTo(Coding.UCS2);
        var d = SmsPduDecoder.decodeSubmit(s.hex());
        assertThat(d.dcs()).isEqualTo(0x08);
        assertThat(d.text()).isEqualTo("FailberryPi: Betreiber „Telekom“ 📶");
    }

    @Test
    void exactly160GsmSeptetsFitAnd161AreTruncatedWithAnEllipsis() {
        String exact = "FailberryPi " + "x".repeat(148);
        assertThat(Gsm7.septetCount(exact)).isEqualTo(160);
        SmsPdu.Submit s = SmsPdu.submit("+64211234567", exact);
        assertThat(s.fitted().truncated()).isFalse();
        assertThat(SmsPduDecoder.decodeSubmit(s.hex()).text()).isEqualTo(exact);
        assertThat(s.hex()).contains("0000A7A0"); // UDL 160 septets
        assertThat(s.tpduLength()).isEqualTo(14 + 140); // 14 header octets + 160 septets packed into 140

        SmsPdu.Submit cut = SmsPdu.submit("+64211234567", exact + "y");
        assertThat(cut.fitted().truncated()).isTrue();
        assertThat(cut.fitted().text()).hasSize(160).endsWith("x...").startsWith("FailberryPi ");
        assertThat(SmsPduDecoder.decodeSubmit(cut.hex()).text())
                .isEqualTo(cut.fitted().text());
    }

    @Test
    void extensionCharactersCountTwoSeptets() {
        String euros = "€".repeat(80);
        assertThat(Gsm7.septetCount(euros)).isEqualTo(160);
        assertThat(SmsPdu.fit(euros).truncated()).isFalse();
        Fitted over = SmsPdu.fit(euros + "€");
        assertThat(over.truncated()).isTrue();
        assertThat(over.text()).isEqualTo("€".repeat(78) + "...");
        assertThat(Gsm7.septetCount(over.text())).isEqualTo(159); // a 79th euro would need 161 with "..."
        SmsPdu.Submit s = SmsPdu.submit("+64211234567", over.text());
        assertThat(SmsPduDecoder.decodeSubmit(s.hex()).text()).isEqualTo(over.text());
    }

    @Test
    void exactly70Ucs2UnitsFitAnd71AreTruncatedWithoutSplittingASurrogatePair() {
        String seventy = "Ж".repeat(70);
        assertThat(SmsPdu.fit(seventy)).isEqualTo(new Fitted(seventy, Coding.UCS2, false));
        Fitted cut = SmsPdu.fit(seventy + "Ж");
        assertThat(cut.text()).isEqualTo("Ж".repeat(69) + "…");
        SmsPdu.Submit s = SmsPdu.submit("+64211234567", seventy + "Ж");
        assertThat(s.hex()).contains("0008A78C"); // UCS-2, validity, UDL 140 octets

        Fitted emoji = SmsPdu.fit("Ж".repeat(68) + "📶📶");
        assertThat(emoji.text()).isEqualTo("Ж".repeat(68) + "…"); // the emoji would leave no room for the ellipsis
        assertThat(emoji.text().chars().noneMatch(c -> Character.isSurrogate((char) c)))
                .isTrue();
    }

    @Test
    void rejectsNumbersThatAreNotE164() {
        for (String bad :
                new String[] {"0211234567", "+0211234567", "+64 21 123", "+1234", "+1234567890123456", "64211234567"}) {
            assertThatThrownBy(() -> SmsPdu.submit(bad, "x")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void randomTextsRoundTrip() {
        Random random = new Random(16);
        String alphabet = Gsm7.BASIC.replace("\u001b", "") + "€[]{}|~^\\ЖあΩ📶";
        for (int i = 0; i < 2000; i++) {
            int n = random.nextInt(200);
            StringBuilder sb = new StringBuilder();
            while (sb.length() < n) {
                int at = random.nextInt(alphabet.length());
                int c = alphabet.codePointAt(at);
                if (Character.isLowSurrogate(alphabet.charAt(at))) {
                    continue;
                }
                sb.appendCodePoint(c);
            }
            String text = sb.toString();
            SmsPdu.Submit s = SmsPdu.submit("+64211234567", text);
            var d = SmsPduDecoder.decodeSubmit(s.hex());
            assertThat(d.text())
                    .as("round trip of %s", text)
                    .isEqualTo(s.fitted().text());
            assertThat(d.tpduLength()).isEqualTo(s.tpduLength());
            if (!s.fitted().truncated()) {
                assertThat(s.fitted().text()).isEqualTo(text);
            }
            if (s.fitted().coding() == Coding.GSM7) {
                assertThat(Gsm7.septetCount(s.fitted().text())).isLessThanOrEqualTo(160);
            } else {
                assertThat(s.fitted().text().length()).isLessThanOrEqualTo(70);
            }
        }
    }

    @Test
    void malformedPdusAreRejectedWithAReason() {
        assertThatThrownBy(() -> SmsPduDecoder.decodeSubmit("0011")).hasMessageContaining("ends early");
        assertThatThrownBy(() -> SmsPduDecoder.decodeSubmit("zz")).hasMessageContaining("not a hex PDU");
        assertThatThrownBy(() -> SmsPduDecoder.decodeSubmit("0004")).hasMessageContaining("not an SMS-SUBMIT");
    }

    private static Fitted gsm(String text) {
        return new Fitted(text, Coding.GSM7, false);
    }

    private static Fitted ucs2(String text) {
        return new Fitted(text, Coding.UCS2, false);
    }
}
