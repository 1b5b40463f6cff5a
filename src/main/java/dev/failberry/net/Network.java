package dev.failberry.net;

import dev.failberry.config.FailberryConfig;
import dev.failberry.config.FailberryConfig.Forward;
import dev.failberry.net.RoutingPlan.Facts;
import dev.failberry.net.RoutingPlan.Family;
import dev.failberry.net.RoutingPlan.Link;
import dev.failberry.status.StatusSnapshot.FirewallView;
import dev.failberry.status.StatusSnapshot.NetworkView;
import dev.failberry.status.StatusSnapshot.RoutingView;
import dev.failberry.status.StatusSnapshot.WiredView;
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
 *     the link's IPv6 addresses followed, and a failed change tried again.
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
    private final NftTable nft;
    private final WiredGateway gateways;
    private final TimeSource time;
    private final String expectedLinkInterface;

    private final Set<String> findings = new LinkedHashSet<>();
    private List<Forward> forwards = List.of();
    private Optional<String> gateway4 = Optional.empty();
    private Optional<String> gateway6 = Optional.empty();
    private Optional<Link> link = Optional.empty();
    private String loadedInterface;
    private String loadedText;
    private boolean firewallFailed;
    private String firewallError;
    private String forwardError;
    private Instant loadedAt;
    private Long loadMillis;
    private String routingError;
    private boolean routingFailed;
    private Instant appliedAt;
    private Long applyMillis;
    private boolean started;
    private volatile NetworkView view;

    Network(FailberryConfig config, String expectedLinkInterface, Commands commands, HostChecks checks,
            Interfaces interfaces, TimeSource time) {
        this.config = config;
        this.expectedLinkInterface = expectedLinkInterface;
        this.checks = checks;
        this.interfaces = interfaces;
        this.routing = new ReplyRouting(config.routing().ip(), commands);
        this.nft = new NftTable(config.firewall().nft(), commands);
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
        return new Network(config, expectedLinkInterface, Commands.system(), HostChecks.system(), Interfaces.system(),
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

    /** The link is up on {@code iface} with {@code ipv4} (as the link reported them). */
    public synchronized void linkUp(String iface, String ipv4) {
        if (!started) {
            return;
        }
        link = Optional.of(new Link(iface, Optional.ofNullable(ipv4), interfaces.globalIpv6(iface), Optional.empty()));
        if (tableWanted() && (!iface.equals(loadedInterface) || firewallFailed)) {
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

    /** Periodic: the table back after a ruleset flush, IPv6 addresses followed, failed changes retried. */
    public synchronized void refresh() {
        if (!started) {
            return;
        }
        if (tableWanted() && loadedText != null && !nft.present()) {
            log.warn("firewall: the table inet {} was removed by someone else (a `flush ruleset`, e.g. nftables.service "
                    + "reloading): loading it again", FirewallRules.TABLE);
            loadedText = null;
            loadFirewall(loadedInterface, "after a flush");
        } else if (tableWanted() && firewallFailed) {
            loadFirewall(link.map(Link::interfaceName).orElse(expectedLinkInterface), "retry");
        }
        boolean v6Changed = link.isPresent()
                && !interfaces.globalIpv6(link.get().interfaceName()).equals(link.get().ipv6());
        if (v6Changed) {
            Link l = link.get();
            link = Optional.of(new Link(l.interfaceName(), l.ipv4(), interfaces.globalIpv6(l.interfaceName()), l.gateway4()));
        }
        if (routingOn() && (routingFailed || v6Changed)) {
            applyRouting(routingFailed ? "retry" : "IPv6 addresses changed");
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
        if (loadedText != null) {
            String e = nft.delete();
            if (e != null) {
                log.warn("firewall: {}", e);
            }
        }
        log.info("network: routing rules and firewall table removed");
    }

    public NetworkView view() {
        return view;
    }

    // ---- firewall ---------------------------------------------------------------------------------

    private void loadFirewall(String iface, String why) {
        var fw = config.firewall();
        String text;
        try {
            text = FirewallRules.render(new FirewallRules.Spec(config.wired().interfaceName(), iface,
                    config.health().port(), forwards, fw.allow(), fw.manage(), routingOn()));
        } catch (IllegalArgumentException e) {
            firewallFailure("cannot render the table for " + iface + ": " + e.getMessage());
            return;
        }
        if (text.equals(loadedText)) {
            return;
        }
        long t0 = time.nanoTime();
        String error = nft.load(text);
        long ms = (time.nanoTime() - t0) / 1_000_000;
        if (error != null) {
            firewallFailure(error + (loadedText != null ? " (the previous table stays in force)" : ""));
            return;
        }
        loadedText = text;
        loadedInterface = iface;
        loadedAt = time.now();
        loadMillis = ms;
        if (firewallFailed) {
            log.info("firewall: loaded again, the error is gone");
        }
        firewallFailed = false;
        firewallError = null;
        log.info("firewall: table inet {} loaded for link {} ({}; {} forwards; {} ms)", FirewallRules.TABLE, iface, why,
                forwards.size(), ms);
    }

    private void firewallFailure(String message) {
        if (!message.equals(firewallError)) {
            log.error("firewall: {}", message);
        }
        firewallFailed = true;
        firewallError = message;
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
        Facts facts = new Facts(config.wired().interfaceName(), gateway4, gateway6, link);
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
        log.info("routing: {}: rules and tables in place ({} ms)", link.map(l -> "link " + l.interfaceName() + " "
                + l.ipv4().orElse("-") + (l.ipv6().isEmpty() ? "" : " " + String.join(" ", l.ipv6())))
                .orElse("no link"), ms);
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
        String fwError = firewallError != null ? firewallError : forwardError;
        return new NetworkView(
                new WiredView(config.wired().interfaceName(), gw, "unknown", null, null),
                new FirewallView(fw.manage(), forwards.size(), fw.allow(), false, fwError, loadedAt, loadMillis),
                new RoutingView(routingOn(), link.map(Link::interfaceName).orElse(null),
                        link.flatMap(Link::ipv4).orElse(null), routingError, appliedAt, applyMillis),
                List.copyOf(findings));
    }
}
