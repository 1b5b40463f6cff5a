package dev.failberry.modem.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Remaining SIM attempts. Sources: {@code +CPINR} as captured from a Pycom FiPy (Sequans Monarch modem,
 * {@code AT+CPINR} with all four codes) in a public Pycom test script, the unquoted form without default
 * counts from a public modem-library test, and the grammar of 3GPP TS 27.007 8.65 (quoted code). Huawei
 * {@code ^CPIN} from garronej/at-messages-parser's tests (captured from Huawei E-series sticks), a public
 * transcript of a Huawei stick with PIN2 blocked, the MC509 AT reference's short form, and the ^CPIN
 * counter order of ModemManager's Huawei plugin (load_unlock_retries: PUK, PIN, PUK2, PIN2).
 */
class PinRetriesParserTest {

    static Stream<Arguments> cpinr() {
        return Stream.of(
                arguments(
                        named(
                                "sequans_monarch_fipy_cpinr_all_codes",
                                "+CPINR: SIM PIN,3,3\n+CPINR: SIM PUK,10,10\n+CPINR: SIM PIN2,3,3\n+CPINR: SIM PUK2,10,10"),
                        new PinRetries(3, 10, 3, 10)),
                arguments(
                        named("modem_library_test_cpinr_unquoted_no_default", "+CPINR: SIM PIN,3\n+CPINR: SIM PUK,10"),
                        new PinRetries(3, 10, null, null)),
                arguments(
                        named("spec_27007_cpinr_quoted_one_left", "+CPINR: \"SIM PIN\",1,3"),
                        new PinRetries(1, null, null, null)),
                arguments(
                        named(
                                "spec_27007_cpinr_ph_lock_skipped",
                                "+CPINR: \"PH-NET PIN\",5,5\n+CPINR: \"SIM PIN\",2,3"),
                        new PinRetries(2, null, null, null)),
                arguments(
                        named("sequans_monarch_pin_blocked", "+CPINR: SIM PIN,0,3\n+CPINR: SIM PUK,9,10"),
                        new PinRetries(0, 9, null, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cpinr")
    void parsesCpinr(String reply, PinRetries expected) {
        assertThat(PinRetriesParser.cpinr(reply).value()).isEqualTo(expected);
        assertThat(PinRetriesParser.any(List.of(reply.split("\n"))).value()).isEqualTo(expected);
    }

    static Stream<Arguments> huawei() {
        return Stream.of(
                arguments(
                        named("at_messages_parser_huawei_sim_pin", "^CPIN: SIM PIN,3,10,3,10,3"),
                        new PinRetries(3, 10, 3, 10)),
                arguments(
                        named("at_messages_parser_huawei_ready", "^CPIN: READY,,10,3,10,3"),
                        new PinRetries(3, 10, 3, 10)),
                arguments(
                        named("huawei_stick_transcript_pin2_blocked", "^CPIN: READY,,10,3,10,0"),
                        new PinRetries(3, 10, 0, 10)),
                arguments(
                        named("huawei_firmware_times_minus_one", "^CPIN: READY,-1,10,3,10,3"),
                        new PinRetries(3, 10, 3, 10)),
                arguments(
                        named("huawei_mc509_reference_short_form", "^CPIN: SIM PIN,2,10,2"),
                        new PinRetries(2, 10, null, null)),
                arguments(
                        named("huawei_sim_puk_after_three_wrong_pins", "^CPIN: SIM PUK,10,10,0,10,3"),
                        new PinRetries(0, 10, 3, 10)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("huawei")
    void parsesHuaweiCpin(String reply, PinRetries expected) {
        assertThat(PinRetriesParser.huaweiCpin(reply).value()).isEqualTo(expected);
        assertThat(PinRetriesParser.any(List.of(reply)).value()).isEqualTo(expected);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments("+CPINR: x"),
                arguments("+CPINR: SIM PIN,abc"),
                arguments("+CPINR: SIM PIN,300"),
                arguments("+CPINR: SIM PIN,1,2,3,4"),
                arguments("+CPINR: \"PH-NET PIN\",5,5"),
                arguments("OK"),
                arguments("^CPIN: SIM PIN,3"),
                arguments("^CPIN: SIM PIN,3,x,3,10,3"),
                arguments("^CPIN: ,,10,3,10,3"),
                arguments(""));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("rejected")
    void rejectsWhatIsNotACount(String reply) {
        assertThat(PinRetriesParser.any(List.of(reply)).isOk()).isFalse();
    }
}
