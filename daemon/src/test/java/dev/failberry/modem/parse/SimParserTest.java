package dev.failberry.modem.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SimParserTest {

    static Stream<Arguments> cpinReplies() {
        return Stream.of(
                arguments(named("zte_zm9000_cpin_ready", "+CPIN: READY"), SimState.READY),
                arguments(named("generic_cpin_sim_pin", "+CPIN: SIM PIN"), SimState.SIM_PIN),
                arguments(named("generic_cpin_sim_puk2", "+CPIN: SIM PUK2"), SimState.SIM_PUK2),
                arguments(named("generic_cpin_no_prefix_sim_puk", "   SIM PUK"), SimState.SIM_PUK),
                arguments(named("generic_cpin_no_prefix_sim_puk2", "   SIM PUK2"), SimState.SIM_PUK2),
                arguments(named("motorola_ezx_cpin_quoted", "+CPIN: \"SIM PIN\""), SimState.SIM_PIN),
                arguments(named("generic_cpin_ph_net_pin", "+CPIN: PH-NET PIN"), SimState.PH_NET_PIN),
                arguments(named("generic_cpin_cme_100_unknown", "+CME ERROR: 100"), SimState.UNKNOWN),
                arguments(named("spec_cmee1_sim_not_inserted", "+CME ERROR: 10"), SimState.NOT_INSERTED),
                arguments(named("spec_cmee2_sim_not_inserted", "+CME ERROR: SIM not inserted"), SimState.NOT_INSERTED),
                arguments(named("spec_cmee1_sim_failure", "+CME ERROR: 13"), SimState.FAILURE),
                arguments(named("spec_cmee1_sim_busy", "+CME ERROR: 14"), SimState.BUSY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cpinReplies")
    void parsesCpin(String reply, SimState expected) {
        assertThat(SimParser.cpin(reply).value()).isEqualTo(expected);
    }

    static Stream<Arguments> cmeErrors() {
        return Stream.of(
                arguments("+CME ERROR: 10", SimState.NOT_INSERTED),
                arguments("10", SimState.NOT_INSERTED),
                arguments("+CME ERROR: 11", SimState.SIM_PIN),
                arguments("+CME ERROR: 12", SimState.SIM_PUK),
                arguments("+CME ERROR: 13", SimState.FAILURE),
                arguments("+CME ERROR: 14", SimState.BUSY),
                arguments("+CME ERROR: 15", SimState.WRONG),
                arguments("+CME ERROR: 30", SimState.UNKNOWN),
                arguments("+CME ERROR: SIM not inserted", SimState.NOT_INSERTED),
                arguments("SIM busy", SimState.BUSY),
                arguments("+CME ERROR: SIM failure", SimState.FAILURE),
                arguments("+CME ERROR: SIM PIN required", SimState.SIM_PIN),
                arguments("+CME ERROR: PH-SIM PIN required", SimState.PH_SIM_PIN),
                arguments("+CME ERROR: network personalization PIN required", SimState.PH_NET_PIN),
                arguments("+CME ERROR: no network service", SimState.UNKNOWN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cmeErrors")
    void mapsCmeErrors(String error, SimState expected) {
        assertThat(SimParser.cmeError(error).value()).isEqualTo(expected);
    }

    @Test
    void permanentStatesAreTheOnesModemManagerGivesUpOn() {
        assertThat(SimState.NOT_INSERTED.isPermanent()).isTrue();
        assertThat(SimState.FAILURE.isPermanent()).isTrue();
        assertThat(SimState.WRONG.isPermanent()).isTrue();
        assertThat(SimState.BUSY.isPermanent()).isFalse();
        assertThat(SimState.SIM_PIN.needsCode()).isTrue();
        assertThat(SimState.READY.needsCode()).isFalse();
        assertThat(SimParser.fromCmeCode(17)).isEqualTo(SimState.SIM_PIN2);
    }
}
