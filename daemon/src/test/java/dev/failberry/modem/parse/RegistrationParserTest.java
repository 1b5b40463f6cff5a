package dev.failberry.modem.parse;

import static dev.failberry.modem.parse.AccessTechnology.EDGE;
import static dev.failberry.modem.parse.AccessTechnology.GSM;
import static dev.failberry.modem.parse.AccessTechnology.LTE;
import static dev.failberry.modem.parse.AccessTechnology.NR;
import static dev.failberry.modem.parse.AccessTechnology.UMTS;
import static dev.failberry.modem.parse.AccessTechnology.UNKNOWN;
import static dev.failberry.modem.parse.Registration.Domain.CS;
import static dev.failberry.modem.parse.Registration.Domain.EPS;
import static dev.failberry.modem.parse.Registration.Domain.FIVE_GS;
import static dev.failberry.modem.parse.Registration.Domain.PS;
import static dev.failberry.modem.parse.RegistrationState.ATTACHED_RLOS;
import static dev.failberry.modem.parse.RegistrationState.DENIED;
import static dev.failberry.modem.parse.RegistrationState.HOME;
import static dev.failberry.modem.parse.RegistrationState.HOME_SMS_ONLY;
import static dev.failberry.modem.parse.RegistrationState.IDLE;
import static dev.failberry.modem.parse.RegistrationState.ROAMING;
import static dev.failberry.modem.parse.RegistrationState.ROAMING_CSFB_NOT_PREFERRED;
import static dev.failberry.modem.parse.RegistrationState.SEARCHING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Registration lines captured from real modems, as collected in ModemManager's
 * {@code src/tests/test-modem-helpers.c} (device names from its test names; "generic" where the
 * test names no device). URC captures keep their {@code \r\n} framing.
 */
class RegistrationParserTest {

    private static final boolean URC = true;
    private static final boolean QUERY = false;

