package dev.failberry.modem.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OperatorParserTest {

    static Stream<Arguments> captures() {
        return Stream.of(
                arguments(
                        named("generic_cops_query_long_name", "+COPS: 1,0,\"CHINA MOBILE\""),
                        new OperatorInfo(1, 0, "CHINA MOBILE", AccessTechnology.UNKNOWN)),
                arguments(
                        named("generic_cops_query_long_name_lte", "+COPS: 1,0,\"CHINA MOBILE\",7"),
                        new OperatorInfo(1, 0, "CHINA MOBILE", AccessTechnology.LTE)),
                arguments(
                        named("generic_cops_query_numeric", "+COPS: 1,2,\"46000\""),
                        new OperatorInfo(1, 2, "46000", AccessTechnology.UNKNOWN)),
                arguments(
                        named("generic_cops_query_numeric_lte", "+COPS: 1,2,\"46000\",7"),
                        new OperatorInfo(1, 2, "46000", AccessTechnology.LTE)),
                arguments(
                        named("zte_zm9000_cops_nr", "+COPS: 0,0,\"CHINA MOBILE CMCC\",11"),
                        new OperatorInfo(0, 0, "CHINA MOBILE CMCC", AccessTechnology.NR)),
                arguments(
                        named("mm_canned_gsm_port_cops_numeric_utran", "\r\n+COPS: 0,2,\"21401\",2\r\n"),
                        new OperatorInfo(0, 2, "21401", AccessTechnology.UMTS)),
                arguments(
                        named("mm_canned_gsm_port_cops_long", "+COPS: 0,0,\"vodafone ES\""),
                        new OperatorInfo(0, 0, "vodafone ES", AccessTechnology.UNKNOWN)),
                arguments(
                        named("spec_unregistered_bare_cops", "+COPS: 0"),
                        new OperatorInfo(0, null, null, AccessTechnology.UNKNOWN)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void parsesCopsQuery(String reply, OperatorInfo expected) {
        OperatorInfo info = OperatorParser.copsQuery(reply).value();

        assertThat(info).isEqualTo(expected);
        assertThat(info.hasOperator()).isEqualTo(expected.operator() != null);
        assertThat(info.isNumeric()).isEqualTo(Integer.valueOf(2).equals(expected.format()));
    }
}
