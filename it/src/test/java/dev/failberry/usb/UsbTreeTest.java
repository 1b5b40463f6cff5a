package dev.failberry.usb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.sim.usb.FakeSysfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsbTreeTest {
    @TempDir
    Path tmp;

    @Test
    void readsIdsStringsInterfacesAndTtysOfAFakeKernelTree() {
        var fake = new FakeSysfs(tmp.resolve("sys"), tmp.resolve("dev"));
        fake.add(FakeSysfs.hub("1-1"));
        Map<Integer, String> ttys = fake.add(FakeSysfs.huaweiE3131("1-1.3"));
        assertThat(ttys).containsExactly(Map.entry(0, "ttyUSB0"), Map.entry(1, "ttyUSB1"), Map.entry(2, "ttyUSB2"));

        var tree = new UsbTree(tmp.resolve("sys"));
        assertThat(tree.devices()).extracting(UsbDevice::busPort).containsExactly("1-1", "1-1.3");
        UsbDevice modem = tree.device("1-1.3").orElseThrow();
        assertThat(modem.ids()).isEqualTo("12d1:1506");
        assertThat(modem.manufacturer()).isEqualTo("HUAWEI_MOBILE");
        assertThat(modem.authorized()).isTrue();
        assertThat(modem.active()).isTrue();
        assertThat(modem.ttys()).containsExactly("ttyUSB0", "ttyUSB1", "ttyUSB2");
        assertThat(modem.interfaces()).extracting(UsbInterface::number).containsExactly(0, 1, 2, 3);
        UsbInterface pcui = modem.iface(2).orElseThrow();
        assertThat(pcui.interfaceClass()).isEqualTo("ff");
        assertThat(pcui.subClass()).isEqualTo("02");
        assertThat(pcui.protocol()).isEqualTo("02");
        assertThat(pcui.driver()).contains("option");
        assertThat(modem.iface(3).orElseThrow().isMassStorage()).isTrue();
        assertThat(modem.iface(3).orElseThrow().ttys()).isEmpty();
        assertThat(tree.device("1-1").orElseThrow().isHub()).isTrue();
    }

    @Test
    void findsTtysThroughClassTtyLinksWhenTheInterfaceHasNoTtyChild() throws Exception {
        var fake = new FakeSysfs(tmp.resolve("sys"), tmp.resolve("dev"));
        fake.add(FakeSysfs.zte0117("1-1.2"));
        // drop the direct ttyUSB1 child: only /sys/class/tty/ttyUSB1/device leads back to the interface
        Path ifDir = fake.deviceDir("1-1.2").resolve("1-1.2:1.1");
        Path port = ifDir.resolve("ttyUSB1");
        Path moved = fake.deviceDir("1-1.2").resolve("port-elsewhere");
        Files.move(port, moved);
        Path link = tmp.resolve("sys/class/tty/ttyUSB1/device");
        Files.delete(link);
        Files.createSymbolicLink(link, ifDir); // cdc-acm style: device -> the interface itself

        UsbDevice d = new UsbTree(tmp.resolve("sys")).device("1-1.2").orElseThrow();
        assertThat(d.iface(1).orElseThrow().ttys()).containsExactly("ttyUSB1");
        assertThat(d.ttys()).containsExactly("ttyUSB0", "ttyUSB1", "ttyUSB2");
    }

    @Test
    void vanishedDeviceAndMissingTreeGiveEmptyResultsNotErrors() {
        var fake = new FakeSysfs(tmp.resolve("sys"), tmp.resolve("dev"));
        fake.add(FakeSysfs.zte0117("1-1.2"));
        fake.remove("1-1.2");
        assertThat(new UsbTree(tmp.resolve("sys")).devices()).isEmpty();
        assertThat(new UsbTree(tmp.resolve("nothing-here")).devices()).isEmpty();
        assertThat(Files.exists(tmp.resolve("dev/ttyUSB0"))).isFalse();
    }

    @Test
    void reenumerationGivesANewDevnumAndNewTtyNumbersWhileTheOldOnesAreHeldOpen() {
        var fake = new FakeSysfs(tmp.resolve("sys"), tmp.resolve("dev"));
        fake.add(FakeSysfs.zte0117("1-1.2"));
        var tree = new UsbTree(tmp.resolve("sys"));
        int before = tree.device("1-1.2").orElseThrow().devnum();

        Map<Integer, String> after = fake.reenumerate("1-1.2", FakeSysfs.zte0117("1-1.2"), true);

        assertThat(after).containsExactly(Map.entry(0, "ttyUSB3"), Map.entry(1, "ttyUSB4"), Map.entry(2, "ttyUSB5"));
        UsbDevice d = tree.device("1-1.2").orElseThrow();
        assertThat(d.devnum()).isGreaterThan(before);
        assertThat(d.ttys()).containsExactly("ttyUSB3", "ttyUSB4", "ttyUSB5");
        assertThat(tmp.resolve("dev/ttyUSB4")).exists();
        assertThat(tmp.resolve("dev/ttyUSB1")).doesNotExist();
    }

    @Test
    void deAuthorisedDeviceStaysButLosesItsInterfaces() {
        var fake = new FakeSysfs(tmp.resolve("sys"), tmp.resolve("dev"));
        var e173 = FakeSysfs.huaweiE173("1-1.4");
        fake.add(e173);
        fake.setAuthorized("1-1.4", e173, false);
        UsbDevice d = new UsbTree(tmp.resolve("sys")).device("1-1.4").orElseThrow();
        assertThat(d.authorized()).isFalse();
        assertThat(d.interfaces()).isEmpty();
        assertThat(d.active()).isFalse();
        fake.setAuthorized("1-1.4", e173, true);
        assertThat(new UsbTree(tmp.resolve("sys")).device("1-1.4").orElseThrow().ttys())
                .hasSize(3);
    }

    @Test
    void parsingIsTolerantOfOddValues() {
        UsbDevice d = UsbDevice.fromAttributes(
                "1-1.3",
                Map.of("idVendor", "12D1\n", "idProduct", "zz", "devnum", "x", "authorized", "0"),
                java.util.List.of());
        assertThat(d.vendorId()).isEqualTo("12d1");
        assertThat(d.productId()).isEmpty();
        assertThat(d.devnum()).isEqualTo(-1);
        assertThat(d.authorized()).isFalse();
        UsbInterface i = UsbInterface.fromAttributes(
                "1-1.3:1.2",
                Map.of("bInterfaceNumber", "0a", "bInterfaceClass", "FF"),
                java.util.Optional.empty(),
                java.util.List.of("ttyUSB10", "ttyUSB9"));
        assertThat(i.number()).isEqualTo(10);
        assertThat(i.interfaceClass()).isEqualTo("ff");
        assertThat(i.subClass()).isEmpty();
        assertThat(i.ttys()).containsExactly("ttyUSB9", "ttyUSB10");
    }
}
