package dev.failberry.lab;

import java.util.Map;

/**
 * {@code ppp.default-route = true} (the seed's setting): the link is the Pi's default route. First with
 * pppd 2.5's {@code defaultroute-metric} (a second default route beside the wired one), after the restarts
 * with pppd 2.4.9's {@code replacedefaultroute} (the wired default route removed while the link is up and
 * put back after): reply routing must work with both.
 */
class DefaultRouteOnLabTest extends ReplyRoutingLab {
    @Override
    boolean defaultRoute() {
        return true;
    }

    @Override
    Map<String, String> pppd() {
        return Map.of("local-ip.2", MOBILE_2, "version", "2.5.1");
    }

    @Override
    Map<String, String> pppdAfterRestart() {
        return Map.of("version", "2.4.9");
    }
}
