package dev.failberry.usbnet;

import dev.failberry.ppp.LinkDown;
import dev.failberry.ppp.LinkDriver;
import dev.failberry.ppp.LinkInfo;
import dev.failberry.ppp.PppListener;
import dev.failberry.ppp.PppState;
import dev.failberry.ppp.PppStatus;
import dev.failberry.ppp.PppdExit;
import dev.failberry.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link of an Ethernet-type stick ({@code link.type = ethernet}): up while it is wanted and the
 * stick's interface is running with a DHCP address and a gateway ({@link LinkGateway}); down when the
 * interface goes away, loses its carrier or its address. It reports through the same
 * {@link PppListener} as pppd does, so probes (bound to this address), reply routing, the firewall, data
 * usage, the public address and DNS follow it unchanged. It has no loop of its own: the system's DHCP
 * client keeps the address, and the stick connects by itself; what the supervisor asks is passed to the
 * {@link Stick}: {@link #start} connects it (HiLink: mobile data on), {@link #redial} reconnects it
 * (HiLink: mobile data off and on; otherwise a DHCP renew by taking the interface down and up).
 *
 * <p>Threads: all state lives on the scheduler (the supervisor's); {@link #portChanged} may be called
 * from it only (the {@link StickWatch} does).
 */
public final class EthernetLink implements LinkDriver {
    private static final Logger LOG = LoggerFactory.getLogger(EthernetLink.class);

    /** What the link asks of the stick; each returns at once and does its work elsewhere. */
    public interface Stick {
        /** The link is wanted: make the stick connect (HiLink: mobile data on if it is off). */
        void connect();

        /** Reconnect the stick's data connection (or renew the DHCP lease of {@code iface}); then {@code done}. */
        void reconnect(String iface, Runnable done);
    }

    private final Scheduler scheduler;
    private final PppListener listener;
    private final LinkGateway gateways;
    private final Stick stick;

    // scheduler-thread state
    private StickPort port = new StickPort.Absent("not looked for yet");
    private boolean wanted;
    private boolean reconnecting;
    private LinkInfo up;
    private long upSince;
    private LinkInfo lastLink;
    private LinkDown lastDown;
    private int reconnects;
    private int dials;
    private PppState state = PppState.IDLE;
    /** Set by {@link #holdForReboot}: the port as it was when the stick was told to reboot. */
    private StickPort heldPort;

    private long heldUntil;
    private volatile PppStatus status;

    public EthernetLink(Scheduler scheduler, PppListener listener, LinkGateway gateways, Stick stick) {
        this.scheduler = scheduler;
        this.listener = listener;
        this.gateways = gateways;
        this.stick = stick;
        this.status = new PppStatus(PppState.IDLE, scheduler.time().now(), "not started", null, null, null, 0, 0);
    }

    /** The interface watch's report (on the scheduler). */
    public void portChanged(StickPort p) {
        port = p;
        evaluate();
    }

    /**
     * The stick was told to reboot: its interface still looks usable until it goes away, so the link does
     * not count it as up (were it dialled meanwhile) until the interface has changed (gone, back, a new
     * address) or {@code max} has passed.
     */
    public void holdForReboot(Duration max) {
        scheduler.execute(() -> {
            heldPort = port;
            heldUntil = scheduler.time().nanoTime() + max.toNanos();
            scheduler.schedule(max, this::evaluate);
        });
    }

    /** True while a reboot hold lasts (and ends it once the interface changed or the time is up). */
    private boolean held() {
        if (heldPort == null) {
            return false;
        }
        if (!heldPort.equals(port) || scheduler.time().nanoTime() - heldUntil >= 0) {
            heldPort = null;
            return false;
        }
        return true;
    }

    @Override
    public void start(String dataPort) {
        scheduler.execute(() -> {
            if (wanted) {
                return;
            }
            wanted = true;
            dials++;
            stick.connect();
            evaluate();
        });
    }

    @Override
    public void stop(String why) {
        scheduler.execute(() -> {
            wanted = false;
            down(PppdExit.STOPPED, null, why);
            setState(PppState.IDLE, why == null ? "stopped" : "stopped: " + why);
        });
    }

    @Override
    public void redial() {
        scheduler.execute(() -> {
            if (!wanted || reconnecting) {
                return;
            }
            dials++;
            reconnecting = true;
            down(PppdExit.STOPPED, null, "reconnect");
            String iface = port instanceof StickPort.Present p ? p.name() : null;
            setState(PppState.DIALING, "reconnecting");
            if (iface == null) {
                reconnecting = false;
                evaluate();
                return;
            }
            stick.reconnect(
                    iface,
                    () -> scheduler.execute(() -> {
                        reconnecting = false;
                        evaluate();
                    }));
        });
    }

    @Override
    public PppStatus status() {
        return status;
    }

    /** Up, down or changed, as the port and the wish stand. */
    private void evaluate() {
        if (!wanted || reconnecting) {
            return;
        }
        if (held()) {
            down(PppdExit.STOPPED, null, "the stick is rebooting");
            setState(PppState.DIALING, "waiting for the stick's reboot");
            return;
        }
        if (port instanceof StickPort.Present p && p.usable()) {
            StickPort.Address a = p.ipv4().orElseThrow();
            Optional<String> gw = gateways.forLink(p.name(), a);
            if (gw.isEmpty()) {
                down(
                        PppdExit.ADDRESS_LOST,
                        "no gateway in " + a.text() + "/" + a.prefix() + ": set link.gateway",
                        null);
                setState(PppState.DIALING, "no gateway for " + p.name());
                return;
            }
            LinkInfo info = new LinkInfo(
                    p.name(),
                    p.device(),
                    a.text(),
                    gw.get(),
                    List.of(),
                    scheduler.time().now(),
                    gw.get());
            if (up == null) {
                if (lastLink != null) {
                    reconnects++;
                }
                announce(info, null);
            } else if (!up.localIp().equals(info.localIp())
                    || !up.interfaceName().equals(info.interfaceName())
                    || !up.gateway().equals(info.gateway())) {
                announce(info, up);
            }
            return;
        }
        if (up != null) {
            PppdExit why = port instanceof StickPort.Present p
                    ? (p.running() ? PppdExit.ADDRESS_LOST : PppdExit.NO_CARRIER)
                    : PppdExit.INTERFACE_GONE;
            down(why, cause(port), null);
        }
        setState(PppState.DIALING, "waiting for " + describe(port));
    }

    private void announce(LinkInfo info, LinkInfo previous) {
        LinkInfo before = lastLink;
        up = info;
        lastLink = info;
        if (previous == null) {
            upSince = scheduler.time().nanoTime();
        }
        setState(PppState.CONNECTED, "local IP " + info.localIp() + " via " + info.gateway());
        LOG.info("link up on {}: {} via {}", info.interfaceName(), info.localIp(), info.gateway());
        listener.linkUp(info);
        if (before != null && !before.localIp().equals(info.localIp())) {
            LOG.info("link IP changed {} -> {}", before.localIp(), info.localIp());
            listener.ipChanged(before, info);
        }
    }

    private void down(PppdExit why, String cause, String stoppedFor) {
        if (up == null) {
            return;
        }
        Duration upFor = Duration.ofNanos(scheduler.time().nanoTime() - upSince);
        up = null;
        lastDown = new LinkDown(why, -1, cause, true, upFor, stoppedFor);
        LOG.info("link down: {}", lastDown.describe());
        listener.linkDown(lastDown);
    }

    private static String cause(StickPort p) {
        if (p instanceof StickPort.Present present) {
            return !present.running() ? "no carrier on " + present.name() : present.name() + " has no IPv4 address";
        }
        if (p instanceof StickPort.CdRom c) {
            return "the stick " + c.ids() + " is a CD-ROM again";
        }
        return ((StickPort.Absent) p).reason();
    }

    private static String describe(StickPort p) {
        if (p instanceof StickPort.Present present) {
            return !present.running() ? present.name() + " to have a carrier" : present.name() + "'s DHCP address";
        }
        if (p instanceof StickPort.CdRom c) {
            return "the stick to leave CD-ROM mode (" + c.ids() + ")";
        }
        return "the stick's interface (" + ((StickPort.Absent) p).reason() + ")";
    }

    private void setState(PppState next, String reason) {
        PppState before = state;
        state = next;
        status = new PppStatus(
                next,
                before == next ? status.since() : scheduler.time().now(),
                reason,
                up,
                lastLink,
                lastDown,
                reconnects,
                dials);
        if (before != next) {
            LOG.info("link {} -> {} ({})", before, next, reason);
            listener.stateChanged(before, next, reason);
        }
    }

    @Override
    public void close() {
        scheduler.execute(() -> wanted = false);
    }
}
