package dev.failberry.net;

import dev.failberry.config.FailberryConfig;
import dev.failberry.config.FailberryConfig.Forward;
import dev.failberry.net.RoutingPlan.Facts;
import dev.failberry.net.RoutingPlan.Family;
import dev.failberry.net.RoutingPlan.Link;
import dev.failberry.status.NetworkView;
import dev.failberry.status.NetworkView.FirewallView;
import dev.failberry.status.NetworkView.RoutingView;
import dev.failberry.status.NetworkView.WiredView;
import dev.failberry.time.TimeSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's routing and firewall: reply routing ({@link ReplyRouting}) and the table
 * {@code inet failberry} ({@link FirewallRules}, {@link NftTable}), kept in step with the link.
 *
 * <ul>
 * <li>{@link #start()}: host checks (one log line each), rp_filter, the wired gateway, the firewall
 *     (for the interface the link will have) and the rules without a link, before anything is dialled.
 * <li>{@link #linkUp}: the link's interface and address into the rules (and the table, when the
 *     interface differs), before the link's probes start.
 * <li>{@link #linkDown()}: the link's parts out.
 * <li>{@link #refresh()} (every minute): the table back if someone flushed the ruleset (nftables.service),
 *     the link's IPv6 addresses and the wired interface's address followed, and a failed change tried again.
 * <li>{@link #wiredSource()} (before each round of wired-path probes): the wired address, once what comes
 *     from it is routed through the wired router, or why there is none.
 * <li>{@link #close()}: everything removed.
 * </ul>
 * A failure is logged once (again only when the message changes), shown in the status, and the change is
 * tried again at the next link change or refresh. Thread-safe: every method holds the lock; callers are the
 * supervisor's thread and, at stop, the shutdown thread.
 */
public final class Network implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Network.class);

    private final FailberryConfig config;
    private final HostChecks checks;
    private final Interfaces interfaces;
    private final ReplyRouting routing;
    private final FirewallTable table;
    private final WiredGateway gateways;
    private final TimeSource time;
    private final String expectedLinkInterface;

    private final Set<String> findings = new LinkedHashSet<>();
    private List<Forward> forwards = List.of();
    private Optional<String> gateway4 = Optional.empty();
    private Optional<String> gateway6 = Optional.empty();
    /** The wired interface's IPv4 address in rule 7105 (the wired probes' source). */
    private Optional<String> wiredAddress4 = Optional.empty();
    /** The wired interface was absent, down or without an address at the last look. */
    private boolean wiredGone;

    private Optional<Link> link = Optional.empty();
    private String forwardError;
    private String routingError;
    private boolean routingFailed;
    private Instant appliedAt;
    private Long applyMillis;
    private boolean started;
    private boolean capBlock;
    private volatile NetworkView view;

    Network(
            FailberryConfig config,
            String expectedLinkInterface,
            Commands commands,
            HostChecks checks,
            Interfaces interfaces,
            TimeSource time) {
        this.config = config;
        this.expectedLinkInterface = expectedLinkInterface;
        this.checks = checks;
        this.interfaces = interfaces;
        this.routing = new ReplyRouting(config.routing().ip(), commands);
        this.table = new FirewallTable(new NftTable(config.firewall().nft(), commands), time);
        this.gateways = new WiredGateway(config.stateDir());
        this.time = time;
        this.view = render();
    }

    /**
     * Production: real {@code ip}/{@code nft}, the host's interfaces and {@code /proc/sys}.
     *
     * @param expectedLinkInterface the interface the link will have (the firewall is in place before it
     *                              exists; the link's own report replaces it when it comes up)
     */
    public static Network create(FailberryConfig config, String expectedLinkInterface) {
        return new Network(
                config,
                expectedLinkInterface,
                Commands.system(),
                HostChecks.system(),
                Interfaces.system(),
                TimeSource.SYSTEM);
    }

    private boolean routingOn() {
        return config.routing().replyRouting();
    }

    private boolean tableWanted() {
        return config.routing().replyRouting() || config.firewall().manage();
    }

    public synchronized void start() {
        started = true;
        for (String f : checks.startup(config)) {
            finding(f);
        }
        if (routingOn()) {
            String rp = checks.loosenRpFilter(config.wired().interfaceName());
            if (rp != null) {
                finding(rp);
            }
            learnGateways();
            wiredAddress4 = interfaces.ipv4Address(config.wired().interfaceName());
        }
        forwards = lanForwards();
        if (tableWanted()) {
            loadFirewall(expectedLinkInterface, "start");
        }
        if (routingOn()) {
            applyRouting("start");
        }
        view = render();
    }

    /** The link is up on {@code iface} with {@code ipv4} (as the link reported them): a point-to-point link. */
    public synchronized void linkUp(String iface, String ipv4) {
        linkUp(iface, ipv4, Optional.empty());
    }

    /**
     * The link is up on {@code iface} with {@code ipv4}; {@code gateway4} is its next hop when it has one
     * (an Ethernet-type stick: the link's table routes {@code default via} it).
     */
    public synchronized void linkUp(String iface, String ipv4, Optional<String> gateway4) {
        if (!started) {
            return;
        }
        link = Optional.of(new Link(iface, Optional.ofNullable(ipv4), interfaces.globalIpv6(iface), gateway4));
        if (tableWanted() && (!iface.equals(table.loadedInterface()) || table.failed())) {
            loadFirewall(iface, "link on " + iface);
        }
        if (routingOn()) {
            if (gateway4.isEmpty()) {
                learnGateways();
            }
            applyRouting("link " + iface + " " + ipv4);
        }
        view = render();
    }

    public synchronized void linkDown() {
        if (!started || link.isEmpty()) {
            return;
        }
        link = Optional.empty();
        if (routingOn()) {
            applyRouting("link down");
        }
        view = render();
    }

    /**
     * The data budget's block: LAN traffic may no longer use the link (except {@code ppp.data-usage.cap-allow}),
     * or may again. Takes effect with the next table load, which happens here when the daemon runs (the
     * first load at {@link #start()} already has it, so a restart never opens a gap).
     */
    public synchronized void capBlock(boolean blocked) {
        if (blocked == capBlock) {
            return;
        }
        capBlock = blocked;
        if (!config.firewall().manage()) {
            if (blocked) {
                log.error("firewall: the data cap block cannot be applied: firewall.manage = false");
            }
            return;
        }
        if (started) {
            loadFirewall(
                    link.map(Link::interfaceName)
                            .orElse(table.loadedInterface() != null ? table.loadedInterface() : expectedLinkInterface),
                    blocked ? "data cap block on" : "data cap block off");
            view = render();
        }
    }

    /** Whether the table in force blocks LAN traffic for the data cap. */
    public synchronized boolean capBlocked() {
        return table.blocks();
    }

    /** What the link carried for the Pi itself (health checks, its own calls), from the table's counters; or null. */
    public synchronized dev.failberry.status.DataUsageView.OverheadView overhead() {
        return table.overhead();
    }

    /** Periodic: the table back after a ruleset flush, IPv6 addresses followed, failed changes retried. */
    public synchronized void refresh() {
        if (!started) {
            return;
        }
        if (tableWanted() && table.loaded() && !table.readCounters()) {
            log.warn(
                    "firewall: the table inet {} was removed by someone else (a `flush ruleset`, e.g. nftables.service "
                            + "reloading): loading it again",
                    FirewallRules.TABLE);
            table.forget();
            loadFirewall(table.loadedInterface(), "after a flush");
        } else if (tableWanted() && table.failed()) {
            loadFirewall(link.map(Link::interfaceName).orElse(expectedLinkInterface), "retry");
        }
        boolean v6Changed = link.isPresent()
                && !interfaces
                        .globalIpv6(link.get().interfaceName())
                        .equals(link.get().ipv6());
        if (v6Changed) {
            Link l = link.get();
            link = Optional.of(
                    new Link(l.interfaceName(), l.ipv4(), interfaces.globalIpv6(l.interfaceName()), l.gateway4()));
        }
        Optional<String> wiredNow =
                routingOn() ? interfaces.ipv4Address(config.wired().interfaceName()) : wiredAddress4;
        boolean wiredMoved = !wiredNow.equals(wiredAddress4);
        wiredAddress4 = wiredNow;
        if (routingOn() && (routingFailed || v6Changed || wiredMoved)) {
            applyRouting(routingFailed ? "retry" : v6Changed ? "IPv6 addresses changed" : "wired address changed");
        }
        view = render();
    }

    @Override
    public synchronized void close() {
        if (!started) {
            return;
        }
        started = false;
        if (routingOn()) {
            String e = routing.remove();
            if (e != null) {
                log.warn("routing: could not remove the rules at stop: {}", e);
            }
        }
        String e = table.remove();
        if (e != null) {
            log.warn("firewall: {}", e);
        }
        log.info("network: routing rules and firewall table removed");
    }

    public NetworkView view() {
        return view;
    }

    // ---- firewall ---------------------------------------------------------------------------------

    private void loadFirewall(String iface, String why) {
        var fw = config.firewall();
        table.load(
                new FirewallRules.Spec(
                        config.wired().interfaceName(),
                        iface,
                        config.health().port(),
                        forwards,
                        fw.allow(),
                        fw.manage(),
                        routingOn(),
                        capBlock && fw.manage(),
                        config.ppp().dataUsage().capAllowCidrs()),
                why);
    }

    /** The configured forwards whose target is in the wired LAN; the others are logged and left out. */
    private List<Forward> lanForwards() {
        if (!config.firewall().manage()) {
            return List.of();
        }
        List<Forward> out = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Forward f : config.firewall().forwards()) {
            Optional<String> why = checks.outsideLan(config, f);
            if (why.isPresent()) {
                String line = f.file() + ":" + f.line() + ": firewall." + why.get() + ": not installed";
                log.error("firewall: {}", line);
                refused.add(line);
            } else {
                out.add(f);
            }
        }
        forwardError = refused.isEmpty() ? null : String.join("; ", refused);
        return List.copyOf(out);
    }

    // ---- routing ----------------------------------------------------------------------------------

    private void learnGateways() {
        String wired = config.wired().interfaceName();
        if (config.wired().gateway().isPresent()) {
            gateway4 = config.wired().gateway();
        } else {
            gateway4 = gateways.learned4(routing.defaultGateway(Family.V4, wired));
            if (gateway4.isEmpty()) {
                finding("wired.gateway = auto: no default route on " + wired + " and none remembered: connections "
                        + "that come in through the wired router are answered by the main routing table (set "
                        + "wired.gateway to the router's address)");
            }
        }
        gateway6 = gateways.learned6(routing.defaultGateway(Family.V6, wired));
    }

    private void applyRouting(String why) {
        Facts facts = new Facts(config.wired().interfaceName(), gateway4, gateway6, link, wiredAddress4);
        long t0 = time.nanoTime();
        String error;
        try {
            error = routing.apply(facts);
        } catch (IllegalArgumentException e) {
            error = "refusing an unsafe value: " + e.getMessage();
        }
        long ms = (time.nanoTime() - t0) / 1_000_000;
        if (error != null) {
            if (!error.equals(routingError)) {
                log.error("routing: {} ({}): the link's rules are out until the next link change", error, why);
            }
            routingError = error;
            routingFailed = true;
            return;
        }
        if (routingFailed) {
            log.info("routing: in place again, the error is gone");
        }
        routingFailed = false;
        routingError = null;
        appliedAt = time.now();
        applyMillis = ms;
        log.info(
                "routing: {}: rules and tables in place ({} ms)",
                link.map(l -> "link " + l.interfaceName() + " " + l.ipv4().orElse("-")
                                + (l.ipv6().isEmpty() ? "" : " " + String.join(" ", l.ipv6())))
                        .orElse("no link"),
                ms);
    }

    // ---- the wired path's probes ---------------------------------------------------------------------

    /** What the wired-path probes may bind to now: {@code address}, or why there is none ({@code unavailable}). */
    record WiredSource(String address, String unavailable) {
        static WiredSource none(String why) {
            return new WiredSource(null, why);
        }
    }

    /**
     * The wired interface's IPv4 address for the wired-path probes, once rule 7105 sends what comes from it
     * through the wired router (the rule follows an address that DHCP changed before the round is made); or
     * why probing cannot be trusted now: the interface is absent or has no address, the router is unknown,
     * or the rules could not be put in place (a probe then could follow the main table out of the link).
     * Runs on the probe thread.
     */
    synchronized WiredSource wiredSource() {
        String iface = config.wired().interfaceName();
        Optional<String> now = interfaces.ipv4Address(iface);
        if (now.isEmpty()) {
            wiredGone = true;
            return WiredSource.none(
                    interfaces.networks(iface).isEmpty()
                            ? "wired interface " + iface + " is absent"
                            : iface + " is down or has no IPv4 address");
        }
        if (!routingOn()) {
            if (config.ppp().defaultRoute()) {
                return WiredSource.none("routing.reply-routing = false while ppp.default-route = true: a probe "
                        + "would follow the default route out of the mobile link");
            }
            return new WiredSource(now.get(), null); // the main table's default route is the wired router's
        }
        if (!started) {
            return WiredSource.none("routing not set up yet");
        }
        if (gateway4.isEmpty()) {
            learnGateways();
            if (gateway4.isEmpty()) {
                return WiredSource.none(
                        "no wired gateway: no default route on " + iface + " and none remembered (set wired.gateway)");
            }
            applyRouting("wired gateway " + gateway4.get());
            view = render();
        }
        if (!now.equals(wiredAddress4) || wiredGone) {
            // an interface that went down or lost its last address took every route through it with it
            // (table 7101's too): without this a probe would fall through to the main table, out of the link
            String why = (wiredGone ? "wired interface back: " : "wired address ") + now.get();
            wiredAddress4 = now;
            wiredGone = false;
            applyRouting(why);
            view = render();
        }
        if (routingFailed) {
            return WiredSource.none("the routing rules are not in place (" + routingError + ")");
        }
        return new WiredSource(now.get(), null);
    }

    // ---- status -----------------------------------------------------------------------------------

    private void finding(String line) {
        if (findings.add(line)) {
            log.warn("network: {}", line);
        }
    }

    private NetworkView render() {
        var fw = config.firewall();
        String gw = config.wired().gateway().orElse(gateway4.orElse(null));
        String fwError = table.error() != null ? table.error() : forwardError;
        return new NetworkView(
                new WiredView(config.wired().interfaceName(), gw, "unknown", null, null)
                        .withAddress(wiredAddress4.orElse(null)),
                new FirewallView(
                        fw.manage(),
                        forwards.size(),
                        fw.allow(),
                        table.blocks(),
                        fwError,
                        table.loadedAt(),
                        table.loadMillis()),
                new RoutingView(
                        routingOn(),
                        link.map(Link::interfaceName).orElse(null),
                        link.flatMap(Link::ipv4).orElse(null),
                        routingError,
                        appliedAt,
                        applyMillis),
                List.copyOf(findings));
    }
}
