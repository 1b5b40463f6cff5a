package dev.failberry.ppp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who ended pppd: its exit status, whether the daemon signalled it, and whether it was already going down. */
class PppdExitTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                                   | exit | our kill        | own end first | reason
            the stick hung up, nobody signalled                      | 16   |                 | true          | MODEM_HANGUP
            the stick hung up, then the daemon stopped pppd          | 16   | STOPPED         | true          | MODEM_HANGUP
            the daemon stopped a working link                        | 5    | STOPPED         | false         | STOPPED
            the daemon stopped pppd after Modem hangup, and its SIGTERM ended it | 5 | STOPPED | true       | STOPPED
            the daemon stopped pppd during the dial: chat was killed | 8    | STOPPED         | false         | STOPPED
            the dial failed by itself, then the daemon stopped pppd  | 8    | STOPPED         | true          | CONNECT_SCRIPT_FAILED
            no IP in time: killed with SIGKILL after ignoring SIGTERM | 137 | CONNECT_TIMEOUT | false         | CONNECT_TIMEOUT
            the peer stopped answering LCP echo                      | 15   |                 | true          | PEER_DEAD
            an exit status outside pppd's table                      | 42   |                 | false         | UNKNOWN
            """)
    void theExitIsAttributedToWhoEndedPppd(
            String name, int exit, PppdExit ourKill, boolean ownEndFirst, PppdExit expected) {
        assertThat(PppdExit.attribute(exit, ourKill, ownEndFirst)).isEqualTo(expected);
    }
}
