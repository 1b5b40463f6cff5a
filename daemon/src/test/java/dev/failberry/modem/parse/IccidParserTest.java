package dev.failberry.modem.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ICCID values from ModemManager's ICCID tests, wrapped in the reply forms that carry them. */
class IccidParserTest {

    static Stream<Arguments> replies() {
        return Stream.of(
                arguments(
                        named("mm_iccid_swapped_19_digits_in_crsm_reply", "+CRSM: 144,0,\"984402003576012594F9\""),
                        "8944200053671052499"),
                arguments(
                        named("mm_iccid_swapped_20_digits_in_unquoted_crsm_reply", "+CRSM: 144,0,98231420326409614067"),
                        "89324102234690160476"),
                arguments(
                        named("mm_iccid_quoted_swapped_19_digits_bare", "\"984402003576012594F9\""),
                        "8944200053671052499"),
                arguments(
                        named("mm_iccid_unswapped_trailing_f_as_huawei_iccid", "^ICCID: 8944200053671052499F"),
                        "8944200053671052499"),
                arguments(
                        named("mm_iccid_unswapped_19_digits_as_ublox_ccid", "+CCID: 8944200053671052499"),
                        "8944200053671052499"),
                arguments(
                        named("mm_iccid_quoted_20_digits_as_plus_iccid", "+ICCID: \"89324102234690160476\""),
                        "89324102234690160476"),
                arguments(
                        named("mm_iccid_cmcc_hex_account_digits", "\"898602F9091830030220\""), "898602F9091830030220"),
                arguments(
                        named("mm_iccid_cmcc_hex_account_digits_2_as_ublox_ccid", "+CCID: \"898602C0123456789012\""),
                        "898602C0123456789012"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void parsesIccid(String reply, String expected) {
        assertThat(IccidParser.iccid(reply).value()).isEqualTo(expected);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments(named("mm_iccid_too_short", "982314203264096")),
                arguments(named("mm_iccid_invalid_chars", "98231420326pl9614067")),
                arguments(named("mm_iccid_quoted_invalid_mii", "\"0044200053671052499\"")),
                arguments(named("mm_iccid_unquoted_invalid_mii", "0044200053671052499")),
                arguments(named("synthetic_crsm_sim_error_status", "+CRSM: 106,130,\"\"")),
                arguments(named("synthetic_swapped_but_19_digits", "9844020035760125949")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectsMalformedIccid(String reply) {
        assertThat(IccidParser.iccid(reply)).isInstanceOf(Parsed.Failed.class);
    }
}
