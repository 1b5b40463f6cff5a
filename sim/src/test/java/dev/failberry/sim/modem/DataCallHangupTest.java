package dev.failberry.sim.modem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.failberry.modem.AtPort;
import dev.failberry.modem.AtResult;
import dev.failberry.modem.JSerialCommLink;
import dev.failberry.modem.SerialSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real stick with {@code AT&D2} hangs up when the port that carries the call is closed (DTR drops) and is
 * back in command mode for the next dial. The simulator used to stay in data mode, so every redial after
 * pppd exited failed ("Connect script failed") until a modem reset.
 */
class DataCallHangupTest {
    private static final Duration T = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private static AtPort open(String path) throws Exception {
        AtPort p = new AtPort(new JSerialCommLink(SerialSettings.of(path)));
        p.open();
        return p;
    }

    @Test
    void closingThePortDuringACallHangsUpAndTheNextDialWorks() throws Exception {
        try (ModemSimulator sim = ModemSimulator.start(Personality.huaweiE1550(), SimTiming.fast(), dir)) {
            for (int call = 1; call <= 3; call++) {
                AtPort data = open(sim.dataPath());
                try {
                    assertThat(data.send("AT", T).status())
                            .as("call %d: command mode", call)
                            .isEqualTo(AtResult.Status.OK);
                    AtResult r = data.send("ATD*99#", T);
                    assertThat(r.status()).as("call %d", call).isEqualTo(AtResult.Status.CONNECT);
                    assertThat(sim.inDataMode(SimPort.DATA)).isTrue();
                } finally {
                    data.close(); // what pppd's exit does to the tty
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> !sim.inDataMode(SimPort.DATA));
            }
            // the control port never noticed: a second client there is unaffected by the data port's calls
            AtPort control = open(sim.controlPath());
            try {
                assertThat(control.send("AT+CSQ", T).status()).isEqualTo(AtResult.Status.OK);
            } finally {
                control.close();
            }
        }
    }

    @Test
    void aClientComingAndGoingOutsideACallChangesNothing() throws Exception {
        try (ModemSimulator sim = ModemSimulator.start(Personality.generic(), SimTiming.fast(), dir)) {
            for (int i = 0; i < 3; i++) {
                AtPort data = open(sim.dataPath());
                try {
                    assertThat(data.send("AT", T).status()).isEqualTo(AtResult.Status.OK);
                } finally {
                    data.close();
                }
            }
            assertThat(sim.isPresent()).isTrue();
        }
    }
}
