package dev.failberry.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failberry.net.RoutingPlan.Facts;
import dev.failberry.net.RoutingPlan.Family;
import dev.failberry.net.RoutingPlan.Link;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The parsers against real {@code ip} output, and the plan's batches. Captures: iproute2 6.1.0 (Debian 12),
 * Linux 6.18, in a network namespace set up as the lab's Pi (eth0 192.168.1.50/24 behind a router at
 * 192.168.1.1, a veth named ppp0 with 198.51.100.7 peer 10.64.64.64), after the rules below were added by
 * hand; the NetworkManager/dhcpcd-style default routes as {@code ip route replace ... proto dhcp} makes them.
 */
class RoutingPlanTest {
    static final String RULES_INSTALLED = """
            0:\tfrom all lookup local
            7100:\tfrom all lookup main suppress_prefixlength 0
            7101:\tfrom all fwmark 0x1000000/0xf000000 lookup 7101
            7102:\tfrom all fwmark 0x2000000/0xf000000 lookup 7102
            7103:\tfrom 198.51.100.7 lookup 7102
            7104:\tfrom all iif eth0 lookup 7102
            32766:\tfrom all lookup main
            32767:\tfrom all lookup default
            """;
    static final String RULES_DEFAULT = """
            0:\tfrom all lookup local
            32766:\tfrom all lookup main
            32767:\tfrom all lookup default
            """;
    /** A rule whose interface is gone, and a duplicate left by an older, careless version. */
    static final String RULES_DETACHED_AND_DUPLICATE = """
            0:\tfrom all lookup local
            7100:\tfrom all lookup main suppress_prefixlength 0
            7100:\tfrom all lookup main suppress_prefixlength 0
            7106:\tfrom all iif ppp7 [detached] lookup 7102
            32766:\tfrom all lookup main
            """;

    static final String ROUTES_ALL = """
            default via 192.168.1.1 dev eth0 table 7101\s
            default dev ppp0 table 7102 scope link\s
            default via 192.168.1.1 dev eth0 proto dhcp src 192.168.1.50 metric 100\s
            10.64.64.64 dev ppp0 proto kernel scope link src 198.51.100.7\s
            192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.50\s
            local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1\s
            broadcast 192.168.1.255 dev eth0 table local proto kernel scope link src 192.168.1.50\s
            """;
    static final String ROUTES6_ALL = """
            default via fe80::1 dev eth0 table 7101 metric 1024 pref medium
            default dev ppp0 table 7102 metric 1024 pref medium
            fe80::/64 dev eth0 proto kernel metric 256 pref medium
            multicast ff00::/8 dev eth0 table local proto kernel metric 256 pref medium
            """;

    static final Facts UP = new Facts(
            "eth0",
            Optional.of("192.168.1.1"),
            Optional.empty(),
            Optional.of(new Link("ppp0", Optional.of("198.51.100.7"), List.of(), Optional.empty())));

    @Test
    void parsesRulesByPriority() {
        Map<Integer, List<String>> rules = IpOutput.rules(RULES_INSTALLED);
        assertThat(rules.get(7103)).containsExactly("from 198.51.100.7 lookup 7102");
        assertThat(rules.get(7100)).containsExactly("from all lookup main suppress_prefixlength 0");
        assertThat(IpOutput.rules(RULES_DETACHED_AND_DUPLICATE).get(7100)).hasSize(2);
        assertThat(IpOutput.rules(RULES_DETACHED_AND_DUPLICATE).get(7106))
                .containsExactly("from all iif ppp7 [detached] lookup 7102");
    }

