package dev.failberry.modem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.modem.AtResponseParser.Discarded;
import dev.failberry.modem.AtResponseParser.Event;
import dev.failberry.modem.AtResponseParser.Overflow;
import dev.failberry.modem.AtResponseParser.Reply;
import dev.failberry.modem.AtResponseParser.Urc;
import dev.failberry.modem.AtResult.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AtResponseParserTest {

    private final AtResponseParser parser = new AtResponseParser(UrcRegistry.standard(), 64);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private List<Event> run(String command, String wire) {
        parser.begin(command);
        return parser.feed(b(wire));
    }

    private static Reply reply(List<Event> events) {
        List<Reply> r = events.stream()
                .filter(Reply.class::isInstance)
                .map(Reply.class::cast)
                .toList();
        assertThat(r).as("exactly one reply in %s", events).hasSize(1);
        return r.get(0);
    }

    private static List<String> urcs(List<Event> events) {
        return events.stream()
                .filter(Urc.class::isInstance)
                .map(e -> ((Urc) e).line())
                .toList();
    }

    @Test
    void echoOnHuaweiE1550Csq() {
        Reply r = reply(run("AT+CSQ", "AT+CSQ\r\r\n+CSQ: 17,99\r\n\r\nOK\r\n"));
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.lines()).containsExactly("+CSQ: 17,99");
        assertThat(r.raw()).containsExactly("AT+CSQ", "+CSQ: 17,99", "OK");
    }

    @Test
    void echoOffPlainFraming() {
        Reply r = reply(run("AT+CGMM", "\r\nE1550\r\n\r\nOK\r\n"));
        assertThat(r.lines()).containsExactly("E1550");
    }

    @Test
    void multiLineAtiFromHuaweiE1550() {
        Reply r = reply(run(
                "ATI",
                "ATI\r\r\nManufacturer: huawei\r\nModel: E1550\r\nRevision: 11.608.09.01.21\r\n"
                        + "IMEI: 235012412595195\r\n+GCAP: +CGSM,+FCLASS,+DS\r\n\r\nOK\r\n"));
        assertThat(r.lines())
                .containsExactly(
                        "Manufacturer: huawei",
                        "Model: E1550",
                        "Revision: 11.608.09.01.21",
                        "IMEI: 235012412595195",
                        "+GCAP: +CGSM,+FCLASS,+DS");
    }

    @Test
    void replySplitAcrossManyReadsByteByByte() {
        parser.begin("AT+CGMI");
        List<Event> all = new ArrayList<>();
        for (byte x : b("AT+CGMI\r\r\nhuawei\r\n\r\nOK\r\n")) {
            all.addAll(parser.feed(new byte[] {x}));
        }
        assertThat(reply(all).lines()).containsExactly("huawei");
    }

    @Test
    void leadingNulsAndGarbageBytesAreDropped() {
        Reply r = reply(run("AT+CSQ", "\0\0\u00ff\u00fe\u0001AT+CSQ\r\0\r\r\n\u0080+CSQ: 9,99\r\r\n\r\r\nOK\r\r\n"));
        assertThat(r.lines()).containsExactly("+CSQ: 9,99");
        assertThat(r.status()).isEqualTo(Status.OK);
    }

    @Test
    void garbagePrefixedEchoIsStillEcho() {
        Reply r = reply(run("AT+CGMI", "xx#AT+CGMI\r\r\nZTE INCORPORATED\r\n\r\nOK\r\n"));
        assertThat(r.lines()).containsExactly("ZTE INCORPORATED");
    }

    @Test
    void urcBetweenInformationLineAndOkIsRoutedAndRemoved() {
        List<Event> ev = run("AT+CSQ", "\r\n+CSQ: 17,99\r\n\r\n^RSSI:17\r\n\r\n+ZUSIMR:2\r\n\r\nOK\r\n");
        assertThat(reply(ev).lines()).containsExactly("+CSQ: 17,99");
        assertThat(urcs(ev)).containsExactly("^RSSI:17", "+ZUSIMR:2");
    }

    @Test
    void registrationUrcDuringAnotherCommandIsOnlyAUrc() {
        List<Event> ev =
                run("AT+COPS?", "\r\n+COPS: 0,0,\"vodafone ES\",2\r\n\r\n+CREG: 1,\"1F00\",\"79D903\",7\r\n\r\nOK\r\n");
        assertThat(reply(ev).lines()).containsExactly("+COPS: 0,0,\"vodafone ES\",2");
        assertThat(ev).contains(new Urc("+CREG: 1,\"1F00\",\"79D903\",7", false));
    }

    @Test
    void solicitedCregStaysInReplyAndIsAlsoRouted() {
        List<Event> ev = run("AT+CREG?", "\r\n+CREG: 2,1,\"1234\",\"001122BB\"\r\n\r\nOK\r\n");
        assertThat(reply(ev).lines()).containsExactly("+CREG: 2,1,\"1234\",\"001122BB\"");
        assertThat(ev).contains(new Urc("+CREG: 2,1,\"1234\",\"001122BB\"", true));
    }

    @Test
    void cgregLineIsNotTakenAsTheAnswerToCreg() {
        List<Event> ev = run("AT+CREG?", "\r\n+CGREG: 5\r\n\r\n+CREG: 0,5\r\n\r\nOK\r\n");
        assertThat(reply(ev).lines()).containsExactly("+CREG: 0,5");
        assertThat(urcs(ev)).containsExactly("+CGREG: 5", "+CREG: 0,5");
    }

    @Test
    void urcWithNoCommandInFlight() {
        List<Event> ev =
                parser.feed(b("\r\n^BOOT:35323129,0,0,0,26\r\n\r\nRING\r\n\r\n+ZEND\r\n\r\n+CMTI: \"SM\",3\r\n"));
        assertThat(urcs(ev)).containsExactly("^BOOT:35323129,0,0,0,26", "RING", "+ZEND", "+CMTI: \"SM\",3");
    }

    @Test
    void vendorPrefixCanBeAdded() {
        UrcRegistry reg = UrcRegistry.standard().add("+QIND:");
        AtResponseParser p = new AtResponseParser(reg);
        p.begin("AT");
        List<Event> ev = p.feed(b("\r\n+QIND: SMS DONE\r\n\r\nOK\r\n"));
        assertThat(urcs(ev)).containsExactly("+QIND: SMS DONE");
        assertThat(reply(ev).lines()).isEmpty();
    }

    @Test
    void overLongLineIsDiscardedAndReportedOnceWithoutGrowingTheBuffer() {
        String longLine = "X".repeat(500);
        List<Event> ev = run("AT+CGMR", "\r\n" + longLine + "\r\n11.608\r\n\r\nOK\r\n");
        assertThat(ev).contains(new Overflow(500));
        assertThat(reply(ev).lines()).containsExactly("11.608");
    }

    @Test
    void lateReplyAfterTimeoutIsNotTakenForTheNextCommand() {
        parser.begin("AT+CSQ");
        assertThat(parser.feed(b("AT+CSQ\r"))).isEmpty();
        parser.abort(); // timed out
        List<Event> late = parser.feed(b("\r\n+CSQ: 17,99\r\n\r\nOK\r\n"));
        assertThat(late).allMatch(Discarded.class::isInstance).hasSize(2);
        Reply r = reply(run("AT+CGMI", "\r\nhuawei\r\n\r\nOK\r\n"));
        assertThat(r.lines()).containsExactly("huawei");
    }

    @Test
    void lateReplyArrivingAfterTheNextCommandWasSentIsSkipped() {
        parser.begin("AT+CSQ");
        parser.abort();
        List<Event> ev = run("AT", "\r\n+CSQ: 17,99\r\n\r\nOK\r\n");
        assertThat(ev).noneMatch(Reply.class::isInstance);
        assertThat(parser.owedFinals()).isZero();
        Reply r = reply(parser.feed(b("\r\nOK\r\n")));
        assertThat(r.lines()).isEmpty();
        assertThat(r.status()).isEqualTo(Status.OK);
    }

    @Test
    void linesWithNothingInFlightAreDiscarded() {
        assertThat(parser.feed(b("\r\nOK\r\n"))).containsExactly(new Discarded("OK", "no command in flight"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "OK                               | OK          |      |                          |",
                "ERROR                            | ERROR       |      |                          |",
                "COMMAND NOT SUPPORT              | ERROR       |      |                          |",
                "+CME ERROR: 10                   | CME_ERROR   | 10   | 10                       |",
                "+CME ERROR: SIM not inserted     | CME_ERROR   |      | SIM not inserted         |",
                "+CME ERROR: raspberry            | CME_ERROR   |      | raspberry                |",
                "+CMS ERROR: 500                  | CMS_ERROR   | 500  | 500                      |",
                "+CMS ERROR: bananas              | CMS_ERROR   |      | bananas                  |",
                "MODEM ERROR: 5                   | ERROR       | 5    | 5                        |",
                "CONNECT                          | CONNECT     |      |                          |",
                "CONNECT 7200000                  | CONNECT     |      |                          | 7200000",
                "NO CARRIER                       | NO_CARRIER  |      |                          |",
                "BUSY                             | BUSY        |      |                          |",
                "NO ANSWER                        | NO_ANSWER   |      |                          |",
                "NO DIALTONE                      | NO_DIALTONE |      |                          |",
            })
    void finalResultCodes(String line, Status status, Integer code, String text, String rate) {
        Reply r = reply(run("ATX", "\r\n" + line + "\r\n"));
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.errorCode()).isEqualTo(code);
        assertThat(r.errorText()).isEqualTo(text);
        assertThat(r.connectRate()).isEqualTo(rate);
    }

    @Test
    void cmeErrorWithNothingAfterTheColonIsNotFinal() {
        List<Event> ev = run("AT+CPIN?", "\r\n+CME ERROR:\r\n");
        assertThat(ev).noneMatch(Reply.class::isInstance);
        Reply r = reply(parser.feed(b("\r\n+CME ERROR: 10\r\n")));
        assertThat(r.status()).isEqualTo(Status.CME_ERROR);
        assertThat(r.errorCode()).isEqualTo(10);
        assertThat(r.lines()).containsExactly("+CME ERROR:");
    }

    @Test
    void cmeErrorWithASpaceAfterTheColonIsFinal() {
        assertThat(reply(run("AT+CPIN?", "\r\n+CME ERROR: \r\n")).status()).isEqualTo(Status.CME_ERROR);
    }

    @ParameterizedTest(name = "V0 {0} -> {1}")
    @CsvSource({"0,OK", "1,CONNECT", "3,NO_CARRIER", "4,ERROR", "6,NO_DIALTONE", "7,BUSY", "8,NO_ANSWER"})
    void bareNumericV0Codes(String code, Status status) {
        assertThat(reply(run("ATZ", "ATZ\r" + code + "\r")).status()).isEqualTo(status);
    }

    @Test
    void v0InformationThenNumericOk() {
        Reply r = reply(run("AT+CSQ", "+CSQ: 17,99\r\n0\r"));
        assertThat(r.lines()).containsExactly("+CSQ: 17,99");
        assertThat(r.status()).isEqualTo(Status.OK);
    }

    @Test
    void multiDigitNumbersAreInformationNotResultCodes() {
        Reply r = reply(run("AT+CGSN", "\r\n235012412595195\r\n\r\nOK\r\n"));
        assertThat(r.lines()).containsExactly("235012412595195");
    }
}
