package dev.failberry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.daemon.Capabilities.PowerResult;
import dev.failberry.hilink.HilinkClient;
import dev.failberry.hilink.StickMonitor;
import dev.failberry.http.client.BoundHttpClient;
import dev.failberry.ppp.LinkDown;
import dev.failberry.ppp.LinkInfo;
import dev.failberry.ppp.PppListener;
import dev.failberry.sim.hilink.HilinkStandIn;
import dev.failberry.time.VirtualTime;
import dev.failberry.usbnet.DhcpRenew;
import dev.failberry.usbnet.EthernetLink;
import dev.failberry.usbnet.LinkGateway;
import dev.failberry.usbnet.StickPort;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recovery ladder of an Ethernet-type stick in virtual time: the real {@link Controller} deciding, the
 * real {@link StickMonitor} and {@link EthernetLink} as its modem and link capabilities, and the HiLink
 * stand-in (captured replies over real HTTP on loopback) as the stick's API. Only the interface watch
 * (fed here as {@link StickPort} values, as {@code ip monitor} would report them) and the USB power switch
 * are in memory. Proves: reconnect through the API, then the stick's reboot through the API, then the
 * power cycle; a silent API skips the rungs that need it; the stick coming back under another name.
 */
class StickLadderTest {
    private static final Inet4Address WAN = v4("203.0.113.44");
    private static final StickPort.Present USB0 = present(7, "usb0", "192.168.8.100");
    private static final StickPort.Present ETH1 = present(9, "eth1", "192.168.8.101");

    @TempDir
    Path state;

    private final VirtualTime time = new VirtualTime(Instant.parse("2026-12-01T00:00:00Z"));
    private final List<String> calls = new ArrayList<>();
    private final List<LinkInfo> ups = new ArrayList<>();
    private final List<Optional<String>> wans = new ArrayList<>();
    private HilinkStandIn stick;
    private StickMonitor monitor;
    private EthernetLink link;
    private Controller controller;
    private Supervisor supervisor;
    private Consumer<PowerResult> pendingCycle;

    @AfterEach
    void close() {
        if (stick != null) {
            stick.close();
        }
    }

