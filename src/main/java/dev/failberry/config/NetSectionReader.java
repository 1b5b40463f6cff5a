package dev.failberry.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.failberry.config.FailberryConfig.Firewall;
import dev.failberry.config.FailberryConfig.Forward;
import dev.failberry.config.FailberryConfig.Protocol;
import dev.failberry.config.FailberryConfig.Routing;
import dev.failberry.config.FailberryConfig.Wired;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
                r.problem("wired.gateway", "invalid value " + ConfigReader.quote(gw)
                        + ": expected \"auto\" or the wired router's IPv4 address such as 192.168.1.1");
            }
        }
        return new Wired(iface, gateway);
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
        for (String a : r.stringList("firewall.allow")) {
            Optional<Cidr> cidr = Cidr.parse(a.trim());
            if (cidr.isEmpty()) {
                r.problem("firewall.allow", "invalid entry " + ConfigReader.quote(a)
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
                r.problem(item, key, "tcp port " + healthPort + " is the health port (health.port): the mobile link "
                        + "must keep answering Route53's health checks there");
                continue;
            }
            if (proto.get() == Protocol.TCP && port.get() == adminPort) {
                r.problem(item, key, "tcp port " + adminPort + " is the admin port (admin.port): choose another port");
                continue;
            }
            ConfigReader.Item earlier = seen.putIfAbsent(p + "/" + port.get(), item);
            if (earlier != null) {
                r.problem(item, key, "duplicate: " + p + " port " + port.get() + " is already forwarded by entry "
                        + earlier.number() + " (line " + earlier.line() + ")");
                continue;
            }
            out.add(new Forward(proto.get(), port.get(), to.get()[0], Integer.parseInt(to.get()[1]), item.file(),
                    item.line()));
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
            r.problem(item, key, "unknown proto " + ConfigReader.quote(String.valueOf(v.unwrapped()))
                    + ": expected tcp or udp");
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
            r.problem(item, key, "invalid target " + ConfigReader.quote(s)
                    + ": expected a LAN host's IPv4 address and port such as \"192.168.1.10:22\"");
            return Optional.empty();
        }
        if (!Cidr.parse(host).map(Cidr::isPrivate).orElse(false)) {
            r.problem(item, key, "target " + ConfigReader.quote(s) + " is outside the LAN: expected a private "
                    + "address (10.x, 172.16-31.x, 192.168.x) on the wired interface's network");
            return Optional.empty();
        }
        Optional<Integer> port = port(item, key, "the target's port",
                com.typesafe.config.ConfigValueFactory.fromAnyRef(s.substring(colon + 1)));
        return port.map(p -> new String[] {host, Integer.toString(p)});
    }
}
