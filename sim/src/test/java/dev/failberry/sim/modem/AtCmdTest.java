package dev.failberry.sim.modem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.sim.modem.AtCmd.Op;
import org.junit.jupiter.api.Test;

class AtCmdTest {

    @Test
    void basicCommandsConcatenate() {
        assertThat(AtCmd.parseLine("ATE0V1X4&C1"))
                .containsExactly(
                        new AtCmd("E", Op.EXEC, "0"), new AtCmd("V", Op.EXEC, "1"),
                        new AtCmd("X", Op.EXEC, "4"), new AtCmd("&C", Op.EXEC, "1"));
    }

    @Test
    void extendedCommandsChainWithSemicolonsAndAfterBasicOnes() {
        assertThat(AtCmd.parseLine("ate0+cpms?"))
                .containsExactly(new AtCmd("E", Op.EXEC, "0"), new AtCmd("+CPMS", Op.QUERY, ""));
        assertThat(AtCmd.parseLine("AT+CMEE=1;+CREG=2;+CGDCONT=?"))
                .containsExactly(
                        new AtCmd("+CMEE", Op.SET, "1"),
                        new AtCmd("+CREG", Op.SET, "2"),
                        new AtCmd("+CGDCONT", Op.TEST, ""));
    }

    @Test
    void quotedSemicolonsStayInTheArgument() {
        AtCmd c = AtCmd.parseLine("AT+CGDCONT=1,\"IP\",\"a;b\"").get(0);
        assertThat(c.params()).containsExactly("1", "IP", "a;b");
    }

    @Test
    void dialTakesTheRestOfTheLine() {
        assertThat(AtCmd.parseLine("ATD*99***1#")).containsExactly(new AtCmd("D", Op.EXEC, "*99***1#"));
    }

    @Test
    void vendorCommandsAndRegisters() {
        assertThat(AtCmd.parseLine("AT^RESET")).containsExactly(new AtCmd("^RESET", Op.EXEC, ""));
        assertThat(AtCmd.parseLine("ATS0=0")).containsExactly(new AtCmd("S0", Op.SET, "0"));
        assertThat(AtCmd.parseLine("AT")).isEmpty();
        assertThat(AtCmd.parseLine("HELLO")).isNull();
    }

    @Test
    void iccidIsNibbleSwappedWithFPadding() {
        assertThat(GsmCommands.swapNibbles("8944200053671052499")).isEqualTo("984402003576012594F9");
    }
}
