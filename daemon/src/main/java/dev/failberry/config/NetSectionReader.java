package dev.failberry.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.failberry.config.FailberryConfig.Firewall;
import dev.failberry.config.FailberryConfig.Forward;
import dev.failberry.config.FailberryConfig.ProbeTarget;
import dev.failberry.config.FailberryConfig.Protocol;
import dev.failberry.config.FailberryConfig.Routing;
import dev.failberry.config.FailberryConfig.Wired;
import dev.failberry.config.FailberryConfig.WiredProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code wired}, {@code routing} and {@code firewall} sections. Every value that reaches a
 * routing command or the nftables rule set is checked here against a strict pattern; what can only be
 * known on the host (is a forward's target inside the wired LAN?) is checked by
 * {@code dev.failberry.net.HostChecks}.
 */
final class NetSectionReader {
    /** Interface names as Linux allows them, minus everything that would need quoting (and nft wildcards). */
    static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");

    private static final Set<String> FORWARD_KEYS = Set.of("proto", "port", "to");

    private final ConfigReader r;
    private final List<String> warnings;

    NetSectionReader(ConfigReader reader, List<String> warnings) {
        this.r = reader;
        this.warnings = warnings;
    }

    Wired wired(String linkInterface) {
        String iface = r.matched("wired.interface", IFNAME, "an interface name such as eth0");
        if (iface.equals(linkInterface)) {
            r.problem("wired.interface", "must differ from ppp.interface (" + linkInterface + ")");
        }
        String gw = r.string("wired.gateway").trim();
        Optional<String> gateway = Optional.empty();
        if (!gw.equals("auto")) {
            if (SectionReader.IPV4.matcher(gw).matches()) {
                gateway = Optional.of(gw);
            } else {
                r.problem(
                        "wired.gateway",
                        "invalid value " + ConfigReader.quote(gw)
                                + ": expected \"auto\" or the wired router's IPv4 address such as 192.168.1.1");
            }
        }
        return new Wired(iface, gateway, wiredProbe());
    }

    private WiredProbe wiredProbe() {
        String key = "wired.probe.targets";
        List<ProbeTarget> targets = new ArrayList<>();
        Set<HostPort> seen = new HashSet<>();
        for (ConfigReader.Element item : r.elements(key)) {
            Optional<HostPort> hp = SectionReader.parseHostPort(item.value());
            if (hp.isEmpty()) {
                r.problem(
                        item,
                        key,
                        "invalid target " + ConfigReader.quote(item.value()) + ": expected host:port "
                                + "such as 1.1.1.1:443 or a domestic ISP's host such as 203.0.113.53:53");
            } else if (hp.get().host().contains(":")) {
                r.problem(
                        item,
                        key,
                        "invalid target " + ConfigReader.quote(item.value()) + ": the wired path is "
                                + "probed over IPv4 (an IPv4 address, or a name with an A record)");
            } else if (!seen.add(hp.get())) {
                r.problem(item, key, "duplicate target " + ConfigReader.quote(item.value()));
            } else {
                targets.add(new ProbeTarget(hp.get(), item.file(), item.line()));
            }
        }
        var httpUrl = r.optUri("wired.probe.http-url", u -> true, "an http:// or https:// URL that answers 204");
        Duration interval = r.duration("wired.probe.interval", Duration.ofSeconds(1), Duration.ofHours(1));
        Duration timeout = r.duration("wired.probe.timeout", Duration.ofMillis(100), Duration.ofMinutes(1));
        if (timeout.compareTo(interval) >= 0) {
            r.problem(
                    "wired.probe.timeout",
                    "must be shorter than wired.probe.interval (" + ConfigReader.human(interval)
                            + "): a round must end before the next one is due");
        }
        int window = r.integer("wired.probe.window", 2, 100);
        // at least 2: one lost round (a dropped SYN, a busy target) must never turn the wired check 503
        int failures = r.integer("wired.probe.failures", 2, 100);
        if (failures > window) {
            r.problem("wired.probe.failures", "must not exceed wired.probe.window (" + window + ")");
            failures = window;
        }
        int required = r.integer("wired.probe.required", 1, 100);
        int checks = targets.size() + (httpUrl.isPresent() ? 1 : 0);
        if (checks > 0 && required > checks) {
            r.problemAt(
                    "wired.probe.required",
                    "is " + required + " but there "
                            + (checks == 1 ? "is only 1 target" : "are only " + checks + " targets")
                            + (httpUrl.isPresent() ? " (with wired.probe.http-url)" : "")
                            + ": a round could never pass",
                    "wired.probe.required",
                    "wired.probe.targets");
            required = checks;
        }
        return new WiredProbe(List.copyOf(targets), httpUrl, interval, timeout, window, failures, required);
    }

    /**
     * Wired probes are bound to the wired interface's address and routed by the wired table; without reply
     * routing only the main table decides, which sends them out of the link while it is the default route.
     * The daemon then makes none (the path stays unknown): a warning, not an error, so that a file that was
     * valid before wired probes existed (their targets have defaults) still starts the daemon.
     */
    void wiredProbesNeedRouting(Wired wired, Routing routing, boolean defaultRoute) {
        if (wired.probe().enabled() && !routing.replyRouting() && defaultRoute) {
            warnings.add("wired.probe.targets are not probed while routing.reply-routing = false and ppp.default-route "
                    + "= true: they would follow the default route out of the mobile link, so the wired path stays "
                    + "unknown (set routing.reply-routing = true, or wired.probe.targets = [] to say so)");
        }
    }

    Routing routing(boolean defaultRoute) {
        boolean reply = r.bool("routing.reply-routing");
        if (!reply && !defaultRoute) {
            warnings.add("routing.reply-routing = false with ppp.default-route = false: the link's probes and the "
                    + "daemon's other traffic bound to the link's address follow the main routing table (the wired "
                    + "router) unless your own rules send them out of the link");
        }
        return new Routing(reply, r.path("routing.ip"));
    }

    Firewall firewall(int healthPort, int adminPort) {
        boolean manage = r.bool("firewall.manage");
        Path nft = r.path("firewall.nft");
        List<Forward> forwards = forwards(healthPort, adminPort);
        List<String> allow = new ArrayList<>();
        for (ConfigReader.Element e : r.elements("firewall.allow")) {
            String a = e.value();
            Optional<Cidr> cidr = Cidr.parse(a.trim());
            if (cidr.isEmpty()) {
                r.problem(
                        e,
                        "firewall.allow",
                        "invalid entry " + ConfigReader.quote(a)
                                + ": expected an IP address or a CIDR such as 192.168.1.10 or 192.168.1.0/28");
            } else if (!allow.contains(cidr.get().toString())) {
                allow.add(cidr.get().toString());
            }
        }
        if (!manage && (!forwards.isEmpty() || !allow.isEmpty())) {
            warnings.add("firewall.forward and firewall.allow have no effect while firewall.manage = false");
        }
        return new Firewall(manage, nft, List.copyOf(forwards), List.copyOf(allow));
    }

    private List<Forward> forwards(int healthPort, int adminPort) {
        String key = "firewall.forward";
        List<Forward> out = new ArrayList<>();
        Map<String, ConfigReader.Item> seen = new HashMap<>();
        for (ConfigReader.Item item : r.objectList(key)) {
            Config c = item.value();
            boolean ok = true;
            for (String k : c.root().keySet()) {
                if (!FORWARD_KEYS.contains(k)) {
                    r.problem(item, key, "unknown key \"" + k + "\" (known keys: proto, port, to)");
                    ok = false;
                }
            }
            Optional<Protocol> proto = protocol(item, key);
            Optional<Integer> port = port(item, key, "port", c.hasPath("port") ? c.getValue("port") : null);
            Optional<String[]> to = target(item, key);
            if (!ok || proto.isEmpty() || port.isEmpty() || to.isEmpty()) {
                continue;
            }
            String p = proto.get().name().toLowerCase(Locale.ROOT);
            if (proto.get() == Protocol.TCP && port.get() == healthPort) {
                r.problem(
                        item,
                        key,
                        "tcp port " + healthPort + " is the health port (health.port): the mobile link "
                                + "must keep answering Route53's health checks there");
                continue;
            }
            if (proto.get() == Protocol.TCP && port.get() == adminPort) {
                r.problem(item, key, "tcp port " + adminPort + " is the admin port (admin.port): choose another port");
                continue;
            }
            ConfigReader.Item earlier = seen.putIfAbsent(p + "/" + port.get(), item);
            if (earlier != null) {
                r.problem(
                        item,
                        key,
                        "duplicate: " + p + " port " + port.get() + " is already forwarded by entry " + earlier.number()
                                + " (line " + earlier.line() + ")");
                continue;
            }
            out.add(new Forward(
                    proto.get(), port.get(), to.get()[0], Integer.parseInt(to.get()[1]), item.file(), item.line()));
        }
        return out;
    }

    private Optional<Protocol> protocol(ConfigReader.Item item, String key) {
        if (!item.value().hasPath("proto")) {
            r.problem(item, key, "proto is missing: expected tcp or udp");
            return Optional.empty();
        }
        ConfigValue v = item.value().getValue("proto");
        String s = String.valueOf(v.unwrapped()).trim().toLowerCase(Locale.ROOT);
        if (v.valueType() != ConfigValueType.STRING || !(s.equals("tcp") || s.equals("udp"))) {
            r.problem(
                    item,
                    key,
                    "unknown proto " + ConfigReader.quote(String.valueOf(v.unwrapped())) + ": expected tcp or udp");
            return Optional.empty();
        }
        return Optional.of(s.equals("tcp") ? Protocol.TCP : Protocol.UDP);
    }

    private Optional<Integer> port(ConfigReader.Item item, String key, String name, ConfigValue v) {
        if (v == null) {
            r.problem(item, key, name + " is missing: expected a port from 1 to 65535");
            return Optional.empty();
        }
        String s = String.valueOf(v.unwrapped()).trim();
        if (!s.matches("\\d{1,9}") || Integer.parseInt(s) < 1 || Integer.parseInt(s) > 65535) {
            r.problem(item, key, name + " out of range: " + ConfigReader.quote(s) + " (expected 1 to 65535)");
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(s));
    }

    /** {@code to} as {host, port}: a private (LAN) IPv4 address and a port. */
    private Optional<String[]> target(ConfigReader.Item item, String key) {
        if (!item.value().hasPath("to")) {
            r.problem(item, key, "to is missing: expected the LAN host and port such as \"192.168.1.10:22\"");
            return Optional.empty();
        }
        String s = String.valueOf(item.value().getValue("to").unwrapped()).trim();
        int colon = s.lastIndexOf(':');
        String host = colon < 0 ? s : s.substring(0, colon);
        if (colon < 0 || !SectionReader.IPV4.matcher(host).matches()) {
            r.problem(
                    item,
                    key,
                    "invalid target " + ConfigReader.quote(s)
                            + ": expected a LAN host's IPv4 address and port such as \"192.168.1.10:22\"");
            return Optional.empty();
        }
        if (!Cidr.parse(host).map(Cidr::isPrivate).orElse(false)) {
            r.problem(
                    item,
                    key,
                    "target " + ConfigReader.quote(s) + " is outside the LAN: expected a private "
                            + "address (10.x, 172.16-31.x, 192.168.x) on the wired interface's network");
            return Optional.empty();
        }
        Optional<Integer> port = port(
                item,
                key,
                "the target's port",
                com.typesafe.config.ConfigValueFactory.fromAnyRef(s.substring(colon + 1)));
        return port.map(p -> new String[] {host, Integer.toString(p)});
    }
}
