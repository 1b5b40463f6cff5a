package dev.failberry.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What reply routing wants in the kernel for a set of facts (the rules at {@link RoutingIds#PRIORITIES}
 * and the default routes of {@link RoutingIds#TABLES}), and the {@code ip -batch} lines that turn the
 * current state into it. Pure: the same facts and the same current state always give the same lines, and
 * a state that already matches gives none (so applying twice changes nothing, and nothing piles up).
 *
 * <p>The rules, for one address family:
 * <pre>
 * 7100  lookup main suppress_prefixlength 0  any specific route (LAN, local, the link's peer) wins over ours
 * 7101  fwmark WIRED lookup 7101            a connection that came in through the wired router answers via it
 * 7102  fwmark LINK  lookup 7102            a connection that came in on the link answers through it
 * 7103  from LINK-ADDRESS lookup 7102       what the daemon binds to the link's address leaves through it
 * 7104  iif WIRED lookup 7102               LAN traffic handed to the Pi leaves through the link
 * 7105  from WIRED-ADDRESS lookup 7101      what the daemon binds to the wired address (the wired-path
 *                                           probes) leaves through the wired router, even while the link
 *                                           is the default route (IPv4, while the router is known)
 * </pre>
 * 7100 is what keeps 7102/7104 from capturing LAN-to-LAN and local traffic: main's routes except its
 * default route are consulted first. A table whose route is missing (link down) makes its rules fall
 * through to main.
 */
final class RoutingPlan {
    static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");
    private static final Pattern ADDRESS = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    enum Family {
        V4("-4"),
        V6("-6");

        final String flag;

        Family(String flag) {
            this.flag = flag;
        }
    }

    /**
     * The link as reply routing needs it.
     *
     * @param interfaceName as the link reports it (ppp0, usb0, ...)
     * @param ipv4          its IPv4 address, if any
     * @param ipv6          its global IPv6 addresses
     * @param gateway4      the next hop for a link with one (Ethernet-type); empty for point-to-point
     */
    record Link(String interfaceName, Optional<String> ipv4, List<String> ipv6, Optional<String> gateway4) {
        Link {
            ipv6 = List.copyOf(ipv6);
        }
    }

    /**
     * Everything the plan depends on.
     *
     * @param wiredAddress4 the wired interface's own IPv4 address (the wired probes' source), if known
     */
    record Facts(
            String wiredInterface,
            Optional<String> wiredGateway4,
            Optional<String> wiredGateway6,
            Optional<Link> link,
            Optional<String> wiredAddress4) {
        Facts(
                String wiredInterface,
                Optional<String> wiredGateway4,
                Optional<String> wiredGateway6,
                Optional<Link> link) {
            this(wiredInterface, wiredGateway4, wiredGateway6, link, Optional.empty());
        }

        Facts withoutLink() {
            return new Facts(wiredInterface, wiredGateway4, wiredGateway6, Optional.empty(), wiredAddress4);
        }
    }

    /** One rule: {@code ip rule add priority P <selector> lookup T [suppress_prefixlength 0]}. */
    record Rule(int priority, List<String> selector, String table, boolean suppressDefault) {
        List<String> addArguments() {
            List<String> a = new ArrayList<>(List.of("rule", "add", "priority", Integer.toString(priority)));
            a.addAll(selector);
            a.add("lookup");
            a.add(table);
            if (suppressDefault) {
                a.add("suppress_prefixlength");
                a.add("0");
            }
            return a;
        }

        /** How {@code ip rule show} prints it (after "PRIORITY:"). */
        String shown() {
            StringBuilder b = new StringBuilder();
            int fromAt = selector.indexOf("from");
            b.append("from ").append(fromAt >= 0 ? selector.get(fromAt + 1) : "all");
            int mark = selector.indexOf("fwmark");
            if (mark >= 0) {
                b.append(" fwmark ").append(selector.get(mark + 1));
            }
            int iif = selector.indexOf("iif");
            if (iif >= 0) {
                b.append(" iif ").append(selector.get(iif + 1));
            }
            b.append(" lookup ").append(table);
            if (suppressDefault) {
                b.append(" suppress_prefixlength 0");
            }
            return b.toString();
        }
    }

    /** A table's default route: {@code ip route replace default [via G] dev D table T}. */
    record Route(int table, String via, String dev) {
        List<String> replaceArguments() {
            List<String> a = new ArrayList<>(List.of("route", "replace", "default"));
            if (via != null) {
                a.add("via");
                a.add(via);
            }
            a.add("dev");
            a.add(dev);
            a.add("table");
            a.add(Integer.toString(table));
            return a;
        }

        boolean matches(IpOutput.Route r) {
            return r.isPlainDefault() && Objects.equals(via, r.via()) && dev.equals(r.dev());
        }
    }

    /** The wanted state of one family. */
    record Desired(List<Rule> rules, List<Route> routes) {
        static final Desired NOTHING = new Desired(List.of(), List.of());
    }

    private RoutingPlan() {}

    static Desired desired(Family family, Facts f) {
        String wired = safeName(f.wiredInterface());
        Optional<Link> link = f.link();
        if (family == Family.V6 && link.map(l -> l.ipv6().isEmpty()).orElse(true)) {
            // IPv6 reply routing only matters while the link has a global IPv6 address
            return Desired.NOTHING;
        }
        String linkTable = Integer.toString(RoutingIds.TABLE_LINK);
        List<Rule> rules = new ArrayList<>();
        rules.add(new Rule(RoutingIds.PRIO_MAIN_SPECIFIC, List.of(), "main", true));
        rules.add(new Rule(
                RoutingIds.PRIO_WIRED_MARK,
                List.of("fwmark", RoutingIds.fwmark(RoutingIds.MARK_WIRED)),
                Integer.toString(RoutingIds.TABLE_WIRED),
                false));
        rules.add(new Rule(
                RoutingIds.PRIO_LINK_MARK,
                List.of("fwmark", RoutingIds.fwmark(RoutingIds.MARK_LINK)),
                linkTable,
                false));
        List<String> sources = link.map(
                        l -> family == Family.V4 ? l.ipv4().map(List::of).orElse(List.of()) : l.ipv6())
                .orElse(List.of());
        for (String source : sources) {
            rules.add(new Rule(RoutingIds.PRIO_LINK_SOURCE, List.of("from", address(source)), linkTable, false));
        }
        rules.add(new Rule(RoutingIds.PRIO_LAN_TO_LINK, List.of("iif", wired), linkTable, false));
        if (family == Family.V4 && f.wiredGateway4().isPresent()) {
            f.wiredAddress4()
                    .ifPresent(a -> rules.add(new Rule(
                            RoutingIds.PRIO_WIRED_SOURCE,
                            List.of("from", address(a)),
                            Integer.toString(RoutingIds.TABLE_WIRED),
                            false)));
        }

        List<Route> routes = new ArrayList<>();
        Optional<String> wiredGateway = family == Family.V4 ? f.wiredGateway4() : f.wiredGateway6();
        wiredGateway.ifPresent(g -> routes.add(new Route(RoutingIds.TABLE_WIRED, address(g), wired)));
        link.ifPresent(l -> routes.add(new Route(
                RoutingIds.TABLE_LINK,
                family == Family.V4 ? l.gateway4().map(RoutingPlan::address).orElse(null) : null,
                safeName(l.interfaceName()))));
        return new Desired(List.copyOf(rules), List.copyOf(routes));
    }

    /**
     * The {@code ip -batch} lines (one command each, without the leading {@code ip}) that turn
     * {@code rules}/{@code routes} (what {@link IpOutput} read) into {@code want}. A priority whose rules
     * differ in any way is cleared and written again; a table is only flushed when it holds something other
     * than the wanted default route, which {@code replace} then sets in one step.
     */
    static List<String> batch(
            Desired want, Map<Integer, List<String>> rules, Map<Integer, List<IpOutput.Route>> routes) {
        List<String> lines = new ArrayList<>();
        for (int table : RoutingIds.TABLES) {
            List<Route> wanted =
                    want.routes().stream().filter(r -> r.table() == table).toList();
            List<IpOutput.Route> have = routes.getOrDefault(table, List.of());
            if (wanted.isEmpty()) {
                if (!have.isEmpty()) {
                    lines.add("route flush table " + table);
                }
                continue;
            }
            Route w = wanted.get(0);
            if (have.size() == 1 && w.matches(have.get(0))) {
                continue;
            }
            if (have.stream().anyMatch(r -> !r.isPlainDefault()) || have.size() > 1) {
                lines.add("route flush table " + table);
            }
            lines.add(String.join(" ", w.replaceArguments()));
        }
        for (int prio : RoutingIds.PRIORITIES) {
            List<Rule> wanted =
                    want.rules().stream().filter(r -> r.priority() == prio).toList();
            List<String> have = rules.getOrDefault(prio, List.of());
            if (sameRules(wanted, have)) {
                continue;
            }
            for (int i = 0; i < have.size(); i++) {
                lines.add("rule del priority " + prio);
            }
            for (Rule r : wanted) {
                lines.add(String.join(" ", r.addArguments()));
            }
        }
        return lines;
    }

    private static boolean sameRules(List<Rule> wanted, List<String> have) {
        if (wanted.size() != have.size()) {
            return false;
        }
        List<String> remaining = new ArrayList<>(have);
        for (Rule r : wanted) {
            if (!remaining.remove(r.shown())) {
                return false;
            }
        }
        return true;
    }

    private static String safeName(String name) {
        if (name == null || !IFNAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a safe interface name: " + name);
        }
        return name;
    }

    private static String address(String a) {
        if (a == null || !ADDRESS.matcher(a).matches()) {
            throw new IllegalArgumentException("not an IP address: " + a);
        }
        return a;
    }
}