    static Stream<Arguments> captures() {
        return Stream.of(
                c("generic_creg1_solicited", "+CREG: 1,3", CS, DENIED, null, null, UNKNOWN, QUERY),
                c("generic_creg1_unsolicited", "\r\n+CREG: 3\r\n", CS, DENIED, null, null, UNKNOWN, URC),
                c(
                        "generic_creg1_unsolicited_stat_11",
                        "\r\n+CREG: 11\r\n",
                        CS,
                        ATTACHED_RLOS,
                        null,
                        null,
                        UNKNOWN,
                        URC),
                c(
                        "sierra_mercury_creg2_solicited",
                        "+CREG: 1,1,84CD,00D30173",
                        CS,
                        HOME,
                        "84CD",
                        "D30173",
                        UNKNOWN,
                        QUERY),
                c(
                        "sierra_mercury_creg2_unsolicited",
                        "\r\n+CREG: 1,84CD,00D30156\r\n",
                        CS,
                        HOME,
                        "84CD",
                        "D30156",
                        UNKNOWN,
                        URC),
                c(
                        "generic_creg2_unsolicited_stat_11",
                        "\r\n+CREG: 11,\"33FE\",\"a3fb477\"\r\n",
                        CS,
                        ATTACHED_RLOS,
                        "33FE",
                        "A3FB477",
                        UNKNOWN,
                        URC),
                c(
                        "sonyericsson_k850i_creg2_solicited",
                        "+CREG: 2,1,\"CE00\",\"01CEAD8F\"",
                        CS,
                        HOME,
                        "CE00",
                        "1CEAD8F",
                        UNKNOWN,
                        QUERY),
                c(
                        "sonyericsson_k850i_creg2_unsolicited",
                        "\r\n+CREG: 1,\"CE00\",\"00005449\"\r\n",
                        CS,
                        HOME,
                        "CE00",
                        "5449",
                        UNKNOWN,
                        URC),
                c("huawei_e160g_creg2_solicited_unregistered", "+CREG: 2,0,00,0", CS, IDLE, "0", "0", UNKNOWN, QUERY),
                c("huawei_e160g_creg2_solicited", "+CREG: 2,1,8BE3,2BAF", CS, HOME, "8BE3", "2BAF", UNKNOWN, QUERY),
                c(
                        "huawei_e160g_creg2_unsolicited",
                        "\r\n+CREG: 1,8BE3,2BAF\r\n",
                        CS,
                        HOME,
                        "8BE3",
                        "2BAF",
                        UNKNOWN,
                        URC),
                c(
                        "sonyericsson_tm506_creg2_solicited",
                        "+CREG: 2,1,\"8BE3\",\"00002BAF\"",
                        CS,
                        HOME,
                        "8BE3",
                        "2BAF",
                        UNKNOWN,
                        QUERY),
                c(
                        "novatel_xu870_creg2_unsolicited_empty_fields",
                        "\r\n+CREG: 2,,\r\n",
                        CS,
                        SEARCHING,
                        null,
                        null,
                        UNKNOWN,
                        URC),
                c(
                        "iridium_creg2_solicited_zero_padded",
                        "+CREG:002,001,\"18d8\",\"ffff\"",
                        CS,
                        HOME,
                        "18D8",
                        "FFFF",
                        UNKNOWN,
                        QUERY),
                c(
                        "generic_creg2_solicited_no_leading_zeros",
                        "+CREG:2,1,0001,0010",
                        CS,
                        HOME,
                        "1",
                        "10",
                        UNKNOWN,
                        QUERY),
                c(
                        "generic_creg2_solicited_leading_zeros",
                        "+CREG:002,001,\"0001\",\"0010\"",
                        CS,
                        HOME,
                        "1",
                        "10",
                        UNKNOWN,
                        QUERY),
                c(
                        "generic_creg2_unsolicited_unquoted_with_act",
                        "\r\n+CREG: 1,0001,0010,0\r\n",
                        CS,
                        HOME,
                        "1",
                        "10",
                        GSM,
                        URC),
                c(
                        "generic_creg2_unsolicited_zero_padded",
                        "\r\n+CREG: 001,\"0001\",\"0010\",000\r\n",
                        CS,
                        HOME,
                        "1",
                        "10",
                        GSM,
                        URC),
                c(
                        "generic_creg2_unsolicited_stat_10_unquoted",
                        "\r\n+CREG: 10,0001,0010,0\r\n",
                        CS,
                        ROAMING_CSFB_NOT_PREFERRED,
                        "1",
                        "10",
                        GSM,
                        URC),
                c(
                        "generic_creg2_unsolicited_stat_0011",
                        "\r\n+CREG: 0011,\"0001\",\"0010\",000\r\n",
                        CS,
                        ATTACHED_RLOS,
                        "1",
                        "10",
                        GSM,
                        URC),
                c(
                        "ublox_toby_l2_creg2_solicited_lte",
                        "\r\n+CREG: 2,6,\"8B37\",\"0A265185\",7\r\n",
                        CS,
                        HOME_SMS_ONLY,
                        "8B37",
                        "A265185",
                        LTE,
                        QUERY),
                c(
                        "ublox_toby_l2_creg2_unsolicited_lte",
                        "\r\n+CREG: 6,\"8B37\",\"0A265185\",7\r\n",
                        CS,
                        HOME_SMS_ONLY,
                        "8B37",
                        "A265185",
                        LTE,
                        URC),
                c("generic_cgreg1_solicited", "+CGREG: 1,3", PS, DENIED, null, null, UNKNOWN, QUERY),
                c("generic_cgreg1_unsolicited", "\r\n+CGREG: 3\r\n", PS, DENIED, null, null, UNKNOWN, URC),
                c(
                        "ericsson_f3607gw_cgreg2_solicited",
                        "+CGREG: 2,1,\"8BE3\",\"00002B5D\",3",
                        PS,
                        HOME,
                        "8BE3",
                        "2B5D",
                        EDGE,
                        QUERY),
                c(
                        "ericsson_f3607gw_cgreg2_unsolicited",
                        "\r\n+CGREG: 1,\"8BE3\",\"00002B5D\",3\r\n",
                        PS,
                        HOME,
                        "8BE3",
                        "2B5D",
                        EDGE,
                        URC),
                c(
                        "sonyericsson_md400_creg2_urc_in_query_layout",
                        "\r\n+CREG: 2,5,\"0502\",\"0404736D\"\r\n",
                        CS,
                        ROAMING,
                        "502",
                        "404736D",
                        UNKNOWN,
                        QUERY),
                c(
                        "sonyericsson_md400_cgreg2_unsolicited",
                        "\r\n+CGREG: 5,\"0502\",\"0404736D\",2\r\n",
                        PS,
                        ROAMING,
                        "502",
                        "404736D",
                        UMTS,
                        URC),
                c(
                        "alcatel_x220d_cgreg2_spaces",
                        "\r\n+CGREG: 2,1, 81ED, 1A9CEB\r\n",
                        PS,
                        HOME,
                        "81ED",
                        "1A9CEB",
                        UNKNOWN,
                        QUERY),
                c(
                        "samsung_s8500_wave_creg2_extra_fields",
                        "\r\n+CREG: 2,1,000B,2816, B, C2816\r\n",
                        CS,
                        HOME,
                        "B",
                        "2816",
                        UNKNOWN,
                        QUERY),
                c(
                        "samsung_s8500_wave_creg2_stat_11",
                        "\r\n+CREG: 2,11,003F,8FE3, B, C2816\r\n",
                        CS,
                        ATTACHED_RLOS,
                        "3F",
                        "8FE3",
                        UNKNOWN,
                        QUERY),
                c(
                        "qualcomm_gobi1000_creg2_space_inside_lac",
                        "\r\n+CREG: 2,1,  0 5, 2715\r\n",
                        CS,
                        HOME,
                        null,
                        "2715",
                        UNKNOWN,
                        QUERY),
                c(
                        "generic_cgreg2_unsolicited_with_rac",
                        "\r\n+CGREG: 1,\"1422\",\"00000142\",3,\"00\"\r\n",
                        PS,
                        HOME,
                        "1422",
                        "142",
                        EDGE,
                        URC),
                c(
                        "generic_cgreg2_unsolicited_with_rac_stat_11",
                        "\r\n+CGREG: 11,\"B092\",\"00000697\",3,\"00\"\r\n",
                        PS,
                        ATTACHED_RLOS,
                        "B092",
                        "697",
                        EDGE,
                        URC),
                c(
                        "generic_cgreg2_solicited_lowercase_hex",
                        "+CGREG:2,10,ebbd,f025",
                        PS,
                        ROAMING_CSFB_NOT_PREFERRED,
                        "EBBD",
                        "F025",
                        UNKNOWN,
                        QUERY),
                c(
                        "generic_cgreg2_solicited_zero_padded_stat",
                        "+CGREG:002,0011,\"0f0d\",\"14c3\"",
                        PS,
                        ATTACHED_RLOS,
                        "F0D",
                        "14C3",
                        UNKNOWN,
                        QUERY),
                c("generic_cereg1_solicited", "+CEREG: 1,3", EPS, DENIED, null, null, UNKNOWN, QUERY),
                c("generic_cereg1_unsolicited", "\r\n+CEREG: 3\r\n", EPS, DENIED, null, null, UNKNOWN, URC),
                c(
                        "generic_cereg2_solicited_spaces",
                        "\r\n+CEREG: 2,1, 1F00, 79D903 ,7\r\n",
                        EPS,
                        HOME,
                        "1F00",
                        "79D903",
                        LTE,
                        QUERY),
                c(
                        "generic_cereg2_unsolicited_spaces",
                        "\r\n+CEREG: 1, 1F00, 79D903 ,7\r\n",
                        EPS,
                        HOME,
                        "1F00",
                        "79D903",
                        LTE,
                        URC),
                c(
                        "generic_cereg2_solicited_stat_10",
                        "\r\n+CEREG: 2,10,\"8d83\",\"671f98a\",7\r\n",
                        EPS,
                        ROAMING_CSFB_NOT_PREFERRED,
                        "8D83",
                        "671F98A",
                        LTE,
                        QUERY),
                c(
                        "generic_cereg2_solicited_with_rac",
                        "\r\n+CEREG: 2,10, 2CA8, 20 ,B5583D ,7\r\n",
                        EPS,
                        ROAMING_CSFB_NOT_PREFERRED,
                        "2CA8",
                        "B5583D",
                        LTE,
                        QUERY),
                c(
                        "generic_cereg2_unsolicited_with_rac",
                        "\r\n+CEREG: 11, 78FE, 20 ,14419E ,7\r\n",
                        EPS,
                        ATTACHED_RLOS,
                        "78FE",
                        "14419E",
                        LTE,
                        URC),
                c(
                        "altair_lte_cereg2_solicited",
                        "\r\n+CEREG: 1, 2, 0001, 00000100, 7\r\n",
                        EPS,
                        SEARCHING,
                        "1",
                        "100",
                        LTE,
                        QUERY),
                c(
                        "altair_lte_cereg2_unsolicited",
                        "\r\n+CEREG: 2, 0001, 00000100, 7\r\n",
                        EPS,
                        SEARCHING,
                        "1",
                        "100",
                        LTE,
                        URC),
                c(
                        "novatel_e362_cereg2_solicited_with_rac",
                        "\r\n+CEREG: 2,1, 1F00, 20 ,79D903 ,7\r\n",
                        EPS,
                        HOME,
                        "1F00",
                        "79D903",
                        LTE,
                        QUERY),
                c(
                        "novatel_e362_cereg2_unsolicited_with_rac",
                        "\r\n+CEREG: 1, 1F00, 20 ,79D903 ,7\r\n",
                        EPS,
                        HOME,
                        "1F00",
                        "79D903",
                        LTE,
                        URC),
                c(
                        "thuraya_cgreg2_solicited_spaced_quotes",
                        "+CGREG: 2, 1, \"0426\", \"F00F\"",
                        PS,
                        HOME,
                        "426",
                        "F00F",
                        UNKNOWN,
                        QUERY),
                c(
                        "thuraya_cgreg2_unsolicited_spaced_quotes",
                        "\r\n+CGREG: 1, \"0426\", \"F00F\"\r\n",
                        PS,
                        HOME,
                        "426",
                        "F00F",
                        UNKNOWN,
                        URC),
                c("generic_c5greg1_solicited", "+C5GREG: 1,3", FIVE_GS, DENIED, null, null, UNKNOWN, QUERY),
                c(
                        "generic_c5greg1_solicited_stat_10",
                        "\r\n+C5GREG: 1, 10\r\n",
                        FIVE_GS,
                        ROAMING_CSFB_NOT_PREFERRED,
                        null,
                        null,
                        UNKNOWN,
                        QUERY),
                c("generic_c5greg1_unsolicited", "\r\n+C5GREG: 3\r\n", FIVE_GS, DENIED, null, null, UNKNOWN, URC),
                c(
                        "generic_c5greg2_solicited_nr",
                        "+C5GREG: 2,1,1F00,79D903,11,6,ABCDEF",
                        FIVE_GS,
                        HOME,
                        "1F00",
                        "79D903",
                        NR,
                        QUERY),
                c(
                        "generic_c5greg2_unsolicited_nr",
                        "\r\n+C5GREG: 1,1F00,79D903,11,6,ABCDEF\r\n",
                        FIVE_GS,
                        HOME,
                        "1F00",
                        "79D903",
                        NR,
                        URC),
                c(
                        "mm_canned_gsm_port_creg2_solicited",
                        "+CREG: 2,1,\"1234\",\"001122BB\"",
                        CS,
                        HOME,
                        "1234",
                        "1122BB",
                        UNKNOWN,
                        QUERY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void parsesCapturedRegistrationLines(String line, Registration expected) {
        assertThat(RegistrationParser.parse(line).value()).isEqualTo(expected);
    }

    @Test
    void parsesBothLinesOfAMultiUrcBlock() {
        Parsed<List<Registration>> all = RegistrationParser.parseAll(List.of("", "+CREG: 5", "", "+CGREG: 0", ""));

        assertThat(all.value())
                .containsExactly(
                        new Registration(CS, ROAMING, null, null, UNKNOWN, URC),
                        new Registration(PS, IDLE, null, null, UNKNOWN, URC));
    }

    @Test
    void statAboveElevenIsUnknownNotAFailure() {
        assertThat(RegistrationParser.parse("+CREG: 2,12").value().state()).isEqualTo(RegistrationState.UNKNOWN);
    }

    @Test
    void registeredMeansUserDataCanFlow() {
        assertThat(RegistrationState.HOME_SMS_ONLY.isRegistered()).isTrue();
        assertThat(RegistrationState.ROAMING_CSFB_NOT_PREFERRED.isRoaming()).isTrue();
        assertThat(RegistrationState.EMERGENCY_ONLY.isRegistered()).isFalse();
        assertThat(RegistrationState.ATTACHED_RLOS.isRegistered()).isFalse();
        assertThat(RegistrationState.SEARCHING.isRegistered()).isFalse();
        assertThat(RegistrationState.fromCode(7).simplified()).isEqualTo(ROAMING);
    }

    private static Arguments c(
            String name,
            String line,
            Registration.Domain domain,
            RegistrationState state,
            String lac,
            String ci,
            AccessTechnology act,
            boolean unsolicited) {
        return arguments(named(name, line), new Registration(domain, state, lac, ci, act, unsolicited));
    }
}