    private void build() throws Exception {
        stick = HilinkStandIn.start(HilinkStandIn.Profile.E3372_22X, WAN);
        FailberryConfig config = ConfigLoader.fromUserConfig(
                com.typesafe.config.ConfigFactory.parseString(
                        "failberry { link.type = ethernet, modem.control = hilink, modem.hilink.url = \"" + stick.url()
                                + "\" }"),
                "test.conf");
        supervisor = new Supervisor(time);
        HilinkClient client = new HilinkClient(
                stick.url(), Optional.empty(), new BoundHttpClient(Duration.ofSeconds(2)), Optional::empty, time);
        Controller[] c = new Controller[1];
        monitor = new StickMonitor(
                Optional.of(client),
                new StickMonitor.Settings(
                        config.modem().pollInterval(),
                        config.modem().hungThreshold(),
                        config.link().addressTimeout(),
                        true),
                time,
                new DhcpRenew(Path.of("/bin/true"), time),
                s -> {
                    log("modem " + s.condition().name().toLowerCase());
                    c[0].onModem(s);
                },
                wans::add);
        PppListener listener = new PppListener() {
            @Override
            public void linkUp(LinkInfo l) {
                ups.add(l);
                log("up " + l.interfaceName() + " " + l.localIp() + " via " + l.gateway());
                c[0].onLinkUp(l.localIp(), null);
            }

            @Override
            public void linkDown(LinkDown d) {
                log("down " + d.reason().name().toLowerCase());
                c[0].onLinkDown(d.describe());
            }
        };
        link = new EthernetLink(
                time,
                listener,
                new LinkGateway(Optional.empty(), Optional.of(v4("192.168.8.1")), iface -> Optional.empty()),
                monitor);
        var guard =
                new RebootGuard(config.recovery().reboot(), state, time::now, () -> Optional.of(Duration.ofDays(3)));
        var settings = new Controller.Settings(
                config.modem().registrationTimeout(),
                config.modem().simBusyTimeout(),
                config.usbPower().waitForModem(),
                config.usbPower().offTime(),
                config.ppp().probe().enabled());
        controller = new Controller(
                supervisor,
                settings,
                RecoveryPolicy.from(config, true),
                guard,
                new Capabilities.ModemControl() {
                    @Override
                    public void start() {
                        log("modem.start");
                        monitor.start();
                    }

                    @Override
                    public void checkNow() {
                        monitor.checkNow();
                    }

                    @Override
                    public void softReset(String reason) {
                        log("modem.softReset");
                        link.holdForReboot(StickMonitor.REBOOT_WINDOW);
                        monitor.softReset(reason);
                    }

                    @Override
                    public void close() {
                        monitor.close();
                    }
                },
                new Capabilities.LinkControl() {
                    @Override
                    public void dial() {
                        log("link.dial");
                        link.start(null);
                    }

                    @Override
                    public void hangup(String reason) {
                        log("link.hangup");
                        link.stop(reason);
                    }

                    @Override
                    public void restart(String reason) {
                        log("link.restart");
                        link.redial();
                    }

                    @Override
                    public void close() {
                        link.close();
                    }
                },
                new Capabilities.PowerControl() {
                    @Override
                    public boolean available() {
                        return true;
                    }

                    @Override
                    public void cycle(String reason, Consumer<PowerResult> done) {
                        log("power.cycle");
                        pendingCycle = done;
                    }
                },
                reason -> {
                    log("host.reboot");
                    return null;
                },
                new Capabilities.DnsControl() {
                    @Override
                    public void addressChanged(String ip, String local) {
                        log("dns " + ip);
                    }

                    @Override
                    public void linkDown() {}

                    @Override
                    public void close() {}
                },
                (a, why) -> {});
        c[0] = controller;
    }

    private void log(String call) {
        calls.add(seconds() + "s " + call);
    }

    private long seconds() {
        return time.nanoTime() / 1_000_000_000L;
    }

    private void at(long second, Runnable r) {
        time.advance(Duration.ofSeconds(second - seconds()));
        r.run();
        time.runDue();
    }

    private void advanceTo(long second) {
        time.advance(Duration.ofSeconds(second - seconds()));
    }

    private List<String> callsFrom(long second) {
        return calls.stream()
                .filter(s -> Long.parseLong(s.substring(0, s.indexOf('s'))) >= second)
                .toList();
    }

    /** The calls without their times. */
    private static List<String> what(List<String> calls) {
        return calls.stream().map(c -> c.substring(c.indexOf(' ') + 1)).toList();
    }

    private void port(StickPort p) {
        link.portChanged(p);
        monitor.portChanged(p);
    }

    /** Boots with the stick's interface appearing at second 2 and the link verified at second 10. */
    private void connect() {
        controller.start();
        time.runDue();
        at(2, () -> port(USB0));
        at(10, () -> controller.onLinkVerification(true, "3 targets answer"));
    }

    @Test
    void stickWithItsAddressIsRegisteredTheLinkComesUpViaTheStickAndTheWanAddressAndDmzAreSet() throws Exception {
        build();
        connect();
        assertThat(calls)
                .containsSubsequence(
                        "0s modem.start",
                        "0s modem absent",
                        "2s modem registered",
                        "2s link.dial",
                        "2s up usb0 192.168.8.100 via 192.168.8.1");
        assertThat(wans).contains(Optional.of("203.0.113.44"));
        assertThat(stick.dmzHost()).contains(v4("192.168.8.100"));
        var modem = supervisor.snapshot().modem();
        assertThat(modem.state()).isEqualTo("registered");
        assertThat(modem.port()).isEqualTo("usb0");
        assertThat(modem.stick().wanIp()).isEqualTo("203.0.113.44");
        assertThat(modem.stick().dmz()).isEqualTo("192.168.8.100");
        assertThat(modem.stick().rsrpDbm()).isNotNull();
        assertThat(supervisor.state()).isEqualTo(DaemonState.CONNECTED);
    }

