package dev.failberry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.sim.usb.FakeSysfs;
import dev.failberry.sim.usb.FakeUhubctl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The `usb cycle` logic end to end: real fake-uhubctl process, fake sysfs tree, real scheduler thread. */
class UsbCycleCommandLogicTest {
    @TempDir
    Path tmp;

    FakeSysfs fake;
    final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);

    @BeforeEach
    void setUp() {
        fake = new FakeSysfs(tmp.resolve("sys"), tmp.resolve("dev"));
        fake.add(FakeSysfs.hub("1-1"));
        fake.add(FakeSysfs.zte0117("1-1.2"));
    }

    FailberryConfig config(String method, Path uhubctl) throws Exception {
        return config(method, uhubctl, "10s");
    }

    FailberryConfig config(String method, Path uhubctl, String waitForModem) throws Exception {
        String hocon = """
                failberry {
                  state-dir = "%s"
                  modem.port = auto
                  modem.discovery { vendor-id = "19d2", product-id = "0117", sysfs-root = "%s", dev-root = "%s" }
                  usb-power { method = %s, command = "%s", location = "1-1", ports = [2], off-time = 1s, wait-for-modem = %s }
                }
                """.formatted(
                        tmp.resolve("state"), tmp.resolve("sys"), tmp.resolve("dev"), method, uhubctl, waitForModem);
        return ConfigLoader.fromUserConfig(ConfigFactory.parseString(hocon), "test.conf");
    }

    Path launcher(String scenario) throws Exception {
        return FakeUhubctl.writeLauncher(
                tmp.resolve("uhubctl"),
                Map.of(
                        "scenario",
                        scenario,
                        "sysfs",
                        tmp.resolve("sys").toString(),
                        "dev",
                        tmp.resolve("dev").toString(),
                        "device",
                        "1-1.2",
                        "log",
                        tmp.resolve("calls.log").toString()));
    }

    int run(FailberryConfig c) {
        return UsbCycleCommandLogic.run(c, out, out);
    }

    @Test
    void cyclesAndFindsTheModemAgainUnderNewTtyNumbers() throws Exception {
        int rc = run(config("uhubctl", launcher("ok")));
        String text = buf.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(text).isZero();
        assertThat(Files.readAllLines(tmp.resolve("calls.log")))
                .containsExactly("start -l 1-1 -p 2 -a cycle -d 1", "end cycle");
        assertThat(text)
                .contains("cycled: modem USB device 19d2:0117", "modem ports back", "control ttyUSB4, data ttyUSB5");
    }

    @Test
    void exitCodesForEachFailure() throws Exception {
        assertThat(run(config("none", tmp.resolve("x")))).isEqualTo(ExitCode.USAGE);
        assertThat(run(config("uhubctl", tmp.resolve("missing/uhubctl")))).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("apt install uhubctl");
        assertThat(run(config("uhubctl", launcher("permission-error")))).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run(config("uhubctl", launcher("no-devices-error")))).isEqualTo(ExitCode.USAGE);
        assertThat(run(config("uhubctl", launcher("vanish"), "2s"))).isEqualTo(ExitCode.NEGATIVE);
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("did not come back within 2 s");
    }

    @Test
    void modemComingBackInCdRomModeIsReportedAndExitsOne() throws Exception {
        // the stick returns as 19d2:2000 storage and usb_modeswitch never switches it
        fake.remove("1-1.2");
        fake.add(FakeSysfs.zte0117("1-1.2"));
        Path cmd = launcher("vanish");
        FailberryConfig c = config("uhubctl", cmd, "3s");
        var t = new Thread(() -> {
            // plays the stick: once power is back on, it enumerates in CD-ROM mode
            try {
                org.awaitility.Awaitility.await()
                        .atMost(java.time.Duration.ofSeconds(30))
                        .until(() -> Files.exists(tmp.resolve("calls.log"))
                                && Files.readAllLines(tmp.resolve("calls.log")).contains("end cycle"));
                fake.add(FakeSysfs.storageMode("1-1.2", "19d2", "2000"));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        t.start();
        int rc = run(c);
        t.join();
        String text = buf.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(text).isEqualTo(ExitCode.NEGATIVE);
        assertThat(text).contains("19d2:2000", "mass-storage (CD-ROM) mode", "usb_modeswitch");
    }
}