    @Test
    void parsesOurTablesOnly() {
        var routes = IpOutput.routes(ROUTES_ALL, List.of(7101, 7102));
        assertThat(routes).containsOnlyKeys(7101, 7102);
        assertThat(routes.get(7101).get(0))
                .extracting(IpOutput.Route::dst, IpOutput.Route::via, IpOutput.Route::dev)
                .containsExactly("default", "192.168.1.1", "eth0");
        assertThat(routes.get(7102).get(0).via()).isNull();
        assertThat(IpOutput.routes(ROUTES6_ALL, List.of(7101, 7102))
                        .get(7101)
                        .get(0)
                        .via())
                .isEqualTo("fe80::1");
        assertThat(IpOutput.routes("unreachable default table 7102\n", List.of(7102))
                        .get(7102)
                        .get(0)
                        .dst())
                .isEqualTo("unreachable");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "dhcp route | default via 192.168.1.1 dev eth0 proto dhcp src 192.168.1.50 metric 100 | 192.168.1.1",
                "static route | default via 192.168.1.254 dev eth0 onlink | 192.168.1.254",
                "pppd 2.4 replaced it | default dev ppp0 scope link | ",
                "pppd 2.5 metric route beside the wired one | default dev ppp0 scope link metric 5\\ndefault via 192.168.1.1 dev eth0 proto dhcp metric 100 | 192.168.1.1",
                "two wired defaults: lowest metric | default via 192.168.1.2 dev eth0 metric 300\\ndefault via 192.168.1.1 dev eth0 metric 100 | 192.168.1.1",
                "another interface | default via 10.0.0.1 dev wlan0 proto dhcp metric 600 | ",
                "IPv6 router advertisement | default via fe80::1 dev eth0 proto ra metric 1024 expires 1799sec pref medium | fe80::1"
            })
    void learnsTheWiredGateway(String name, String output, String expected) {
        assertThat(IpOutput.defaultGateway(output.replace("\\n", "\n"), "eth0"))
                .isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void aStateThatMatchesNeedsNoCommand() {
        var want = RoutingPlan.desired(Family.V4, UP);
        assertThat(RoutingPlan.batch(
                        want, IpOutput.rules(RULES_INSTALLED), IpOutput.routes(ROUTES_ALL, RoutingIds.TABLES)))
                .isEmpty();
    }

    @Test
    void aFreshHostGetsTablesFirstThenRules() {
        var want = RoutingPlan.desired(Family.V4, UP);
        assertThat(RoutingPlan.batch(want, IpOutput.rules(RULES_DEFAULT), Map.of()))
                .containsExactly(
                        "route replace default via 192.168.1.1 dev eth0 table 7101",
                        "route replace default dev ppp0 table 7102",
                        "rule add priority 7100 lookup main suppress_prefixlength 0",
                        "rule add priority 7101 fwmark 0x1000000/0xf000000 lookup 7101",
                        "rule add priority 7102 fwmark 0x2000000/0xf000000 lookup 7102",
                        "rule add priority 7103 from 198.51.100.7 lookup 7102",
                        "rule add priority 7104 iif eth0 lookup 7102");
    }

    @Test
    void aNewAddressMovesOnlyTheSourceRule() {
        var redialled = new Facts(
                "eth0",
                Optional.of("192.168.1.1"),
                Optional.empty(),
                Optional.of(new Link("ppp0", Optional.of("198.51.100.8"), List.of(), Optional.empty())));
        assertThat(RoutingPlan.batch(
                        RoutingPlan.desired(Family.V4, redialled),
                        IpOutput.rules(RULES_INSTALLED),
                        IpOutput.routes(ROUTES_ALL, RoutingIds.TABLES)))
                .containsExactly("rule del priority 7103", "rule add priority 7103 from 198.51.100.8 lookup 7102");
    }

    @Test
    void anotherLinkInterfaceReplacesTheLinkTablesRoute() {
        var ethernet = new Facts(
                "eth0",
                Optional.of("192.168.1.1"),
                Optional.empty(),
                Optional.of(new Link("usb0", Optional.of("192.168.8.100"), List.of(), Optional.of("192.168.8.1"))));
        assertThat(RoutingPlan.batch(
                        RoutingPlan.desired(Family.V4, ethernet),
                        IpOutput.rules(RULES_INSTALLED),
                        IpOutput.routes(ROUTES_ALL, RoutingIds.TABLES)))
                .containsExactly(
                        "route replace default via 192.168.8.1 dev usb0 table 7102",
                        "rule del priority 7103",
                        "rule add priority 7103 from 192.168.8.100 lookup 7102");
    }

    @Test
    void linkDownEmptiesTheLinkTableAndDropsTheSourceRule() {
        assertThat(RoutingPlan.batch(
                        RoutingPlan.desired(Family.V4, UP.withoutLink()),
                        IpOutput.rules(RULES_INSTALLED),
                        IpOutput.routes(ROUTES_ALL, RoutingIds.TABLES)))
                .containsExactly("route flush table 7102", "rule del priority 7103");
    }

    @Test
    void duplicatesAndForeignRulesAtOurPrioritiesAreReplaced() {
        var lines = RoutingPlan.batch(
                RoutingPlan.desired(Family.V4, UP),
                IpOutput.rules(RULES_DETACHED_AND_DUPLICATE),
                IpOutput.routes(
                        "default dev ppp0 table 7102 scope link\n10.0.0.0/8 dev eth0 table 7102\n", RoutingIds.TABLES));
        assertThat(lines)
                .startsWith(
                        "route replace default via 192.168.1.1 dev eth0 table 7101",
                        "route flush table 7102",
                        "route replace default dev ppp0 table 7102",
                        "rule del priority 7100",
                        "rule del priority 7100",
                        "rule add priority 7100 lookup main suppress_prefixlength 0");
        // 7106 is not ours: left alone
        assertThat(lines).noneMatch(l -> l.contains("7106"));
    }

    @Test
    void ipv6OnlyWhileTheLinkHasAGlobalAddress() {
        assertThat(RoutingPlan.desired(Family.V6, UP)).isEqualTo(RoutingPlan.Desired.NOTHING);
        var v6 = new Facts(
                "eth0",
                Optional.of("192.168.1.1"),
                Optional.of("fe80::1"),
                Optional.of(new Link("ppp0", Optional.of("198.51.100.7"), List.of("2001:db8:5::7"), Optional.empty())));
        assertThat(RoutingPlan.batch(
                        RoutingPlan.desired(Family.V6, v6),
                        IpOutput.rules(RULES_DEFAULT),
                        IpOutput.routes(ROUTES6_ALL, RoutingIds.TABLES)))
                .containsExactly(
                        "rule add priority 7100 lookup main suppress_prefixlength 0",
                        "rule add priority 7101 fwmark 0x1000000/0xf000000 lookup 7101",
                        "rule add priority 7102 fwmark 0x2000000/0xf000000 lookup 7102",
                        "rule add priority 7103 from 2001:db8:5::7 lookup 7102",
                        "rule add priority 7104 iif eth0 lookup 7102");
        // the link lost its address: IPv6 rules and routes go
        assertThat(RoutingPlan.batch(
                        RoutingPlan.Desired.NOTHING,
                        IpOutput.rules(RULES_INSTALLED),
                        IpOutput.routes(ROUTES6_ALL, RoutingIds.TABLES)))
                .containsExactly(
                        "route flush table 7101",
                        "route flush table 7102",
                        "rule del priority 7100",
                        "rule del priority 7101",
                        "rule del priority 7102",
                        "rule del priority 7103",
                        "rule del priority 7104");
    }

    @Test
    void unsafeValuesNeverReachACommand() {
        assertThatThrownBy(() -> RoutingPlan.desired(
                        Family.V4, new Facts("eth0 lookup 1", Optional.empty(), Optional.empty(), Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoutingPlan.desired(
                        Family.V4,
                        new Facts("eth0", Optional.of("1.2.3.4 dev lo"), Optional.empty(), Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoutingPlan.desired(
                        Family.V4,
                        new Facts(
                                "eth0",
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of(
                                        new Link("ppp0\nrule flush", Optional.empty(), List.of(), Optional.empty())))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
