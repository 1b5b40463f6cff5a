package dev.failberry.usb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.FailberryConfig.UsbPower;
import dev.failberry.config.FailberryConfig.UsbPowerMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The root filesystem on a USB disk, found through fake /proc/self/mountinfo and /sys trees laid out
 * as on a Raspberry Pi 4 (Raspberry Pi OS, kernel 6.6) booting from a USB SSD (sda, at 2-1 on the VL805's
 * USB3 root hub 2) and from an SD card (mmcblk0, no USB device in its path).
 */
class RootDiskTest {
    @TempDir
    Path tmp;

    static final String PI4_SSD_MOUNTINFO = """
            22 1 8:2 / / rw,noatime shared:1 - ext4 /dev/sda2 rw
            23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
            28 22 8:1 / /boot/firmware rw,relatime shared:16 - vfat /dev/sda1 rw
            """;
    static final String PI4_SD_MOUNTINFO = """
            22 1 179:2 / / rw,noatime shared:1 - ext4 /dev/mmcblk0p2 rw
            28 22 179:1 / /boot/firmware rw,relatime shared:16 - vfat /dev/mmcblk0p1 rw
            """;

    Path sysWith(String majMin, String devicePath) throws Exception {
        Path sys = tmp.resolve("sys");
        Path device = sys.resolve(devicePath);
        Files.createDirectories(device);
        Files.createDirectories(sys.resolve("dev/block"));
        Files.createSymbolicLink(sys.resolve("dev/block").resolve(majMin), device);
        return sys;
    }

    Path mountinfo(String text) throws Exception {
        return Files.writeString(tmp.resolve("mountinfo"), text);
    }

    @Test
    void pi4BootingFromAUsbSsd() throws Exception {
        Path sys = sysWith(
                "8:2",
                "devices/platform/scb/fd500000.pcie/pci0000:00/0000:00:00.0/0000:01:00.0/usb2/2-1/"
                        + "2-1:1.0/host0/target0:0:0/0:0:0:0/block/sda/sda2");
        assertThat(RootDisk.usbPath(mountinfo(PI4_SSD_MOUNTINFO), sys)).contains("2-1");
    }

    @Test
    void diskBehindAnExternalHub() throws Exception {
        Path sys = sysWith(
                "8:2",
                "devices/platform/soc/3f980000.usb/usb1/1-1/1-1.3/1-1.3.2/1-1.3.2:1.0/host0/"
                        + "target0:0:0/0:0:0:0/block/sda/sda2");
        assertThat(RootDisk.usbPath(mountinfo(PI4_SSD_MOUNTINFO), sys)).contains("1-1.3.2");
    }

    @Test
    void sdCardIsNotOnUsb() throws Exception {
        Path sys = sysWith(
                "179:2", "devices/platform/emmc2bus/fe340000.mmc/mmc_host/mmc0/mmc0:aaaa/block/mmcblk0/mmcblk0p2");
        assertThat(RootDisk.usbPath(mountinfo(PI4_SD_MOUNTINFO), sys)).isEmpty();
    }

    @Test
    void unknownWhenNothingCanBeRead() throws Exception {
        assertThat(RootDisk.usbPath(tmp.resolve("no-mountinfo"), tmp)).isEmpty();
        // an overlay root has an anonymous device number without a /sys/dev/block link
        assertThat(RootDisk.usbPath(mountinfo("30 1 0:31 / / rw shared:1 - overlay overlay rw\n"), tmp))
                .isEmpty();
    }

    static UsbPower uhubctl(String location, List<Integer> ports, List<String> extra) {
        return new UsbPower(
                UsbPowerMethod.UHUBCTL,
                Path.of("/usr/sbin/uhubctl"),
                location,
                ports,
                extra,
                Duration.ofSeconds(3),
                Optional.empty(),
                Duration.ofSeconds(60));
    }

    @ParameterizedTest(name = "{0}: root disk at {1}, uhubctl -l {2} -p {3} + [{4}] -> {5}")
    @CsvSource(delimiter = '|', textBlock = """
            Raspberry Pi 4 Model B Rev 1.4      | 2-1     | 1-1 | 1 | 2 | all USB ports are ganged
            Raspberry Pi 4 Model B Rev 1.4      | 1-1.3   | 1-1 | 1 | 2 | all USB ports are ganged
            Raspberry Pi 5 Model B Rev 1.0      | 4-1     | 2   | 1 | 4 | all USB ports are ganged
            Raspberry Pi 5 Model B Rev 1.0      | 3-1     | 2   | 1 | 4 | ''
            Raspberry Pi 3 Model B Rev 1.2      | 1-1.4   | 1-1 | 2 |   | ports 2-5 are ganged
            Raspberry Pi 4 Model B Rev 1.4      | 1-1.3.2 | 1-1.3 | 1 |  | ''
            Raspberry Pi 4 Model B Rev 1.4      | 1-1.3.1 | 1-1.3 | 1 |  | is on hub 1-1.3 port 1
            Generic x86 PC                      | 2-3     | 2   | 1 |   | ''
            """)
    void refusesAPowerCycleThatCutsTheRootDisk(
            String model, String disk, String location, int port, String extra, String expected) {
        List<String> ex = extra == null || extra.isBlank() ? List.of() : List.of(extra);
        List<String> r =
                PiModelAdvice.refusals(Optional.of(model), uhubctl(location, List.of(port), ex), Optional.of(disk));
        if (expected.isEmpty()) {
            assertThat(r).isEmpty();
        } else {
            assertThat(r)
                    .singleElement()
                    .asString()
                    .contains("root filesystem", disk, expected, "external hub", "usb-power.method = \"sysfs\"");
        }
    }

    @Test
    void sysfsMethodRefusedOnlyForTheRootDiskItself() {
        UsbPower sysfs = new UsbPower(
                UsbPowerMethod.SYSFS,
                Path.of("/usr/sbin/uhubctl"),
                "1-1",
                List.of(2),
                List.of(),
                Duration.ofSeconds(3),
                Optional.of("2-1"),
                Duration.ofSeconds(60));
        assertThat(PiModelAdvice.refusals(Optional.of("Raspberry Pi 4 Model B Rev 1.4"), sysfs, Optional.of("2-1")))
                .singleElement()
                .asString()
                .contains("sysfs-device = \"2-1\"");
        assertThat(PiModelAdvice.refusals(Optional.of("Raspberry Pi 4 Model B Rev 1.4"), sysfs, Optional.of("2-2")))
                .isEmpty();
        assertThat(PiModelAdvice.refusals(
                        Optional.of("Raspberry Pi 4 Model B Rev 1.4"),
                        uhubctl("1-1", List.of(1), List.of("2")),
                        Optional.empty()))
                .isEmpty();
    }
}