    @Test
    void trafficThatStopsClimbsReconnectThroughTheApiThenTheSticksRebootThenThePowerCycle() throws Exception {
        build();
        connect();
        at(100, () -> controller.onLinkVerification(false, "no probe target answers"));
        // the supervisor's grace, then reconnect x2 through the API (mobile data off and on)
        advanceTo(159);
        assertThat(callsFrom(100))
                .containsExactly(
                        "120s link.restart",
                        "120s down stopped",
                        "120s up usb0 192.168.8.100 via 192.168.8.1",
                        "140s link.restart",
                        "140s down stopped",
                        "140s up usb0 192.168.8.100 via 192.168.8.1");
        assertThat(stick.requests("/api/dialup/mobile-dataswitch")).isEqualTo(4);
        assertThat(stick.reboots()).isZero();

        // then the stick's reboot through the API; it goes away and comes back with another address
        advanceTo(160);
        assertThat(stick.reboots()).isEqualTo(1);
        assertThat(callsFrom(160)).startsWith("160s link.hangup", "160s modem.softReset", "160s down stopped");
        assertThat(callsFrom(160)).contains("160s modem absent").noneMatch(c -> c.contains(" up "));
        at(163, () -> port(new StickPort.Absent("usb0 went away")));
        at(190, () -> port(present(7, "usb0", "192.168.8.102")));
        assertThat(callsFrom(161))
                .containsSubsequence(
                        "190s modem registered", "190s link.dial", "190s up usb0 192.168.8.102 via 192.168.8.1");
        assertThat(stick.dmzHost()).contains(v4("192.168.8.102"));

        // traffic still does not flow: the USB power cycle; the stick returns as eth1
        advanceTo(400);
        assertThat(what(callsFrom(191))).containsSubsequence("link.hangup", "power.cycle");
        long cycleAt = seconds();
        port(new StickPort.Absent("eth1 not there yet"));
        time.runDue();
        advanceTo(cycleAt + 20);
        port(ETH1);
        var done = pendingCycle;
        pendingCycle = null;
        done.accept(new PowerResult(true, true, "device went away and came back; the stick's interface is back: eth1"));
        time.runDue();
        advanceTo(cycleAt + 40);
        assertThat(ups.get(ups.size() - 1).interfaceName()).isEqualTo("eth1");
        assertThat(ups.get(ups.size() - 1).localIp()).isEqualTo("192.168.8.101");
        assertThat(supervisor.snapshot().recovery().redials()).isEqualTo(2);
        assertThat(supervisor.snapshot().recovery().modemResets()).isEqualTo(1);
        assertThat(supervisor.snapshot().recovery().usbPowerCycles()).isEqualTo(1);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(
            value = HilinkStandIn.Fault.class,
            names = {"HTML", "MALFORMED", "UNKNOWN_CODE"})
    void aSilentApiSkipsTheRungsThatNeedItAndGoesStraightToThePowerCycle(HilinkStandIn.Fault fault) throws Exception {
        build();
        connect();
        int switches = stick.requests("/api/dialup/mobile-dataswitch");
        at(100, () -> {
            stick.fault(fault);
            monitor.checkNow();
        });
        advanceTo(130);
        assertThat(what(callsFrom(100))).containsSubsequence("modem hung", "link.hangup", "power.cycle");
        assertThat(callsFrom(100)).noneMatch(c -> c.endsWith("link.restart") || c.endsWith("modem.softReset"));
        assertThat(stick.reboots()).isZero();
        assertThat(stick.requests("/api/dialup/mobile-dataswitch")).isEqualTo(switches);
        assertThat(supervisor.snapshot().modem().lastError()).contains("stick not answering");
    }

    private static StickPort.Present present(int index, String name, String address) {
        return new StickPort.Present(index, name, true, Optional.of(new StickPort.Address(v4(address), 24)), name);
    }

    private static Inet4Address v4(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }
}
