package dev.failberry.modem.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PdpAndFunctionalityTest {

    static Stream<Arguments> cgdcontReplies() {
        return Stream.of(
                arguments(
                        named("nokia_cgdcont_no_apn", "+CGDCONT: 1,\"IP\",,,0,0"),
                        List.of(new PdpContext(1, "IP", null))),
                arguments(
                        named(
                                "samsung_cgdcont_three_contexts",
                                "+CGDCONT: 1,\"IP\",\"nate.sktelecom.com\",\"\",0,0\r\n"
                                        + "+CGDCONT: 2,\"IP\",\"epc.tmobile.com\",\"\",0,0\r\n"
                                        + "+CGDCONT: 3,\"IP\",\"MAXROAM.com\",\"\",0,0\r\n"),
                        List.of(
                                new PdpContext(1, "IP", "nate.sktelecom.com"),
                                new PdpContext(2, "IP", "epc.tmobile.com"),
                                new PdpContext(3, "IP", "MAXROAM.com"))),
                arguments(
                        named(
                                "simcom_cgdcont_three_fields_only",
                                "+CGDCONT: 1,\"IP\",\"nate.sktelecom.com\"\r\n"
                                        + "+CGDCONT: 2,\"IP\",\"epc.tmobile.com\"\r\n"
                                        + "+CGDCONT: 3,\"IP\",\"MAXROAM.com\"\r\n"),
                        List.of(
                                new PdpContext(1, "IP", "nate.sktelecom.com"),
                                new PdpContext(2, "IP", "epc.tmobile.com"),
                                new PdpContext(3, "IP", "MAXROAM.com"))),
                arguments(
                        named("cwmodem_huawei_cgdcont_swisscom", "+CGDCONT: 1,\"IP\",\"gprs.swisscom.ch\",\"\",0,0"),
                        List.of(new PdpContext(1, "IP", "gprs.swisscom.ch"))),
                arguments(named("synthetic_no_contexts_defined", ""), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cgdcontReplies")
    void parsesCgdcont(String reply, List<PdpContext> expected) {
        assertThat(PdpParsers.cgdcont(reply).value()).isEqualTo(expected);
    }

    @Test
    void rejectsTheRangeListOfCgdcontTest() {
        assertThat(PdpParsers.cgdcont("+CGDCONT: (1-11),\"IP\",,,(0-2),(0-3)")).isInstanceOf(Parsed.Failed.class);
    }

    /** From ModemManager's CFUN query tables (no device named there). */
    static Stream<Arguments> cfunReplies() {
        return Stream.of(
                arguments(named("generic_cfun_1", "+CFUN: 1"), 1, "full functionality", false),
                arguments(named("generic_cfun_1_with_rst", "+CFUN: 1,0"), 1, "full functionality", false),
                arguments(named("generic_cfun_0", "+CFUN: 0"), 0, "minimum functionality", true),
                arguments(named("generic_cfun_0_with_rst", "+CFUN: 0,0"), 0, "minimum functionality", true),
                arguments(named("generic_cfun_4_low_power", "+CFUN: 4"), 4, "RF disabled (airplane mode)", true),
                arguments(named("generic_cfun_4_with_rst", "+CFUN: 4,0"), 4, "RF disabled (airplane mode)", true),
                arguments(named("generic_cfun_19_vendor", "+CFUN: 19"), 19, "vendor-specific level 19", false),
                arguments(named("generic_cfun_19_with_rst", "+CFUN: 19,0"), 19, "vendor-specific level 19", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cfunReplies")
    void parsesCfun(String reply, int level, String meaning, boolean radioOff) {
        Functionality f = FunctionalityParser.cfun(reply).value();

        assertThat(f.level()).isEqualTo(level);
        assertThat(f.meaning()).isEqualTo(meaning);
        assertThat(f.isRadioOff()).isEqualTo(radioOff);
        assertThat(f.isFull()).isEqualTo(level == 1);
    }
}
