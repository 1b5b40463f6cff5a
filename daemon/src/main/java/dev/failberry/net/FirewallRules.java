package dev.failberry.net;

import dev.failberry.config.Cidr;
import dev.failberry.config.FailberryConfig.Forward;
import dev.failberry.config.FailberryConfig.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders the nftables table {@code inet failberry} from the configuration and the link's interface: a
 * pure function, so the rule set is golden-file tested and the same input always gives the same text.
 * The text replaces the whole table in one {@code nft -f} transaction (create, delete, define): nft
 * either loads all of it or changes nothing.
 *
 * <p>What is in it, and why:
 * <ul>
 * <li>marking (when reply routing is on): a new connection that arrives on the link gets the link's
 *     connection mark, one that arrives on the wired interface for the Pi itself the wired mark; the
 *     mark is restored on its later packets, in prerouting (forwarded replies: a port forward's answer
 *     from the LAN host) and in a {@code type route} output chain (the Pi's own replies: a changed mark
 *     makes the kernel route the packet again). Only the bits of {@link RoutingIds#MARK_MASK} are used.
 * <li>filtering (when the firewall is managed), on the link only: inbound, replies and the health port;
 *     forwarded from the link, the configured port forwards; to the link, the LAN (or
 *     {@code firewall.allow}); TCP MSS clamped to the route's MTU.
 * <li>data budget: with the cap reached and {@code cap-action = block}, LAN traffic to and from the link
 *     is dropped (open connections too) except for the {@code cap-allow} sources; the Pi's own traffic is
 *     untouched.
 * <li>accounting: named counters of the link's own overhead ({@link OverheadCounters}).
 * <li>NAT: masquerade out of the link; a port forward is DNAT to the LAN host plus masquerade towards
 *     the LAN, so that the LAN host answers the Pi (whatever its own default route) and the answer goes
 *     back out of the link.
 * </ul>
 * Nothing is filtered on other interfaces, every chain's policy is accept: other tables stay in charge
 * of everything else.
 */
final class FirewallRules {
    public static final String TABLE = "failberry";
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");

    /**
     * What the table is made from.
     *
     * @param wiredInterface the LAN side ({@code wired.interface})
     * @param linkInterface  the mobile link's interface, as the link names it (never assumed to be ppp*)
     * @param healthPort     the TCP port left open on the link (0: none)
     * @param forwards       port forwards whose targets are in the LAN
     * @param allow          LAN sources allowed to use the link (empty: all)
     * @param filter         whether the firewall is managed (filter and NAT chains)
     * @param marks          whether reply routing is on (marking chains)
     * @param capBlock       the data cap is reached with {@code cap-action = block}: no LAN traffic over the
     *                       link except {@code capAllow} (needs {@code filter})
     * @param capAllow       LAN sources that keep the link while blocked
     */
    public record Spec(
            String wiredInterface,
            String linkInterface,
            int healthPort,
            List<Forward> forwards,
            List<String> allow,
            boolean filter,
            boolean marks,
            boolean capBlock,
            List<String> capAllow) {
        public Spec {
            forwards = List.copyOf(forwards);
            allow = List.copyOf(allow);
            capAllow = List.copyOf(capAllow);
        }

        /** Without the data budget's block. */
        public Spec(
                String wiredInterface,
                String linkInterface,
                int healthPort,
                List<Forward> forwards,
                List<String> allow,
                boolean filter,
                boolean marks) {
            this(wiredInterface, linkInterface, healthPort, forwards, allow, filter, marks, false, List.of());
        }

        /** True when there is nothing to load (neither marking nor filtering). */
        public boolean empty() {
            return !filter && !marks;
        }
    }

    private FirewallRules() {}

    /** The nft script; throws IllegalArgumentException for a value that is not safe in a rule set. */
    public static String render(Spec s) {
        String wired = ifname(s.wiredInterface());
        String link = ifname(s.linkInterface());
        List<String> out = new ArrayList<>();
        out.add("# FailberryPi: the table inet " + TABLE + ", rendered by the daemon from failberry.conf and replaced");
        out.add("# as a whole whenever the link's interface changes. Edits here are lost.");
        out.add("table inet " + TABLE);
        out.add("delete table inet " + TABLE);
        out.add("table inet " + TABLE + " {");
        accounting(out, s.healthPort(), link);
        if (s.marks()) {
            marks(out, wired, link);
        }
        if (s.filter()) {
            if (s.capBlock()) {
                capAllowSets(out, s.capAllow());
            }
            filter(out, s, wired, link);
            nat(out, s, wired, link);
        }
        out.add("}");
        return String.join("\n", out) + "\n";
    }

    /**
     * Named counters of what the link carries for the Pi itself (its own cost to the SIM): the health
     * checks that arrive on it (connections = SYNs, and their bytes both ways) and everything else to and
     * from the Pi (probes, public-IP check, DNS and AWS calls, unsolicited packets). Forwarded LAN traffic
     * is not counted here. The output chain runs after {@code mark_output} re-routes a reply, so it sees
     * the interface the packet really leaves by.
     */
    private static void accounting(List<String> out, int healthPort, String link) {
        for (String c : OverheadCounters.NAMES) {
            out.add("\tcounter " + c + " {");
            out.add("\t}");
        }
        List<String> in = new ArrayList<>();
        List<String> outRules = new ArrayList<>();
        if (healthPort > 0) {
            String p = port(healthPort);
            in.add("iifname \"" + link + "\" tcp dport " + p + " tcp flags & (syn | ack) == syn counter name \""
                    + OverheadCounters.HEALTH_CHECKS + "\"");
            in.add("iifname \"" + link + "\" tcp dport " + p + " counter name \"" + OverheadCounters.HEALTH_IN
                    + "\" accept");
            outRules.add("oifname \"" + link + "\" tcp sport " + p + " counter name \"" + OverheadCounters.HEALTH_OUT
                    + "\" accept");
        }
        in.add("iifname \"" + link + "\" counter name \"" + OverheadCounters.OWN_IN + "\"");
        outRules.add("oifname \"" + link + "\" counter name \"" + OverheadCounters.OWN_OUT + "\"");
        chain(out, "account_in", "type filter hook input priority mangle; policy accept;", in.toArray(String[]::new));
        chain(
                out,
                "account_out",
                "type filter hook output priority filter; policy accept;",
                outRules.toArray(String[]::new));
    }

    private static void capAllowSets(List<String> out, List<String> capAllow) {
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        for (String a : capAllow) {
            Cidr c = Cidr.parse(a).orElseThrow(() -> new IllegalArgumentException("not an address or CIDR: " + a));
            (c.isIpv4() ? v4 : v6).add(c.toString());
        }
        set(out, "cap_allow4", "ipv4_addr", v4);
        set(out, "cap_allow6", "ipv6_addr", v6);
    }

    private static void set(List<String> out, String name, String type, List<String> elements) {
        out.add("\tset " + name + " {");
        out.add("\t\ttype " + type + "; flags interval;");
        if (!elements.isEmpty()) {
            out.add("\t\telements = { " + String.join(", ", elements) + " }");
        }
        out.add("\t}");
    }

    private static void marks(List<String> out, String wired, String link) {
        String keep = RoutingIds.hex(~RoutingIds.MARK_MASK & 0xffffffffL);
        String mask = RoutingIds.hex(RoutingIds.MARK_MASK);
        String linkMark = RoutingIds.hex(RoutingIds.MARK_LINK);
        String wiredMark = RoutingIds.hex(RoutingIds.MARK_WIRED);
        chain(
                out,
                "mark_prerouting",
                "type filter hook prerouting priority mangle; policy accept;",
                "iifname \"" + link + "\" ct state new ct mark set ct mark and " + keep + " or " + linkMark
                        + " comment \"came in on the link: replies go back out of it\"",
                "ct mark and " + mask + " == " + linkMark + " meta mark set meta mark and " + keep + " or " + linkMark);
        chain(
                out,
                "mark_input",
                "type filter hook input priority mangle; policy accept;",
                "iifname \"" + wired + "\" ct state new ct mark and " + mask + " == 0x0 ct mark set ct mark and " + keep
                        + " or " + wiredMark + " comment \"came in through the wired router: replies go back to it\"");
        chain(
                out,
                "mark_output",
                "type route hook output priority mangle; policy accept;",
                "ct mark and " + mask + " == " + wiredMark + " meta mark set meta mark and " + keep + " or "
                        + wiredMark,
                "ct mark and " + mask + " == " + linkMark + " meta mark set meta mark and " + keep + " or " + linkMark);
    }

    private static void filter(List<String> out, Spec s, String wired, String link) {
        List<String> input = new ArrayList<>(List.of(
                "iifname != \"" + link + "\" accept",
                "ct state established,related accept",
                "ct state invalid drop",
                "icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert } accept"));
        if (s.healthPort() > 0) {
            input.add("tcp dport " + port(s.healthPort())
                    + " accept comment \"health.port: the health checks of the link's record\"");
        }
        input.add("counter drop comment \"nothing else inbound on the mobile link\"");
        chain(out, "input", "type filter hook input priority filter; policy accept;", input.toArray(String[]::new));

        List<String> forward = new ArrayList<>(List.of(
                "oifname \"" + link + "\" tcp flags syn tcp option maxseg size set rt mtu",
                "iifname != \"" + link + "\" oifname != \"" + link + "\" accept"));
        if (s.capBlock()) {
            // before the established rule: connections already open (the download that crossed the cap) stop too
            String why =
                    " counter drop comment \"data cap reached: only ppp.data-usage.cap-allow may use the mobile link\"";
            forward.add("iifname \"" + wired + "\" oifname \"" + link + "\" ip saddr != @cap_allow4" + why);
            forward.add("iifname \"" + wired + "\" oifname \"" + link + "\" ip6 saddr != @cap_allow6" + why);
            forward.add("iifname \"" + link + "\" oifname \"" + wired + "\" ip daddr != @cap_allow4" + why);
            forward.add("iifname \"" + link + "\" oifname \"" + wired + "\" ip6 daddr != @cap_allow6" + why);
        }
        forward.add("ct state established,related accept");
        forward.add("ct state invalid drop");
        for (Forward f : s.forwards()) {
            forward.add("iifname \"" + link + "\" oifname \"" + wired + "\" ip daddr " + host(f) + " " + proto(f)
                    + " dport " + port(f.toPort()) + " ct status dnat accept comment \"firewall.forward " + f.describe()
                    + "\"");
        }
        forward.add("iifname \"" + link + "\" counter drop comment \"no other new connection from the mobile link\"");
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        for (String a : s.allow()) {
            Cidr c = Cidr.parse(a).orElseThrow(() -> new IllegalArgumentException("not an address or CIDR: " + a));
            (c.isIpv4() ? v4 : v6).add(c.toString());
        }
        String lanToLink = "iifname \"" + wired + "\" oifname \"" + link + "\"";
        if (s.allow().isEmpty()) {
            forward.add(lanToLink + " accept");
        } else {
            if (!v4.isEmpty()) {
                forward.add(lanToLink + " ip saddr { " + String.join(", ", v4) + " } accept");
            }
            if (!v6.isEmpty()) {
                forward.add(lanToLink + " ip6 saddr { " + String.join(", ", v6) + " } accept");
            }
        }
        forward.add("oifname \"" + link + "\" counter drop comment \"only the LAN"
                + (s.allow().isEmpty() ? "" : " (firewall.allow)") + " may use the mobile link\"");
        chain(
                out,
                "forward",
                "type filter hook forward priority filter; policy accept;",
                forward.toArray(String[]::new));
    }

    private static void nat(List<String> out, Spec s, String wired, String link) {
        List<String> dnat = new ArrayList<>();
        for (Forward f : s.forwards()) {
            dnat.add("iifname \"" + link + "\" " + proto(f) + " dport " + port(f.port()) + " dnat ip to " + host(f)
                    + ":" + port(f.toPort()));
        }
        if (!dnat.isEmpty()) {
            chain(
                    out,
                    "dstnat",
                    "type nat hook prerouting priority dstnat; policy accept;",
                    dnat.toArray(String[]::new));
        }
        List<String> snat = new ArrayList<>();
        snat.add("oifname \"" + link + "\" masquerade");
        for (Forward f : s.forwards()) {
            snat.add("iifname \"" + link + "\" oifname \"" + wired + "\" ip daddr " + host(f) + " " + proto(f)
                    + " dport " + port(f.toPort())
                    + " ct status dnat masquerade comment \"the LAN host answers the Pi\"");
        }
        chain(out, "srcnat", "type nat hook postrouting priority srcnat; policy accept;", snat.toArray(String[]::new));
    }

    private static void chain(List<String> out, String name, String head, String... rules) {
        out.add("\tchain " + name + " {");
        out.add("\t\t" + head);
        for (String r : rules) {
            out.add("\t\t" + r);
        }
        out.add("\t}");
    }

    private static String ifname(String name) {
        if (name == null || !IFNAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a safe interface name for a rule set: " + name);
        }
        return name;
    }

    private static String host(Forward f) {
        Cidr c = Cidr.parse(f.toHost())
                .filter(x -> x.isIpv4() && x.prefix() == 32)
                .orElseThrow(() -> new IllegalArgumentException("not an IPv4 address: " + f.toHost()));
        return c.toString();
    }

    private static String proto(Forward f) {
        return f.proto() == Protocol.TCP ? "tcp" : "udp";
    }

    private static String port(int p) {
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("not a port: " + p);
        }
        return Integer.toString(p);
    }

    /** The whole table's removal ({@code nft -f}), for the daemon's stop. */
    static String deletion() {
        return "table inet " + TABLE + "\ndelete table inet " + TABLE + "\n";
    }
}
