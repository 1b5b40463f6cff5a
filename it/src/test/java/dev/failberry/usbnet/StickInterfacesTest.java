package dev.failberry.usbnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.sim.usb.FakeSysfs;
import dev.failberry.sim.usb.FakeSysfs.Device;
import dev.failberry.sim.usb.FakeSysfs.Iface;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding the stick's network interface in a fake sysfs laid out like the kernel's (FakeSysfs): the
 * layouts are those of real sticks (see the FakeSysfs presets for their sources).
 */
class StickInterfacesTest {
    @TempDir
    Path tmp;

    private FakeSysfs sysfs;

    @BeforeEach
    void piWithUsbEthernet() {
        sysfs = new FakeSysfs(tmp.resolve("sys"), tmp.resolve("dev"));
        // a Pi 3B: eth0 is the LAN9514 on USB; it must never be taken for the stick
        sysfs.add(FakeSysfs.piEthernet("1-1.1"));
        sysfs.addNetInterface("1-1.1", 0, "eth0", "b8:27:eb:00:00:01");
    }

    private InterfaceLookup find(Optional<String> name, Optional<String> vid, Optional<String> pid) {
        return new StickInterfaces(sysfs.sysRoot(), new StickInterfaces.Criteria(name, vid, pid)).find();
    }

