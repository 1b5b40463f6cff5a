package dev.failberry.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.modem.parse.AccessTechnology;
import dev.failberry.modem.parse.DataFlowReport;
import dev.failberry.modem.parse.ExtendedSignalQuality;
import dev.failberry.modem.parse.Functionality;
import dev.failberry.modem.parse.FunctionalityParser;
import dev.failberry.modem.parse.HuaweiMode;
import dev.failberry.modem.parse.HuaweiParsers;
import dev.failberry.modem.parse.HuaweiSysInfo;
import dev.failberry.modem.parse.IccidParser;
import dev.failberry.modem.parse.IdentityParser;
import dev.failberry.modem.parse.ModemIdentity;
import dev.failberry.modem.parse.OperatorInfo;
import dev.failberry.modem.parse.OperatorParser;
import dev.failberry.modem.parse.Parsed;
import dev.failberry.modem.parse.PdpContext;
import dev.failberry.modem.parse.PdpParsers;
import dev.failberry.modem.parse.Registration;
import dev.failberry.modem.parse.RegistrationParser;
import dev.failberry.modem.parse.RegistrationState;
import dev.failberry.modem.parse.SignalParsers;
import dev.failberry.modem.parse.SignalQuality;
import dev.failberry.modem.parse.SimParser;
import dev.failberry.modem.parse.SimState;
import dev.failberry.modem.parse.ZteNetworkMode;
import dev.failberry.modem.parse.ZteParsers;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Every public parser in {@code dev.failberry.modem.parse} gets random strings and mutations of valid
 * replies (all parsers see every input, so each also gets the others' replies): none throws, every
 * outcome is {@link Parsed.Ok} or {@link Parsed.Failed} with a reason and a bounded excerpt, and what
 * they accept is consistent with the ranges their records document.
 */
@AddLifecycleHook(FuzzCampaign.class)
class ModemParserFuzzTest {

    /** Valid replies, as the parser tests and the modem simulator have them. */
    static final List<String> CORPUS = List.of(
            "+CSQ: 17,99",
            "+CSQ:31,0",
            "+CSQ: 99,99",
            "+CSQ: 0,7",
            "+CESQ: 10,6,255,255,255,255",
            "+CESQ: 99,99,95,40,255,255",
            "+CESQ: 99,99,255,255,20,80",
            "+COPS: 0,0,\"vodafone ES\",2",
            "+COPS: 0",
            "+COPS: 1,2,\"21401\",7",
            "+COPS: 0,,\"\"",
            "+CREG: 2,1,\"1234\",\"001122BB\"",
            "+CREG: 1,1,84CD,00D30173",
            "+CREG: 5",
            "+CGREG:002,0011,\"0001\",\"0010\"",
            "+CEREG: 2,1, 1F00, 20 ,79D903 ,7",
            "+C5GREG: 2,1,1F00,79D903,11,6,ABCDEF",
            "+CGREG: 2,1, 81ED, 1A9CEB",
            "+CPIN: READY",
            "+CPIN: SIM PIN",
            "+CPIN: PH-NET PIN",
            "+CME ERROR: 10",
            "+CME ERROR: SIM not inserted",
            "+CME ERROR: SIM PIN required",
            "+CME ERROR: 14",
            "SIM busy",
            "+CCID: 8944200053671052499",
            "89324102234690160476",
            "898602C0123456789012",
            "^ICCID: 98231420326409614067",
            "+CRSM: 144,0,98231420326409614067",
            "+CRSM: 144,0,\"98231420326409614067\"",
            "Manufacturer: huawei\nModel: E1550\nRevision: 11.608.09.01.21\nIMEI: 235012412595195\n+GCAP: +CGSM,+FCLASS,+DS",
            "Manufacturer: ZTE CORPORATION\nModel: ZM9000\n",
            "\nManufacturer: +GMI: LG Electronics Inc.\n",
            "ZTE CORPORATION",
            "+CGMM: \"E1550\"",
            "11.608.09.01.21",
            "+CGSN: 123456789012345",
            "235012412595195",
            "123456789012345,SN12345",
            "+CIMI: 214011234567890",
            "214011234567890",
            "+CFUN: 1",
            "+CFUN: 4,0",
            "+CFUN: 0",
            "^RSSI:17",
            "^RSSI: 99",
            "^MODE:5,4",
            "^MODE:3",
            "^SYSINFO:2,3,0,5,1,,4",
            "^SYSINFO:2,3,0,5,1",
            "^SYSINFOEX:2,3,0,1,,3,\"WCDMA\",41,\"WCDMA\"",
            "^SYSINFOEX:2,3,0,1,,6,LTE,101,LTE",
            "^DSFLOWRPT:00000D2A,00000000,00000000,0000000000021E10,0000000000081D1A,0003E800,0003E800",
            "+ZPAS: \"LTE\",\"PS_ONLY\"",
            "+ZPAS: UMTS,CS_PS",
            "+ZPASR: \"UMTS\"",
            "+ZPASR: LTE",
            "+CGDCONT: 1,\"IP\",\"internet\",\"0.0.0.0\",0,0\n+CGDCONT: 2,\"IPV4V6\",\"\"",
            "+CGDCONT: 3,\"IPV6\"",
            "");

    @Provide
    Arbitrary<String> inputs() {
        return TextMutator.around(CORPUS);
    }

    @Property(tries = 3000, seed = "8100")
    void noParserThrowsAndWhatTheyAcceptIsConsistent(@ForAll("inputs") String input) {
        List<String> lines = Arrays.asList(input.split("\r?\n", -1));

        check(input, SignalParsers::csq, ModemParserFuzzTest::csq);
        check(lines, SignalParsers::csq, ModemParserFuzzTest::csq);
        check(input, HuaweiParsers::rssi, ModemParserFuzzTest::csq);
        check(input, SignalParsers::cesq, ModemParserFuzzTest::cesq);
        check(lines, SignalParsers::cesq, ModemParserFuzzTest::cesq);
        check(input, OperatorParser::copsQuery, ModemParserFuzzTest::cops);
        check(lines, OperatorParser::copsQuery, ModemParserFuzzTest::cops);
        check(input, RegistrationParser::parse, ModemParserFuzzTest::registration);
        check(lines, RegistrationParser::parseAll, regs -> {
            assertThat(regs).isNotEmpty();
            regs.forEach(ModemParserFuzzTest::registration);
        });
        check(input, SimParser::cpin, ModemParserFuzzTest::sim);
        check(lines, SimParser::cpin, ModemParserFuzzTest::sim);
        check(input, SimParser::cmeError, ModemParserFuzzTest::sim);
        check(input, IccidParser::iccid, ModemParserFuzzTest::iccid);
        check(lines, IccidParser::iccid, ModemParserFuzzTest::iccid);
        check(input, IdentityParser::ati, ModemParserFuzzTest::identity);
        check(lines, IdentityParser::ati, ModemParserFuzzTest::identity);
        check(input, IdentityParser::value, ModemParserFuzzTest::value);
        check(lines, IdentityParser::value, ModemParserFuzzTest::value);
        check(input, IdentityParser::imei, v -> assertThat(v).matches("\\d{14,16}"));
        check(lines, IdentityParser::imei, v -> assertThat(v).matches("\\d{14,16}"));
        check(input, IdentityParser::imsi, v -> assertThat(v).matches("\\d{6,15}"));
        check(lines, IdentityParser::imsi, v -> assertThat(v).matches("\\d{6,15}"));
        check(input, FunctionalityParser::cfun, ModemParserFuzzTest::cfun);
        check(lines, FunctionalityParser::cfun, ModemParserFuzzTest::cfun);
        check(input, HuaweiParsers::mode, ModemParserFuzzTest::mode);
        check(input, HuaweiParsers::sysinfo, ModemParserFuzzTest::sysinfo);
        check(input, HuaweiParsers::sysinfoex, ModemParserFuzzTest::sysinfo);
        check(input, HuaweiParsers::dsflowrpt, ModemParserFuzzTest::flow);
        check(input, ZteParsers::zpas, ModemParserFuzzTest::zte);
        check(input, ZteParsers::zpasr, ModemParserFuzzTest::zte);
        check(input, PdpParsers::cgdcont, ModemParserFuzzTest::pdp);
        check(lines, PdpParsers::cgdcont, ModemParserFuzzTest::pdp);
    }

    @Property(tries = 200, seed = "8101")
    void codeTablesMapEveryNumber(@ForAll int code) {
        assertThat(AccessTechnology.fromAct(code)).isNotNull();
        assertThat(RegistrationState.fromCode(code)).isNotNull();
        SimState s = SimParser.fromCmeCode(code);
        assertThat(s == SimState.UNKNOWN || s.cmeError() == code).isTrue();
    }

    @Property(tries = 300, seed = "8102")
    void accessTechnologyNamesNeverThrow(@ForAll("inputs") String name) {
        assertThat(AccessTechnology.fromName(name)).isNotNull();
    }

    // ---------------------------------------------------------------- checks

    private static <I, T> void check(I input, Function<I, Parsed<T>> parser, java.util.function.Consumer<T> ok) {
        Parsed<T> p = parser.apply(input);
        assertThat(p).as("outcome for %s", input).isNotNull();
        if (p instanceof Parsed.Ok<T> o) {
            assertThat(o.value()).isNotNull();
            ok.accept(o.value());
        } else {
            Parsed.Failed<T> f = (Parsed.Failed<T>) p;
            assertThat(f.reason()).isNotBlank();
            assertThat(f.input().length()).isLessThanOrEqualTo(Parsed.MAX_INPUT_EXCERPT + 20);
            assertThat(p.failureReason()).isEqualTo(f.reason());
        }
    }

    private static void csq(SignalQuality q) {
        assertThat(q.rssiIndex()).satisfiesAnyOf(i -> assertThat(i).isBetween(0, 31), i -> assertThat(i)
                .isEqualTo(99));
        assertThat(q.ber()).satisfiesAnyOf(i -> assertThat(i).isBetween(0, 7), i -> assertThat(i)
                .isEqualTo(99));
        if (q.isKnown()) {
            assertThat(q.rssiDbm()).isBetween(-113, -51).isEqualTo(-113 + 2 * q.rssiIndex());
        } else {
            assertThat(q.rssiDbm()).isNull();
        }
        assertThat(q.percent()).isBetween(0, 100);
    }

    private static void cesq(ExtendedSignalQuality q) {
        for (int v : new int[] {q.rxlev(), q.ber(), q.rscp(), q.ecno(), q.rsrq(), q.rsrp()}) {
            assertThat(v).isBetween(0, 255);
        }
        within(q.rssiDbm(), -111, -48);
        within(q.rscpDbm(), -121, -25);
        within(q.ecnoDb(), -24.5, 0);
        within(q.rsrqDb(), -20, -3);
        within(q.rsrpDbm(), -141, -44);
    }

    private static void within(Double v, double min, double max) {
        if (v != null) {
            assertThat(v).isBetween(min, max);
        }
    }

    private static void cops(OperatorInfo o) {
        assertThat(o.mode()).isBetween(0, 4);
        if (o.format() != null) {
            assertThat(o.format()).isBetween(0, 2);
        }
        assertThat(o.act()).isNotNull();
    }

    private static void registration(Registration r) {
        assertThat(r.domain()).isNotNull();
        assertThat(r.state()).isNotNull();
        assertThat(r.act()).isNotNull();
        for (String hex : new String[] {r.lac(), r.cellId()}) {
            if (hex != null) {
                assertThat(hex).matches("[0-9A-F]+").doesNotStartWith("00");
            }
        }
    }

    private static void sim(SimState s) {
        assertThat(s).isNotNull();
    }

    private static void iccid(String v) {
        assertThat(v).hasSizeBetween(19, 20).startsWith("89").matches("[0-9A-F]+");
    }

    private static void identity(ModemIdentity id) {
        assertThat(id.manufacturer() != null || id.model() != null).isTrue();
        if (id.imei() != null) {
            assertThat(id.imei()).matches("\\d{14,16}");
        }
    }

    private static void value(String v) {
        assertThat(v).isNotBlank();
        assertThat(v.chars().noneMatch(c -> c < 0x20 || c == 0x7f))
                .as("no control characters in %s", v)
                .isTrue();
    }

    private static void cfun(Functionality f) {
        assertThat(f.level()).isBetween(0, 255);
        assertThat(f.meaning()).isNotNull();
    }

    private static void mode(HuaweiMode m) {
        assertThat(m.act()).isNotNull();
        assertThat(m.sysMode()).isNotNegative();
    }

    private static void sysinfo(HuaweiSysInfo s) {
        assertThat(s.act()).isNotNull();
        assertThat(s.serviceStatus()).isNotNegative();
    }

    private static void flow(DataFlowReport f) {
        assertThat(f.connected().isNegative()).isFalse();
        for (long v : new long[] {f.txRate(), f.rxRate(), f.txBytes(), f.rxBytes(), f.qosTxRate(), f.qosRxRate()}) {
            assertThat(v).isNotNegative();
        }
    }

    private static void zte(ZteNetworkMode z) {
        assertThat(z.network()).isNotNull();
        assertThat(z.act()).isNotNull();
    }

    private static void pdp(List<PdpContext> l) {
        for (PdpContext c : l) {
            assertThat(c.cid()).isNotNegative();
            assertThat(c.type()).isNotNull().isUpperCase();
            if (c.apn() != null) {
                assertThat(c.apn()).isNotEmpty();
            }
        }
    }
}
