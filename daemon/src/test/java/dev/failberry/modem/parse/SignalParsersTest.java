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

class SignalParsersTest {

    /** name, reply, rssi index, ber, dBm (null = unknown), percent. */
    static Stream<Arguments> csqCaptures() {
        return Stream.of(
                arguments(named("zte_mf627_csq", "+CSQ: 12,99"), 12, 99, -89, 38),
                arguments(named("zte_zm9000_csq_no_signal", "+CSQ: 99,99"), 99, 99, null, 0),
                arguments(named("mm_canned_gsm_port_csq", "\r\n+CSQ: 17,99\r\n"), 17, 99, -79, 54),
                arguments(named("synthetic_boundary_csq_31_no_space", "+CSQ:31,0"), 31, 0, -51, 100),
                arguments(named("synthetic_boundary_csq_0_means_at_most_minus_113", "+CSQ: 0,7"), 0, 7, -113, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("csqCaptures")
    void parsesCsq(String reply, int rssi, int ber, Integer dbm, int percent) {
        SignalQuality q = SignalParsers.csq(reply).value();

        assertThat(q).isEqualTo(new SignalQuality(rssi, ber, dbm));
        assertThat(q.percent()).isEqualTo(percent);
        assertThat(q.isKnown()).isEqualTo(dbm != null);
    }

    @Test
    void csqTakesTheInformationLinesOfAReply() {
        assertThat(SignalParsers.csq(List.of("+CSQ: 17,99")).value().rssiDbm()).isEqualTo(-79);
    }

    /** Replies from ModemManager's test-modem-helpers.c CESQ table: name, reply, raw six, dBm/dB five. */
    static Stream<Arguments> cesqCaptures() {
        return Stream.of(
                arguments(
                        named("generic_cesq_lte_only", "+CESQ: 99,99,255,255,20,80"),
                        new ExtendedSignalQuality(99, 99, 255, 255, 20, 80),
                        null,
                        null,
                        null,
                        -10.0,
                        -61.0),
                arguments(
                        named("generic_cesq_umts_only", "+CESQ: 99,99,95,40,255,255"),
                        new ExtendedSignalQuality(99, 99, 95, 40, 255, 255),
                        null,
                        -26.0,
                        -4.5,
                        null,
                        null),
                arguments(
                        named("generic_cesq_gsm_only", "+CESQ: 10,6,255,255,255,255"),
                        new ExtendedSignalQuality(10, 6, 255, 255, 255, 255),
                        -101.0,
                        null,
                        null,
                        null,
                        null),
                arguments(
                        named("generic_cesq_gsm_only_no_space", "+CESQ:10,6,255,255,255,255"),
                        new ExtendedSignalQuality(10, 6, 255, 255, 255, 255),
                        -101.0,
                        null,
                        null,
                        null,
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cesqCaptures")
    void parsesCesq(
            String reply, ExtendedSignalQuality raw, Double rssi, Double rscp, Double ecno, Double rsrq, Double rsrp) {
        ExtendedSignalQuality q = SignalParsers.cesq(reply).value();

        assertThat(q).isEqualTo(raw);
        assertThat(q.rssiDbm()).isEqualTo(rssi);
        assertThat(q.rscpDbm()).isEqualTo(rscp);
        assertThat(q.ecnoDb()).isEqualTo(ecno);
        assertThat(q.rsrqDb()).isEqualTo(rsrq);
        assertThat(q.rsrpDbm()).isEqualTo(rsrp);
        assertThat(q.hasLte()).isEqualTo(rsrp != null);
        assertThat(q.hasUmts()).isEqualTo(rscp != null);
        assertThat(q.hasGsm()).isEqualTo(rssi != null);
    }
}