    private InterfaceLookup auto() {
        return find(Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void aHiLinkE3372IsFoundByItsUsbIdNotThePisOwnEthernet() {
        sysfs.add(FakeSysfs.huaweiE3372HiLink("1-1.3", "14dc"));
        sysfs.addNetInterface("1-1.3", 0, "eth1", "0c:5b:8f:27:9a:64");
        InterfaceLookup l = auto();
        assertThat(l).isInstanceOf(InterfaceLookup.Found.class);
        InterfaceLookup.Found f = (InterfaceLookup.Found) l;
        assertThat(f.name()).isEqualTo("eth1");
        assertThat(f.iface().driver()).isEqualTo("cdc_ether");
        assertThat(f.iface().usbInterface()).isZero();
        assertThat(f.describe()).startsWith("eth1 (cdc_ether) on 12d1:14dc HUAWEI_MOBILE HUAWEI_MOBILE at 1-1.3");
        assertThat(f.notes()).isEmpty();
    }

    @Test
    void theInterfaceIsFoundAgainUnderItsNewNameAfterAPowerCycle() {
        Device stick = FakeSysfs.huaweiE3372HiLink("1-1.3", "14db");
        sysfs.add(stick);
        sysfs.addNetInterface("1-1.3", 0, "eth1", "0c:5b:8f:27:9a:64");
        assertThat(((InterfaceLookup.Found) auto()).name()).isEqualTo("eth1");
        sysfs.remove("1-1.3");
        assertThat(auto()).isInstanceOf(InterfaceLookup.NotFound.class);
        // back after the power cycle: first as a CD-ROM (12d1:1f01), then switched, as another name
        sysfs.add(FakeSysfs.storageMode("1-1.3", "12d1", "1f01"));
        InterfaceLookup cdrom = auto();
        assertThat(cdrom).isInstanceOf(InterfaceLookup.StorageMode.class);
        assertThat(((InterfaceLookup.StorageMode) cdrom).hint()).contains("usb_modeswitch -v 12d1 -p 1f01 -J");
        sysfs.reenumerate("1-1.3", stick, false);
        sysfs.addNetInterface("1-1.3", 0, "enx0c5b8f279a64", "0c:5b:8f:27:9a:64");
        assertThat(((InterfaceLookup.Found) auto()).name()).isEqualTo("enx0c5b8f279a64");
        assertThat(SysfsNet.read(sysfs.sysRoot()))
                .extracting(NetDevice::name)
                .containsExactly("enx0c5b8f279a64", "eth0");
    }

    @Test
    void theE3372_325IsACdRomAfterEveryPowerOnUntilSwitched() {
        sysfs.add(FakeSysfs.storageMode("1-1.3", "3566", "2001"));
        InterfaceLookup l = auto();
        assertThat(l).isInstanceOf(InterfaceLookup.StorageMode.class);
        assertThat(((InterfaceLookup.StorageMode) l).hint())
                .contains("usb_modeswitch -v 3566 -p 2001 -J")
                .contains("every power-on");
        // same USB id in HiLink mode: interface 0 is class e0 (RNDIS) now
        sysfs.reenumerate("1-1.3", FakeSysfs.e3372_325HiLink("1-1.3"), false);
        sysfs.addNetInterface("1-1.3", 0, "usb0", "02:1e:10:1f:00:00");
        InterfaceLookup.Found f = (InterfaceLookup.Found) auto();
        assertThat(f.name()).isEqualTo("usb0");
        assertThat(f.iface().driver()).isEqualTo("rndis_host");
    }

    @Test
    void aPlainUsbEthernetAdapterIsNotAStick() {
        sysfs.add(new Device(
                "1-1.4",
                "0b95",
                "1790",
                "ASIX",
                "AX88179",
                "",
                List.of(Iface.other(0, "ff", "ff", "00", "ax88179_178a"))));
        sysfs.addNetInterface("1-1.4", 0, "eth2", "00:0e:c6:00:00:01");
        // an unknown maker's cdc_ether device is not taken either: only modem makers' are
        sysfs.add(new Device(
                "1-1.2", "1234", "5678", "", "", "", List.of(Iface.other(0, "02", "06", "00", "cdc_ether"))));
        sysfs.addNetInterface("1-1.2", 0, "eth3", "00:00:00:00:00:03");
        assertThat(auto()).isInstanceOf(InterfaceLookup.NotFound.class);
        assertThat(((InterfaceLookup.NotFound) auto()).reason()).contains("known router stick");
        // unless the configuration names its id
        assertThat(((InterfaceLookup.Found) find(Optional.empty(), Optional.of("1234"), Optional.of("5678"))).name())
                .isEqualTo("eth3");
    }

    @Test
    void aModemMakersCdcEtherStickCountsEvenWithAnUnlistedId() {
        sysfs.add(new Device(
                "1-1.2", "19d2", "1405", "ZTE", "MF833", "", List.of(Iface.other(0, "02", "06", "00", "cdc_ether"))));
        sysfs.addNetInterface("1-1.2", 0, "eth1", "00:00:00:00:00:04");
        assertThat(((InterfaceLookup.Found) auto()).name()).isEqualTo("eth1");
    }

    @Test
    void aNamedInterfaceIsTakenAsConfigured() {
        assertThat(((InterfaceLookup.Found) find(Optional.of("eth0"), Optional.empty(), Optional.empty())).device())
                .hasValueSatisfying(d -> assertThat(d.ids()).isEqualTo("0424:ec00"));
        InterfaceLookup missing = find(Optional.of("usb0"), Optional.empty(), Optional.empty());
        assertThat(((InterfaceLookup.NotFound) missing).reason()).startsWith("link.interface = usb0 does not exist");
    }

    @Test
    void twoSticksGiveANoteAndADeterministicChoice() {
        sysfs.add(FakeSysfs.huaweiE3372HiLink("1-1.3", "14dc"));
        sysfs.addNetInterface("1-1.3", 0, "eth2", "00:00:00:00:00:05");
        sysfs.add(FakeSysfs.huaweiE3372HiLink("1-1.2", "14dc"));
        sysfs.addNetInterface("1-1.2", 0, "eth1", "00:00:00:00:00:06");
        InterfaceLookup.Found f = (InterfaceLookup.Found) auto();
        assertThat(f.name()).isEqualTo("eth1");
        assertThat(f.notes()).singleElement().asString().contains("eth1, eth2");
    }

    @Test
    void noSysfsAtAllIsNotFound() {
        assertThat(new StickInterfaces(
                                tmp.resolve("nothing"),
                                new StickInterfaces.Criteria(Optional.empty(), Optional.empty(), Optional.empty()))
                        .find())
                .isInstanceOf(InterfaceLookup.NotFound.class);
    }
}
