package dev.failberry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.cli.ModemCommandTest.Run;
import dev.failberry.sim.hilink.HilinkStandIn;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code failberry modem info|at} for an Ethernet-type stick with no daemon running: info asks the HiLink
 * stand-in (captured replies over real HTTP) and prints the same fields as for an AT modem plus the
 * stick's own; at says clearly that there is no AT port.
 */
class StickInfoCommandTest {
    @TempDir
    Path dir;

    private HilinkStandIn stick;
    private Path config;

    @BeforeEach
    void start() throws IOException {
        stick = HilinkStandIn.start(
                HilinkStandIn.Profile.E3372_22X, (Inet4Address) InetAddress.getByName("203.0.113.44"));
        int closedPort;
        try (var s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // nothing answers there: no daemon
        }
        config = dir.resolve("failberry.conf");
        Files.writeString(
                config,
                "failberry { admin.port = " + closedPort + "\n  state-dir = \"" + dir.resolve("state")
                        + "\"\n  link.type = ethernet\n  modem.control = hilink\n  modem.hilink.url = \"" + stick.url()
                        + "\" }\n");
    }

    @AfterEach
    void stop() {
        stick.close();
    }

    @Test
    void infoAsksTheSticksApiAndPrintsTheSameFieldsAsForAnAtModemPlusTheSticksOwn() {
        Run r = ModemCommandTest.run("modem", "info", "--config", config.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("state:             registered")
                .contains("manufacturer:      Huawei")
                .contains("sim:               ready")
                .contains("registration:      home")
                .contains("access technology: ")
                .contains("signal:            ")
                .contains("connection:        connected")
                .contains("wan address:       203.0.113.44")
                .contains("lte signal:        rsrp -89.0 dBm");
    }

    @Test
    void infoSaysWhenTheSticksApiAnswersHtml() {
        stick.fault(HilinkStandIn.Fault.HTML);
        Run r = ModemCommandTest.run("modem", "info", "--config", config.toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("did not answer").contains("HTML");
    }

    @Test
    void atSaysAnEthernetTypeStickHasNoAtPort() {
        Run r = ModemCommandTest.run("modem", "at", "--config", config.toString(), "AT+CSQ");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("no AT port").contains("link.type = ethernet");
        assertThat(r.out()).isEmpty();
    }
}
