package dev.failberry.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parsing IP literals without ever doing a DNS lookup. Pure. */
public final class Ips {
    private static final Pattern V4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    // InetAddress reads text as a literal only when it starts with a hex digit or ':'; anything else
    // (".:1.2.3.4") it looks up as a host name, so the first character is constrained too.
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}");

    private Ips() {}

    /** The address for an IPv4 or IPv6 literal; empty for anything else (host names are never resolved). */
    public static Optional<InetAddress> parse(String literal) {
        if (literal == null) {
            return Optional.empty();
        }
        String s = literal.strip();
        boolean v4 = V4.matcher(s).matches();
        if (!v4 && !(s.contains(":") && V6.matcher(s).matches())) {
            return Optional.empty();
        }
        try {
            InetAddress a = InetAddress.getByName(s);
            return v4 == (a instanceof Inet4Address) ? Optional.of(a) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** A global unicast IPv6 address (2000::/3), the only kind worth an AAAA record. */
    public static boolean isGlobalV6(InetAddress a) {
        return a instanceof Inet6Address && (a.getAddress()[0] & 0xE0) == 0x20;
    }
}
