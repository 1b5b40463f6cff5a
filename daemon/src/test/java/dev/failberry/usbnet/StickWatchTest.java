package dev.failberry.usbnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.usb.UsbDevice;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Which interface is the stick's, from the {@code ip monitor} state: by name, by USB id ({@code auto}),
 * followed across a rename by index, found again under another name after a power cycle, and a stick
 * that came back as a CD-ROM reported as such. sysfs ({@code finder}) is read only when the set of
 * interfaces changed.
 */
class StickWatchTest {
    private static final UsbDevice E3372 =
            new UsbDevice("1-1.3", "12d1", "14dc", "HUAWEI_MOBILE", "HUAWEI_MOBILE", "", 5, true, List.of());

    private static NetState state(IpEvent... events) {
        NetState s = NetState.EMPTY;
        for (IpEvent e : events) {
            s = s.apply(e);
        }
        return s;
    }

    private static IpEvent.Link link(int index, String name, boolean up) {
        return new IpEvent.Link(
                index, name, up ? Set.of("UP", "LOWER_UP") : Set.of("UP", "NO-CARRIER"), up ? "UP" : "DOWN", false);
    }

    private static IpEvent.Address addr(int index, String name, String ip) throws Exception {
        return new IpEvent.Address(index, name, InetAddress.getByName(ip), 24, "global", false, true, false);
    }

    private static InterfaceLookup found(String name) {
        return new InterfaceLookup.Found(
                new NetDevice(name, Optional.of("1-1.3"), 0, "cdc_ether", "0c:5b:8f:27:9a:64"),
                Optional.of(E3372),
                List.of());
    }

    /** A finder that answers {@code next} and counts its calls. */
    private static final class Finder implements Supplier<InterfaceLookup> {
        InterfaceLookup next = new InterfaceLookup.NotFound("no stick");
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public InterfaceLookup get() {
            calls.incrementAndGet();
            return next;
        }
    }

    @Test
    void autoFindsTheSticksInterfaceByUsbIdWithItsDhcpAddress() throws Exception {
        Finder finder = new Finder();
        finder.next = found("usb0");
        var sel = StickWatch.select(
                state(
                        link(1, "lo", true),
                        link(2, "eth0", true),
                        link(7, "usb0", true),
                        addr(7, "usb0", "192.168.8.100")),
                StickWatch.Selection.NONE,
                Optional.empty(),
                finder);
        assertThat(sel.port()).isInstanceOf(StickPort.Present.class);
        var p = (StickPort.Present) sel.port();
        assertThat(p.name()).isEqualTo("usb0");
        assertThat(p.index()).isEqualTo(7);
        assertThat(p.usable()).isTrue();
        assertThat(p.ipv4().orElseThrow().text()).isEqualTo("192.168.8.100");
        assertThat(p.device()).contains("12d1:14dc");
    }

    @Test
    void anAddressEventDoesNotReadSysfsAgainAndARenameKeepsTheInterfaceByIndex() throws Exception {
        Finder finder = new Finder();
        finder.next = found("usb0");
        var s1 = state(link(2, "eth0", true), link(7, "usb0", true));
        var sel = StickWatch.select(s1, StickWatch.Selection.NONE, Optional.empty(), finder);
        assertThat(((StickPort.Present) sel.port()).usable()).isFalse();
        var s2 = s1.apply(addr(7, "usb0", "192.168.8.100"));
        sel = StickWatch.select(s2, sel, Optional.empty(), finder);
        assertThat(finder.calls).hasValue(1);
        assertThat(((StickPort.Present) sel.port()).usable()).isTrue();
        // udev renames usb0 to enx0c5b8f279a64: same index, same stick
        var s3 = s2.apply(link(7, "enx0c5b8f279a64", true));
        sel = StickWatch.select(s3, sel, Optional.empty(), finder);
        assertThat(((StickPort.Present) sel.port()).name()).isEqualTo("enx0c5b8f279a64");
        assertThat(((StickPort.Present) sel.port()).index()).isEqualTo(7);
    }

    @Test
    void afterAPowerCycleTheStickIsFoundAgainUnderAnotherNameByUsbId() throws Exception {
        Finder finder = new Finder();
        finder.next = found("usb0");
        var s1 = state(link(2, "eth0", true), link(7, "usb0", true), addr(7, "usb0", "192.168.8.100"));
        var sel = StickWatch.select(s1, StickWatch.Selection.NONE, Optional.empty(), finder);
        // the power goes: the interface is deleted
        finder.next = new InterfaceLookup.NotFound("no USB device 12d1:14dc");
        var s2 = s1.apply(new IpEvent.Link(7, "usb0", Set.of(), "DOWN", true));
        sel = StickWatch.select(s2, sel, Optional.empty(), finder);
        assertThat(sel.port()).isInstanceOf(StickPort.Absent.class);
        // it comes back as eth1 with a new index and a new lease
        finder.next = found("eth1");
        var s3 = s2.apply(link(9, "eth1", true)).apply(addr(9, "eth1", "192.168.8.101"));
        sel = StickWatch.select(s3, sel, Optional.empty(), finder);
        var p = (StickPort.Present) sel.port();
        assertThat(p.name()).isEqualTo("eth1");
        assertThat(p.index()).isEqualTo(9);
        assertThat(p.ipv4().orElseThrow().text()).isEqualTo("192.168.8.101");
    }

    @Test
    void aStickThatCameBackAsACdRomIsReportedWithTheModeswitchHint() throws Exception {
        Finder finder = new Finder();
        finder.next = new InterfaceLookup.StorageMode(
                E3372, "12d1:1f01 is in CD-ROM mode: usb_modeswitch -v 12d1 -p 1f01 -X");
        var sel = StickWatch.select(state(link(2, "eth0", true)), StickWatch.Selection.NONE, Optional.empty(), finder);
        assertThat(sel.port()).isInstanceOf(StickPort.CdRom.class);
        assertThat(((StickPort.CdRom) sel.port()).hint()).contains("usb_modeswitch");
    }

    @Test
    void aConfiguredNameThatIsMissingSaysAutoWouldFindItByUsbId() throws Exception {
        Finder finder = new Finder();
        var sel = StickWatch.select(
                state(link(2, "eth0", true), link(9, "eth1", true)),
                StickWatch.Selection.NONE,
                Optional.of("usb0"),
                finder);
        assertThat(((StickPort.Absent) sel.port()).reason())
                .contains("usb0 does not exist")
                .contains("auto");
        sel = StickWatch.select(state(link(2, "eth0", true), link(7, "usb0", false)), sel, Optional.of("usb0"), finder);
        var p = (StickPort.Present) sel.port();
        assertThat(p.running()).isFalse();
        assertThat(p.usable()).isFalse();
    }
}
