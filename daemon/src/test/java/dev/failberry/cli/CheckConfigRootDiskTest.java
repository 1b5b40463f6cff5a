package dev.failberry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** check-config on a Pi 4 that boots from a USB SSD (fake model, mountinfo and /sys tree). */
class CheckConfigRootDiskTest {
    @TempDir
    Path tmp;

    int checkConfig(String usbPower, StringWriter out, StringWriter err) throws Exception {
        Path sys = tmp.resolve("sys");
        Path disk = sys.resolve("devices/platform/scb/usb2/2-1/2-1:1.0/host0/target0:0:0/0:0:0:0/block/sda/sda2");
        Files.createDirectories(disk);
        Files.createDirectories(sys.resolve("dev/block"));
        if (!Files.exists(sys.resolve("dev/block/8:2"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(sys.resolve("dev/block/8:2"), disk);
        }
        Path conf = Files.writeString(tmp.resolve("f.conf"), """
                failberry {
                  state-dir = "%s"
                  modem.discovery.sysfs-root = "%s"
                  usb-power { %s }
                }
                """.formatted(tmp.resolve("state"), sys, usbPower));
        var cmd = new CheckConfigCommand();
        cmd.modelFile = Files.write(tmp.resolve("model"), "Raspberry Pi 4 Model B Rev 1.4\0".getBytes());
        cmd.mountinfo =
                Files.writeString(tmp.resolve("mountinfo"), "22 1 8:2 / / rw,noatime shared:1 - ext4 /dev/sda2 rw\n");
        var cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute("--config", conf.toString());
    }

    @Test
    void refusesGangedPortsWhenTheRootDiskIsOnThem() throws Exception {
        var out = new StringWriter();
        var err = new StringWriter();
        int rc = checkConfig("method = uhubctl, location = \"1-1\", ports = [1], extra-locations = [\"2\"]", out, err);
        assertThat(rc).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString())
                .contains(
                        "failberry.usb-power: the root filesystem is on the USB disk at 2-1",
                        "external hub",
                        "usb-power.method = \"sysfs\"")
                .endsWith("1 problem\n");
        assertThat(out.toString()).doesNotContain("valid");
    }

    @Test
    void acceptsTheStickOnlySysfsWayOut() throws Exception {
        var out = new StringWriter();
        var err = new StringWriter();
        int rc = checkConfig("method = sysfs, sysfs-device = \"1-1.3\"", out, err);
        assertThat(rc).as(err.toString()).isZero();
        assertThat(out.toString()).contains(": valid");
    }
}
