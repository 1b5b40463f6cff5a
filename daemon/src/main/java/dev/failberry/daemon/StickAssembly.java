package dev.failberry.daemon;

import dev.failberry.config.FailberryConfig;
import dev.failberry.config.LinkConfig;
import dev.failberry.daemon.Capabilities.ModemControl;
import dev.failberry.hilink.HilinkClient;
import dev.failberry.hilink.StickMonitor;
import dev.failberry.modem.ModemStatus;
import dev.failberry.ppp.PppComponents;
import dev.failberry.time.Scheduler;
import dev.failberry.time.ThreadScheduler;
import dev.failberry.usbnet.DhcpRenew;
import dev.failberry.usbnet.EthernetLink;
import dev.failberry.usbnet.InterfaceLookup;
import dev.failberry.usbnet.InterfaceReturn;
import dev.failberry.usbnet.LinkGateway;
import dev.failberry.usbnet.StickInterfaces;
import dev.failberry.usbnet.StickPort;
import dev.failberry.usbnet.StickWatch;
import java.net.InetAddress;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The parts of an Ethernet-type stick ({@code link.type = ethernet}) that take the places of the AT modem
 * and pppd in the same supervisor: the {@link StickWatch} (which interface is the stick's, from
 * {@code ip monitor}), the {@link StickMonitor} (the stick's condition, from its interface and its HiLink
 * API, on a thread of its own where the blocking HTTP requests run) as the modem capability, and the
 * {@link EthernetLink} as the link inside the same {@link PppComponents} (probes, public address, data
 * usage), so routing, the firewall and DNS follow it as they follow pppd.
 */
final class StickAssembly implements AutoCloseable {
    final StickWatch watch;
    final StickMonitor monitor;
    final EthernetLink link;
    final PppComponents components;
    final ThreadScheduler stickThread;
    final StickInterfaces interfaces;
    private final LinkConfig linkConfig;

    private StickAssembly(
            FailberryConfig config,
            Environment env,
            Scheduler supScheduler,
            PppBridge bridge,
            Consumer<ModemStatus> modemListener) {
        LinkConfig lc = config.link();
        this.linkConfig = lc;
        this.stickThread = new ThreadScheduler("failberry-stick");
        this.interfaces = StickInterfaces.fromConfig(config);
        this.watch = StickWatch.fromConfig(config, supScheduler);
        Optional<HilinkClient> client = lc.control() == LinkConfig.ModemControl.HILINK
                ? Optional.of(HilinkClient.fromConfig(lc.hilink(), this::linkAddress, stickThread.time()))
                : Optional.empty();
        PppComponents[] ppp = new PppComponents[1];
        this.monitor = new StickMonitor(
                client,
                new StickMonitor.Settings(
                        config.modem().pollInterval(),
                        config.modem().hungThreshold(),
                        lc.addressTimeout(),
                        lc.hilink().dmz()),
                stickThread,
                new DhcpRenew(config.routing().ip(), stickThread),
                modemListener,
                wan -> supScheduler.execute(() -> ppp[0].publicIp().stickWan(wan)));
        EthernetLink[] made = new EthernetLink[1];
        this.components = PppComponents.withLink(
                config,
                supScheduler,
                bridge,
                env.probeBinding(),
                env.zone(),
                listener ->
                        made[0] = new EthernetLink(supScheduler, listener, LinkGateway.fromConfig(config), monitor));
        ppp[0] = components;
        this.link = made[0];
        if (client.isPresent()) {
            components.publicIp().expectStickWan();
        }
        watch.listen(p -> {
            link.portChanged(p);
            monitor.portChanged(p);
        });
    }

    static StickAssembly create(
            FailberryConfig config,
            Environment env,
            Scheduler supScheduler,
            PppBridge bridge,
            Consumer<ModemStatus> modemListener) {
        return new StickAssembly(config, env, supScheduler, bridge, modemListener);
    }

    /** The interface the firewall is loaded for before the link is up: the configured one, or the one found now. */
    String expectedInterface() {
        if (!linkConfig.autoInterface()) {
            return linkConfig.interfaceName();
        }
        InterfaceLookup l = interfaces.find();
        return l instanceof InterfaceLookup.Found f ? f.name() : "usb0";
    }

    /** Waits for the stick's interface after a power cycle (found again by USB id under any name). */
    PowerBridge.Return stickBack(Scheduler supScheduler) {
        return PowerBridge.Return.networkInterface(new InterfaceReturn(interfaces::find, supScheduler));
    }

    /** The stick monitor as the controller's modem capability. */
    ModemControl modemControl() {
        return new ModemControl() {
            @Override
            public void start() {
                watch.start();
                monitor.start();
            }

            @Override
            public void checkNow() {
                monitor.checkNow();
            }

            @Override
            public void softReset(String reason) {
                link.holdForReboot(StickMonitor.REBOOT_WINDOW);
                monitor.softReset(reason);
            }

            @Override
            public void close() {
                monitor.close();
            }
        };
    }

    /** The HiLink API is asked from the link's own address (its requests never leave by the wired side). */
    private Optional<InetAddress> linkAddress() {
        return watch.current() instanceof StickPort.Present p
                ? p.ipv4().map(StickPort.Address::address)
                : Optional.empty();
    }

    @Override
    public void close() {
        watch.close();
        stickThread.close();
    }
}
