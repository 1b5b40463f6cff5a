package dev.failberry.modem.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every parser must answer garbage, truncated and huge input with {@link Parsed.Failed}, never an
 * exception. Shared junk is run through every parser; each parser also gets inputs that look
 * almost right for it, several of them real replies meant for a different parser.
 */
class AdversarialInputTest {

    private static final String HUGE = "+CSQ: " + "9".repeat(200_000) + ",99";
    private static final String LONG_LINE = "+CREG: 2,1,\"" + "A".repeat(4000) + "\",\"1\"";

    private static final Map<String, Function<String, Parsed<?>>> PARSERS = Map.ofEntries(
            Map.entry("csq", SignalParsers::csq),
            Map.entry("cesq", SignalParsers::cesq),
            Map.entry("cops", OperatorParser::copsQuery),
            Map.entry("creg", RegistrationParser::parse),
            Map.entry("cpin", SimParser::cpin),
            Map.entry("cme", SimParser::cmeError),
            Map.entry("iccid", IccidParser::iccid),
            Map.entry("ati", IdentityParser::ati),
            Map.entry("value", IdentityParser::value),
            Map.entry("imei", IdentityParser::imei),
            Map.entry("imsi", IdentityParser::imsi),
            Map.entry("cfun", FunctionalityParser::cfun),
            Map.entry("rssi", HuaweiParsers::rssi),
            Map.entry("mode", HuaweiParsers::mode),
            Map.entry("sysinfo", HuaweiParsers::sysinfo),
            Map.entry("sysinfoex", HuaweiParsers::sysinfoex),
            Map.entry("dsflowrpt", HuaweiParsers::dsflowrpt),
            Map.entry("zpas", ZteParsers::zpas),
            Map.entry("zpasr", ZteParsers::zpasr));

    /** Junk no parser may accept (cgdcont is separate: an empty reply is a valid empty list). */
    private static final List<String> SHARED_JUNK = List.of(
            "\u0000",
            "\r\n\r\n",
            "   ",
            "\uFFFD\uFFFD\uFFFD",
            "\u0007\u0008\u001b[2J",
            "+",
            ":",
            ",,,,",
            "\"",
            HUGE,
            LONG_LINE);

