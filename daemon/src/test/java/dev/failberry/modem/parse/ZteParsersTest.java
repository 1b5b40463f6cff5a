package dev.failberry.modem.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ZteParsersTest {

    static Stream<Arguments> zpas() {
        return Stream.of(
                arguments(
                        named("zte_mf626_zpas_gprs_edge", "+ZPAS: \"GPRS/EDGE\",\"CS_ONLY\""),
                        new ZteNetworkMode("GPRS/EDGE", "CS_ONLY", AccessTechnology.EDGE)),
                arguments(
                        named("zte_mf627_zpas_hsdpa", "+ZPAS: \"HSDPA\",\"CS_PS\""),
                        new ZteNetworkMode("HSDPA", "CS_PS", AccessTechnology.HSDPA)),
                arguments(
                        named("zte_mf627_zpas_3g", "+ZPAS: \"3G\",\"CS_PS\""),
                        new ZteNetworkMode("3G", "CS_PS", AccessTechnology.UMTS)),
                arguments(
                        named("cwmodem_zte_zpas_gprs", "+ZPAS: \"GPRS\",\"CS_PS\""),
                        new ZteNetworkMode("GPRS", "CS_PS", AccessTechnology.GPRS)),
                arguments(
                        named("zte_zm9000_zpas_nr_sa", "+ZPAS: \"NR5G-SA\",\"PS_ONLY\""),
                        new ZteNetworkMode("NR5G-SA", "PS_ONLY", AccessTechnology.NR)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zpas")
    void parsesZpas(String reply, ZteNetworkMode expected) {
        ZteNetworkMode m = ZteParsers.zpas(reply).value();

        assertThat(m).isEqualTo(expected);
        assertThat(m.hasService()).isTrue();
    }

    static Stream<Arguments> zpasr() {
        return Stream.of(
                arguments(
                        named("research_notes_zte_zpasr_umts", "\r\n+ZPASR: \"UMTS\"\r\n"),
                        new ZteNetworkMode("UMTS", null, AccessTechnology.UMTS)),
                arguments(
                        named("synthetic_zpasr_no_service", "+ZPASR: \"No Service\""),
                        new ZteNetworkMode("No Service", null, AccessTechnology.UNKNOWN)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zpasr")
    void parsesZpasr(String line, ZteNetworkMode expected) {
        ZteNetworkMode m = ZteParsers.zpasr(line).value();

        assertThat(m).isEqualTo(expected);
        assertThat(m.hasService()).isEqualTo(expected.act() != AccessTechnology.UNKNOWN);
    }
}
