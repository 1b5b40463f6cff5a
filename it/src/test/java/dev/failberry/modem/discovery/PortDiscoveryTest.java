package dev.failberry.modem.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.modem.discovery.DiscoveryResult.Found;
import dev.failberry.modem.discovery.DiscoveryResult.NotFound;
import dev.failberry.modem.discovery.DiscoveryResult.Reason;
import dev.failberry.sim.usb.FakeSysfs;
import dev.failberry.usb.UsbTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PortDiscoveryTest {
    @TempDir
    Path tmp;

    private FakeSysfs fake() {
        return new FakeSysfs(tmp.resolve("sys"), tmp.resolve("dev"));
    }

    private PortDiscovery auto(PortSelector.Criteria c) {
        return new PortDiscovery(new UsbTree(tmp.resolve("sys")), tmp.resolve("dev"), c, "auto", "auto");
    }

    private static PortSelector.Criteria ids(String vid, String pid) {
        return new PortSelector.Criteria(
                Optional.ofNullable(vid), Optional.ofNullable(pid), Optional.empty(), Optional.empty());
    }

    static Stream<Arguments> vendors() {
        return Stream.of(
                // device preset, control tty, data tty, how the control port was chosen
                Arguments.of(
                        "Huawei E3131 (class ff protocol 02 PCUI / 01 modem)",
                        (Function<String, FakeSysfs.Device>) FakeSysfs::huaweiE3131,
                        "ttyUSB2",
                        "ttyUSB0",
                        "Huawei: class ff"),
                Arguments.of(
                        "Huawei E173 (all ff: fallback last/first)",
                        (Function<String, FakeSysfs.Device>) FakeSysfs::huaweiE173,
                        "ttyUSB2",
                        "ttyUSB0",
                        "fallback: last tty"),
                Arguments.of(
                        "ZTE MF190 19d2:0117 (if01 control, if02 PPP)",
                        (Function<String, FakeSysfs.Device>) FakeSysfs::zte0117,
                        "ttyUSB1",
                        "ttyUSB2",
                        "ZTE 0117"),
                Arguments.of(
                        "ZTE 19d2:0124 (if01 control, if04 PPP)",
                        (Function<String, FakeSysfs.Device>) FakeSysfs::zte0124,
                        "ttyUSB1",
                        "ttyUSB3",
                        "ZTE 0124"),
                Arguments.of(
                        "Quectel EC25 (if02 AT, if03 PPP)",
                        (Function<String, FakeSysfs.Device>) FakeSysfs::quectelEc25,
                        "ttyUSB2",
                        "ttyUSB3",
                        "Quectel EC25"),
                Arguments.of(
                        "Sierra 1199:68a3 (no rule: fallback)",
                        (Function<String, FakeSysfs.Device>) bp -> new FakeSysfs.Device(
                                bp,
                                "1199",
                                "68a3",
                                "Sierra Wireless",
                                "USB 306",
                                "",
                                java.util.List.of(
                                        FakeSysfs.Iface.serial(0, "ff", "ff", "ff"),
                                        FakeSysfs.Iface.serial(2, "ff", "ff", "ff"),
                                        FakeSysfs.Iface.serial(3, "ff", "ff", "ff"))),
                        "ttyUSB2",
                        "ttyUSB0",
                        "fallback"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vendors")
    void findsControlAndDataPortsPerVendorWithoutConfiguredIds(
            String name, Function<String, FakeSysfs.Device> preset, String control, String data, String how) {
        var fake = fake();
        fake.add(FakeSysfs.hub("1-1"));
        var device = preset.apply("1-1.3");
        fake.add(device);

        DiscoveryResult r = auto(PortSelector.Criteria.any()).discover();

        assertThat(r).isInstanceOf(Found.class);
        DiscoveredModem m = ((Found) r).modem();
        assertThat(m.controlPort()).isEqualTo(tmp.resolve("dev").resolve(control));
        assertThat(m.dataPort()).isEqualTo(tmp.resolve("dev").resolve(data));
        assertThat(m.vendorId()).isEqualTo(device.vendorId());
        assertThat(m.productId()).isEqualTo(device.productId());
        assertThat(m.usbPath()).isEqualTo("1-1.3");
        assertThat(m.description()).contains(how);
        // the same with the ids configured
        DiscoveryResult byIds = auto(ids(device.vendorId(), device.productId())).discover();
        assertThat(((Found) byIds).modem()).isEqualTo(m);
    }

    @Test
    void findsTheModemAgainAfterReenumerationWithNewTtyNumbers() {
        var fake = fake();
        fake.add(FakeSysfs.zte0117("1-1.2"));
        PortDiscovery discovery = auto(ids("19d2", "0117"));
        assertThat(((Found) discovery.discover()).modem().controlPort()).isEqualTo(tmp.resolve("dev/ttyUSB1"));

        fake.reenumerate("1-1.2", FakeSysfs.zte0117("1-1.2"), true);

        DiscoveredModem again = ((Found) discovery.discover()).modem();
        assertThat(again.controlPort()).isEqualTo(tmp.resolve("dev/ttyUSB4"));
        assertThat(again.dataPort()).isEqualTo(tmp.resolve("dev/ttyUSB5"));
    }

    @Test
    void typedReasonsWhenThereIsNoModem() {
        var fake = fake();
        PortDiscovery discovery = auto(ids("12d1", null));
        assertThat(discovery.discover()).isEqualTo(new NotFound(Reason.NO_DEVICE, "no USB modem found (12d1:*)"));

        fake.add(FakeSysfs.storageMode("1-1.3", "12d1", "1446"));
        NotFound storage = (NotFound) discovery.discover();
        assertThat(storage.reason()).isEqualTo(Reason.STORAGE_MODE);
        assertThat(storage.message()).contains("12d1:1446", "CD-ROM", "usb_modeswitch", "20 s");

        // configured with the modem-mode product id, the stick in storage mode (other pid) is still reported
        assertThat(((NotFound) auto(ids("12d1", "1506")).discover()).reason()).isEqualTo(Reason.STORAGE_MODE);
        assertThat(((NotFound) auto(PortSelector.Criteria.any()).discover()).reason())
                .isEqualTo(Reason.STORAGE_MODE);

        fake.remove("1-1.3");
        fake.add(FakeSysfs.storageMode("1-1.3", "19d2", "2000"));
        assertThat(((NotFound) auto(PortSelector.Criteria.any()).discover()).message())
                .contains("19d2:2000");
        fake.remove("1-1.3");
        fake.add(FakeSysfs.storageMode("1-1.3", "12d1", "1f01"));
        assertThat(((NotFound) auto(PortSelector.Criteria.any()).discover()).reason())
                .isEqualTo(Reason.STORAGE_MODE);

        fake.remove("1-1.3");
        fake.add(new FakeSysfs.Device(
                "1-1.3",
                "12d1",
                "1506",
                "HUAWEI",
                "E3131",
                "",
                java.util.List.of(FakeSysfs.Iface.other(0, "ff", "02", "01", "none"))));
        NotFound noTty = (NotFound) discovery.discover();
        assertThat(noTty.reason()).isEqualTo(Reason.NO_TTY_YET);
        assertThat(noTty.message()).contains("no serial ports yet");
    }

    @Test
    void severalCandidatesPickTheLowestUsbPathAndSaySo() {
        var fake = fake();
        fake.add(FakeSysfs.zte0117("1-1.4"));
        fake.add(FakeSysfs.huaweiE3131("1-1.2"));
        Found f = (Found) auto(PortSelector.Criteria.any()).discover();
        assertThat(f.modem().usbPath()).isEqualTo("1-1.2");
        assertThat(f.notes()).singleElement().asString().contains("several modems", "1-1.2", "1-1.4", "vendor-id");
        // deterministic: same answer every time
        assertThat(((Found) auto(PortSelector.Criteria.any()).discover()).modem())
                .isEqualTo(f.modem());
    }

    @Test
    void configuredInterfaceNumbersWinAndAMissingOneIsAClearError() {
        var fake = fake();
        fake.add(FakeSysfs.zte0117("1-1.2"));
        var c = new PortSelector.Criteria(Optional.of("19d2"), Optional.empty(), Optional.of(2), Optional.of(1));
        DiscoveredModem m = ((Found) auto(c).discover()).modem();
        assertThat(m.controlPort().getFileName().toString()).isEqualTo("ttyUSB2");
        assertThat(m.dataPort().getFileName().toString()).isEqualTo("ttyUSB1");

        var bad = new PortSelector.Criteria(Optional.of("19d2"), Optional.empty(), Optional.of(3), Optional.empty());
        NotFound nf = (NotFound) auto(bad).discover();
        assertThat(nf.reason()).isEqualTo(Reason.NO_SUCH_INTERFACE);
        assertThat(nf.message()).contains("modem.discovery.interface = 3", "if01=ttyUSB1");
    }

    @Test
    void explicitPathsAndByIdNamesAreTiedToTheirDevice() throws Exception {
        var fake = fake();
        fake.add(FakeSysfs.huaweiE3131("1-1.3"));
        Path byId;
        try (var s = Files.list(tmp.resolve("dev/serial/by-id"))) {
            byId = s.filter(p -> p.toString().endsWith("-if02-port0"))
                    .findFirst()
                    .orElseThrow();
        }
        var d = new PortDiscovery(
                new UsbTree(tmp.resolve("sys")),
                tmp.resolve("dev"),
                PortSelector.Criteria.any(),
                byId.toString(),
                tmp.resolve("dev/ttyUSB0").toString());
        DiscoveredModem m = ((Found) d.discover()).modem();
        assertThat(m.controlPort()).isEqualTo(byId);
        assertThat(m.dataPort()).isEqualTo(tmp.resolve("dev/ttyUSB0"));
        assertThat(m.vendorId()).isEqualTo("12d1");
        assertThat(m.usbPath()).isEqualTo("1-1.3");
        assertThat(m.description()).contains("by-id, interface 02");

        var missing = new PortDiscovery(
                new UsbTree(tmp.resolve("sys")),
                tmp.resolve("dev"),
                PortSelector.Criteria.any(),
                tmp.resolve("dev/ttyUSB9").toString(),
                tmp.resolve("dev/ttyUSB9").toString());
        assertThat(((NotFound) missing.discover()).reason()).isEqualTo(Reason.PORT_MISSING);
    }

    @Test
    void explicitPortThatIsASimulatorPtyLinkIsStillTiedToTheFakeDevice() throws Exception {
        var fake = fake();
        fake.add(FakeSysfs.zte0117("1-1.2"));
        Path pts = Files.createFile(tmp.resolve("pts7"));
        fake.linkTty("ttyUSB1", pts);
        var d = new PortDiscovery(
                new UsbTree(tmp.resolve("sys")),
                tmp.resolve("dev"),
                PortSelector.Criteria.any(),
                tmp.resolve("dev/ttyUSB1").toString(),
                tmp.resolve("dev/ttyUSB1").toString());
        Found f = (Found) d.discover();
        assertThat(f.modem().productId()).isEqualTo("0117");
        assertThat(f.modem().sharedPort()).isTrue();

        var plainPty = new PortDiscovery(
                new UsbTree(tmp.resolve("sys")),
                tmp.resolve("dev"),
                PortSelector.Criteria.any(),
                pts.toString(),
                pts.toString());
        Found p = (Found) plainPty.discover();
        assertThat(p.modem().vendorId()).isEmpty();
        assertThat(p.notes()).singleElement().asString().contains("not a USB tty");
    }

    @Test
    void byIdInterfaceNumberParsing() {
        assertThat(PortDiscovery.byIdInterface("usb-HUAWEI_Technology_HUAWEI_Mobile-if02-port0"))
                .hasValue(2);
        assertThat(PortDiscovery.byIdInterface("usb-ZTE_MF190-if0a-port0")).hasValue(10);
        assertThat(PortDiscovery.byIdInterface("ttyUSB2")).isEmpty();
    }
}
