package dev.failberry.usbnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.ppp.LinkDown;
import dev.failberry.ppp.LinkInfo;
import dev.failberry.ppp.PppListener;
import dev.failberry.ppp.PppState;
import dev.failberry.ppp.PppdExit;
import dev.failberry.time.VirtualTime;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Ethernet-type link as the supervisor sees it: up only while wanted and the interface has its
 * address and a gateway; down with the reason (interface gone, no carrier, address lost); a new address
 * reported as an IP change; a redial asks the stick to reconnect; a reboot hold keeps a still-present
 * interface from counting as up.
 */
class EthernetLinkTest {
    private final VirtualTime time = new VirtualTime(Instant.parse("2026-12-01T00:00:00Z"));
    private final List<String> events = new ArrayList<>();
    private final List<LinkDown> downs = new ArrayList<>();
    private final List<Runnable> pendingReconnects = new ArrayList<>();
    private final EthernetLink link = new EthernetLink(
            time,
            new PppListener() {
                @Override
                public void linkUp(LinkInfo l) {
                    events.add("up " + l.interfaceName() + " " + l.localIp() + " via " + l.gateway());
                }

                @Override
                public void linkDown(LinkDown d) {
                    downs.add(d);
                    events.add("down " + d.reason());
                }

                @Override
                public void ipChanged(LinkInfo previous, LinkInfo current) {
                    events.add("ip " + previous.localIp() + " -> " + current.localIp());
                }
            },
            new LinkGateway(Optional.empty(), Optional.of(v4("192.168.8.1")), iface -> Optional.empty()),
            new EthernetLink.Stick() {
                @Override
                public void connect() {
                    events.add("connect");
                }

                @Override
                public void reconnect(String iface, Runnable done) {
                    events.add("reconnect " + iface);
                    pendingReconnects.add(done);
                }
            });

    private void port(StickPort p) {
        time.execute(() -> link.portChanged(p));
        time.runDue();
    }

    private static StickPort.Present present(String name, boolean running, String ip) {
        return new StickPort.Present(
                7, name, running, ip == null ? Optional.empty() : Optional.of(new StickPort.Address(v4(ip), 24)), name);
    }

    @Test
    void upOnlyWhenWantedAndTheInterfaceHasItsAddressThenDownWithTheReason() {
        port(present("usb0", true, "192.168.8.100"));
        assertThat(events).isEmpty();
        link.start(null);
        time.runDue();
        assertThat(events).containsExactly("connect", "up usb0 192.168.8.100 via 192.168.8.1");
        assertThat(link.status().state()).isEqualTo(PppState.CONNECTED);

        port(present("usb0", true, null));
        port(present("usb0", false, null));
        port(new StickPort.Absent("unplugged"));
        assertThat(downs).extracting(LinkDown::reason).containsExactly(PppdExit.ADDRESS_LOST);
        assertThat(link.status().state()).isEqualTo(PppState.DIALING);

        port(present("usb0", true, "192.168.8.100"));
        port(present("usb0", false, "192.168.8.100"));
        port(new StickPort.Absent("unplugged"));
        port(present("usb0", true, "192.168.8.100"));
        assertThat(downs).extracting(LinkDown::reason).containsExactly(PppdExit.ADDRESS_LOST, PppdExit.NO_CARRIER);
        link.stop("test");
        time.runDue();
        assertThat(downs).extracting(LinkDown::reason).endsWith(PppdExit.STOPPED);
        port(new StickPort.Absent("unplugged"));
        port(present("usb0", true, "192.168.8.100"));
        assertThat(link.status().state()).isEqualTo(PppState.IDLE);
        assertThat(link.status().reconnects()).isEqualTo(2);
    }

    @Test
    void aNewAddressOnTheSameInterfaceIsAnIpChange() {
        link.start(null);
        port(present("usb0", true, "192.168.8.100"));
        port(present("usb0", true, "192.168.8.101"));
        assertThat(events)
                .containsExactly(
                        "connect",
                        "up usb0 192.168.8.100 via 192.168.8.1",
                        "up usb0 192.168.8.101 via 192.168.8.1",
                        "ip 192.168.8.100 -> 192.168.8.101");
    }

    @Test
    void redialAsksTheStickToReconnectAndComesBackUpWhenItIsDone() {
        link.start(null);
        port(present("usb0", true, "192.168.8.100"));
        link.redial();
        time.runDue();
        assertThat(events).endsWith("down STOPPED", "reconnect usb0");
        link.redial();
        time.runDue();
        assertThat(pendingReconnects).hasSize(1);
        pendingReconnects.get(0).run();
        time.runDue();
        assertThat(events).endsWith("reconnect usb0", "up usb0 192.168.8.100 via 192.168.8.1");
    }

    @Test
    void aRebootHoldKeepsTheStillPresentInterfaceFromCountingAsUpUntilItChanges() {
        link.start(null);
        port(present("usb0", true, "192.168.8.100"));
        link.holdForReboot(Duration.ofSeconds(90));
        link.stop("modem reset");
        link.start(null);
        time.runDue();
        assertThat(events)
                .containsExactly("connect", "up usb0 192.168.8.100 via 192.168.8.1", "down STOPPED", "connect");
        port(new StickPort.Absent("rebooting"));
        port(present("eth1", true, "192.168.8.102"));
        assertThat(events).endsWith("up eth1 192.168.8.102 via 192.168.8.1", "ip 192.168.8.100 -> 192.168.8.102");
    }

    @Test
    void aRebootHoldEndsAfterItsTimeWhenTheInterfaceNeverChanged() {
        link.start(null);
        port(present("usb0", true, "192.168.8.100"));
        link.holdForReboot(Duration.ofSeconds(90));
        link.stop("modem reset");
        link.start(null);
        time.advance(Duration.ofSeconds(89));
        assertThat(events).filteredOn(e -> e.startsWith("up ")).hasSize(1);
        time.advance(Duration.ofSeconds(1));
        assertThat(events).last().isEqualTo("up usb0 192.168.8.100 via 192.168.8.1");
    }

    private static Inet4Address v4(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }
}
