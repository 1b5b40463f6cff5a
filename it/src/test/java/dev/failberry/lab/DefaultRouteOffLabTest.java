package dev.failberry.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code ppp.default-route = false} (the default): the Pi's own traffic stays on the wired router, LAN
 * traffic handed to the Pi and everything bound to the link's address use the link. pppd 2.4.9 (Bookworm).
 * The link also has a global IPv6 address here, so the IPv6 rules are made by the real {@code ip -6}.
 */
class DefaultRouteOffLabTest extends ReplyRoutingLab {
    static final String MOBILE_V6 = "2001:db8:5::7";

    @Override
    boolean defaultRoute() {
        return false;
    }

    @Override
    Map<String, String> pppd() {
        return Map.of("local-ip.2", MOBILE_2, "lab.ipv6", MOBILE_V6 + "/64");
    }

    @Test
    @Order(2)
    void aLinkWithAGlobalIpv6AddressGetsTheIpv6RulesToo() {
        assertThat(ours(lab.show(lab.pi, "-6", "rule", "show")))
                .containsExactly(
                        "7100:\tfrom all lookup main suppress_prefixlength 0",
                        "7101:\tfrom all fwmark 0x1000000/0xf000000 lookup 7101",
                        "7102:\tfrom all fwmark 0x2000000/0xf000000 lookup 7102",
                        "7103:\tfrom " + MOBILE_V6 + " lookup 7102",
                        "7104:\tfrom all iif eth0 lookup 7102");
        assertThat(lab.show(lab.pi, "-6", "route", "show", "table", "7102")).startsWith("default dev ppp0");
    }
}