    static Stream<Arguments> sharedJunk() {
        List<Arguments> out = new ArrayList<>();
        PARSERS.forEach((name, parser) -> {
            out.add(arguments(named(name + "_null", parser), null));
            out.add(arguments(named(name + "_empty", parser), ""));
            for (int i = 0; i < SHARED_JUNK.size(); i++) {
                out.add(arguments(named(name + "_junk_" + i, parser), SHARED_JUNK.get(i)));
            }
        });
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedJunk")
    void sharedJunkFailsEveryParser(Function<String, Parsed<?>> parser, String input) {
        assertFailsQuietly(parser, input);
    }

    static Stream<Arguments> nearMisses() {
        return Stream.of(
                a("csq", SignalParsers::csq, "+CSQ: 17"),
                a("csq", SignalParsers::csq, "+CSQ: 17,99,3"),
                a("csq", SignalParsers::csq, "+CSQ: 40,99"),
                a("csq", SignalParsers::csq, "+CSQ: -1,99"),
                a("csq", SignalParsers::csq, "+CSQ: 17,8"),
                a("csq", SignalParsers::csq, "+CSQ: 99999999999999999999,99"),
                a("csq", SignalParsers::csq, "17,99"),
                a("cesq", SignalParsers::cesq, "+CESQ: 99,99,255,255,20"),
                a("cesq", SignalParsers::cesq, "+CESQ: 99,99,255,255,20,800"),
                a(
                        "cops",
                        OperatorParser::copsQuery,
                        "+COPS: (1,\"\",\"\",\"31026\",0),(1,\"\",\"\",\"310410\",2),(1,\"\",\"\",\"310410\",0),,(0,1,3,4),(0,1,2)"),
                a("cops", OperatorParser::copsQuery, "+COPS: 0,0,\"vodafone ES"),
                a("cops", OperatorParser::copsQuery, "+COPS: 7,0,\"x\""),
                a("cops", OperatorParser::copsQuery, "+COPS: 0,,\"orphan\""),
                a("cops", OperatorParser::copsQuery, "+COPS: 0,0,\"x\",LTE"),
                a("creg", RegistrationParser::parse, "+CREG:"),
                a("creg", RegistrationParser::parse, "+CREG: ,1"),
                a("creg", RegistrationParser::parse, "+CREG: 9,1"),
                a("creg", RegistrationParser::parse, "+CREG: 1,x"),
                a("creg", RegistrationParser::parse, "+CREG: 2,1,\"8BE3"),
                a("creg", RegistrationParser::parse, "+CSQ: 17,99"),
                a("cpin", SimParser::cpin, "+CPIN: MAYBE"),
                a("cpin", SimParser::cpin, "+CPIN:"),
                a("cme", SimParser::cmeError, "+CME ERROR:"),
                a("cme", SimParser::cmeError, "+CME ERROR: 99999999999999"),
                a("cme", SimParser::cmeError, "hello modem"),
                a("iccid", IccidParser::iccid, "+CRSM: 144,0"),
                a("iccid", IccidParser::iccid, "^ICCID: 8944200053671052499F00"),
                a("ati", IdentityParser::ati, "\nMD300\n"),
                a("ati", IdentityParser::ati, "\nNokia\n"),
                a("imei", IdentityParser::imei, "\n0x3B0C4B98\n"),
                a("imei", IdentityParser::imei, "+CME ERROR: 10 is not an imei"),
                a("imsi", IdentityParser::imsi, "23420120136640912345"),
                a("cfun", FunctionalityParser::cfun, "+CFUN: ON"),
                a("cfun", FunctionalityParser::cfun, "+CFUN: 256"),
                a("rssi", HuaweiParsers::rssi, "^RSSI:"),
                a("rssi", HuaweiParsers::rssi, "^RSSI:50"),
                a("mode", HuaweiParsers::mode, "^MODE:5,x"),
                a("sysinfo", HuaweiParsers::sysinfo, "^SYSINFO:2,4,5"),
                a("sysinfoex", HuaweiParsers::sysinfoex, "^SYSINFOEX:2,4,5,1,,3,WCDMA"),
                // a real capture from a Huawei command reference, where the PDF extraction split a field
                a(
                        "dsflowrpt",
                        HuaweiParsers::dsflowrpt,
                        "^DSFLOWRPT:00002406,00000000,00000000,00000000000A D023,00000000002FA192,0003E800,0003E800"),
                a("dsflowrpt", HuaweiParsers::dsflowrpt, "^DSFLOWRPT:000004EA,00000000,00000000"),
                a("dsflowrpt", HuaweiParsers::dsflowrpt, "^DSFLOWRPT:FFFFFFFFFFFFFFFFF,0,0,0,0,0,0"),
                a("zpas", ZteParsers::zpas, "+ZPAS: \"GPRS\",\"CS_PS\",\"extra\""),
                a("zpasr", ZteParsers::zpasr, "+ZPASR: \"\""),
                a("cgdcont", PdpParsers::cgdcont, "+CGDCONT: (1-11),\"IP\",,,(0-2),(0-3)"),
                a("cgdcont", PdpParsers::cgdcont, "+CGDCONT: 0,\"IP\",\"apn\""),
                a("cgdcont", PdpParsers::cgdcont, "+CGDCONT: 1"),
                a("cgdcont", PdpParsers::cgdcont, "+CGDCONT: 1,\"IP\",\"apn\"\r\ngarbage"),
                a("cgdcont", PdpParsers::cgdcont, null),
                a("cgdcont", PdpParsers::cgdcont, HUGE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nearMisses")
    void nearMissesFail(Function<String, Parsed<?>> parser, String input) {
        assertFailsQuietly(parser, input);
    }

    private static void assertFailsQuietly(Function<String, Parsed<?>> parser, String input) {
        Parsed<?>[] result = new Parsed<?>[1];
        assertThatCode(() -> result[0] = parser.apply(input)).doesNotThrowAnyException();
        assertThat(result[0]).isInstanceOf(Parsed.Failed.class);
        Parsed.Failed<?> failed = (Parsed.Failed<?>) result[0];
        assertThat(failed.reason()).isNotBlank();
        assertThat(failed.input().length()).isLessThanOrEqualTo(Parsed.MAX_INPUT_EXCERPT + 30);
    }

    private static Arguments a(String name, Function<String, Parsed<?>> parser, String input) {
        String label = input == null ? "null" : input.length() > 40 ? input.substring(0, 40) + "..." : input;
        return arguments(named(name + ": " + label, parser), input);
    }
}
