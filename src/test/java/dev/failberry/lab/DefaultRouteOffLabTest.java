package dev.failberry.lab;

/**
 * {@code ppp.default-route = false} (the default): the Pi's own traffic stays on the wired router, LAN
 * traffic handed to the Pi and everything bound to the link's address use the link. pppd 2.4.9 (Bookworm).
 */
class DefaultRouteOffLabTest extends ReplyRoutingLab {
    @Override
    boolean defaultRoute() {
        return false;
    }
}
