package dev.failberry.ppp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Classifies the link's address: can the internet reach it (inbound failover needs that)? Pure;
 * {@link #parseLiteral} never does a DNS lookup.
 */
public final class IpClassifier {

    public enum IpClass {
        /** Globally routable IPv4 or global unicast IPv6: inbound connections can work. */
        PUBLIC,
        /** RFC 1918 10/8, 172.16/12, 192.168/16: the carrier NATs. */
        PRIVATE,
        /** RFC 6598 100.64/10, carrier-grade NAT. */
        CGNAT,
        LOOPBACK,
        /** 169.254/16, fe80::/10. */
        LINK_LOCAL,
        /** IPv6 unique local fc00::/7. */
        UNIQUE_LOCAL,
        /** TEST-NET-1/2/3 (192.0.2/24, 198.51.100/24, 203.0.113/24), 2001:db8::/32. */
        DOCUMENTATION,
        MULTICAST,
        /** 0/8, 240/4, broadcast, ::, benchmarking 198.18/15, IETF 192.0.0/24 and similar. */
        RESERVED;

        /** True when unsolicited inbound connections from the internet can reach this address. */
        public boolean inboundReachable() {
            return this == PUBLIC;
        }

        /** True when the carrier translates addresses, so an external check can tell the public IP. */
        public boolean natted() {
            return this == PRIVATE || this == CGNAT;
        }
    }

    private IpClassifier() {}

    public static IpClass classify(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return classify4(v4.getAddress());
        }
        if (address instanceof Inet6Address v6) {
            return classify6(v6);
        }
        throw new IllegalArgumentException("not an IP address: " + address);
    }

    private static IpClass classify4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
            return IpClass.PRIVATE;
        }
        if (a0 == 100 && a1 >= 64 && a1 <= 127) {
            return IpClass.CGNAT;
        }
        if (a0 == 127) {
            return IpClass.LOOPBACK;
        }
        if (a0 == 169 && a1 == 254) {
            return IpClass.LINK_LOCAL;
        }
        if ((a0 == 192 && a1 == 0 && a2 == 2)
                || (a0 == 198 && a1 == 51 && a2 == 100)
                || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return IpClass.DOCUMENTATION;
        }
        if (a0 >= 224 && a0 <= 239) {
            return IpClass.MULTICAST;
        }
        if (a0 == 0
                || a0 >= 240
                || (a0 == 198 && (a1 == 18 || a1 == 19))
                || (a0 == 192 && a1 == 0 && a2 == 0)
                || (a0 == 192 && a1 == 88 && a2 == 99)) {
            return IpClass.RESERVED;
        }
        return IpClass.PUBLIC;
    }

    private static IpClass classify6(Inet6Address v6) {
        byte[] b = v6.getAddress();
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        if (v6.isLoopbackAddress()) {
            return IpClass.LOOPBACK;
        }
        if (v6.isAnyLocalAddress()) {
            return IpClass.RESERVED;
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
            return IpClass.LINK_LOCAL;
        }
        if ((b0 & 0xfe) == 0xfc) {
            return IpClass.UNIQUE_LOCAL;
        }
        if (b0 == 0xff) {
            return IpClass.MULTICAST;
        }
        if (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return IpClass.DOCUMENTATION;
        }
        if ((b0 & 0xe0) == 0x20) {
            return IpClass.PUBLIC;
        }
        return IpClass.RESERVED;
    }

    /** Parses an IPv4 dotted quad or an IPv6 literal without ever resolving a name. */
    public static Optional<InetAddress> parseLiteral(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        if (s.isEmpty() || s.length() > 45) {
            return Optional.empty();
        }
        boolean v4 = s.matches("[0-9.]+") && PppdOutputParser.validIp4(s);
        // InetAddress reads text as a literal only when it starts with a hex digit or ':'; anything
        // else (".:1.2.3.4") it looks up as a host name
        boolean v6 = s.contains(":") && s.matches("[0-9A-Fa-f:][0-9A-Fa-f:.]*");
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(s));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
