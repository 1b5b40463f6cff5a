package dev.failberry.ppp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** pppd's exact log lines (format strings from pppd's sources, see research/modem-ppp.md §4). */
class PppdOutputParserTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("pppd 2.4.9 started by root, uid 0", new PppdEvent.Started("2.4.9")),
                Arguments.of("Serial connection established.", new PppdEvent.SerialConnected()),
                Arguments.of("Connect script failed", new PppdEvent.ConnectScriptFailed()),
                Arguments.of("Using interface ppp0", new PppdEvent.UsingInterface("ppp0")),
                Arguments.of("Connect: ppp0 <--> /dev/ttyUSB0", new PppdEvent.Connect("ppp0", "/dev/ttyUSB0")),
                Arguments.of("local  IP address 100.72.13.5", new PppdEvent.LocalIp("100.72.13.5")),
                Arguments.of("remote IP address 10.64.64.64", new PppdEvent.RemoteIp("10.64.64.64")),
                Arguments.of("primary   DNS address 194.25.0.60", new PppdEvent.Dns(true, "194.25.0.60")),
                Arguments.of("secondary DNS address 194.25.0.68", new PppdEvent.Dns(false, "194.25.0.68")),
                Arguments.of("Modem hangup", new PppdEvent.ModemHangup()),
                Arguments.of("LCP terminated by peer", new PppdEvent.LcpTerminatedByPeer()),
                Arguments.of("No response to 3 echo-requests", new PppdEvent.EchoTimeout(3)),
                Arguments.of("Serial link appears to be disconnected.", new PppdEvent.LinkDisconnected()),
                Arguments.of("Connection terminated.", new PppdEvent.ConnectionTerminated()),
                Arguments.of("Connect time 39.7 minutes.", new PppdEvent.ConnectTime(Duration.ofSeconds(2382))),
                Arguments.of("Connect time 0.1 minutes.", new PppdEvent.ConnectTime(Duration.ofSeconds(6))),
                Arguments.of(
                        "Sent 1234 bytes, received 98765432109 bytes.", new PppdEvent.ByteCounts(1234, 98765432109L)),
                Arguments.of("Terminating on signal 15", new PppdEvent.TerminatingOnSignal(15)),
                Arguments.of("Terminating on signal 2.", new PppdEvent.TerminatingOnSignal(2)),
                Arguments.of("Hangup (SIGHUP)", new PppdEvent.HangupSignal()),
                Arguments.of("Exit.", new PppdEvent.Exit()),
                // CRLF and trailing blanks as seen when a tty echoes into the log
                Arguments.of("local  IP address 10.1.2.3\r", new PppdEvent.LocalIp("10.1.2.3")),
                Arguments.of("local IP address 10.1.2.3", new PppdEvent.LocalIp("10.1.2.3")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void mapsPppdLines(String line, PppdEvent expected) {
        assertThat(PppdOutputParser.parse(line)).contains(expected);
    }

    /** Found by TextParserFuzzTest: these overflowed a long and came out as a negative connect time. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "Connect time 5712245173371987196.7 minutes.",
                "Connect time 922337203685477580.7 minutes.",
                "Connect time 153722867280912931.0 minutes."
            })
    void absurdConnectTimesAreIgnoredNotNegative(String line) {
        assertThat(PppdOutputParser.parse(line)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Could not determine remote IP address: defaulting to 10.64.64.64",
                "local  IP address 300.1.2.3",
                "local  IP address 10.01.2.3",
                "remote IP address 1.2.3",
                "send (AT^M)",
                "expect (OK)",
                "Script /etc/ppp/ip-up started (pid 1234)",
                "local  LL address fe80::1",
                "Sent many bytes, received some bytes.",
                "Connect time 1 minutes.",
                "No response to 99999999999 echo-requests"
            })
    void ignoresOtherLines(String line) {
        assertThat(PppdOutputParser.parse(line)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "0, OK, false",
        "1, FATAL_ERROR, false",
        "2, OPTION_ERROR, true",
        "3, NOT_ROOT, true",
        "4, NO_KERNEL_PPP, true",
        "5, SIGNAL, false",
        "6, LOCK_FAILED, false",
        "7, OPEN_FAILED, false",
        "8, CONNECT_SCRIPT_FAILED, false",
        "9, PTY_FAILED, false",
        "10, NEGOTIATION_FAILED, false",
        "11, PEER_AUTH_FAILED, false",
        "12, IDLE_TIMEOUT, false",
        "13, CONNECT_TIME_LIMIT, false",
        "14, CALLBACK, false",
        "15, PEER_DEAD, false",
        "16, MODEM_HANGUP, false",
        "17, LOOPBACK, false",
        "18, INIT_FAILED, false",
        "19, AUTH_TO_PEER_FAILED, false",
        "20, TRAFFIC_LIMIT, false",
        "21, CNID_AUTH_FAILED, false",
        "22, UNKNOWN, false",
        "137, UNKNOWN, false",
        "-1, UNKNOWN, false"
    })
    void exitStatusTable(int status, PppdExit expected, boolean fatal) {
        PppdExit exit = PppdExit.ofStatus(status);
        assertThat(exit).isEqualTo(expected);
        assertThat(exit.fatal()).isEqualTo(fatal);
        assertThat(exit.text()).isNotBlank();
        if (status >= 0 && status <= 21) {
            assertThat(exit.code()).isEqualTo(status);
        }
    }
}
