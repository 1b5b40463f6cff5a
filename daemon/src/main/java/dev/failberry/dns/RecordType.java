package dev.failberry.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** The address record types this daemon publishes. */
enum RecordType {
    A,
    AAAA;

    public static RecordType of(InetAddress address) {
        return address instanceof Inet6Address ? AAAA : A;
    }

    public boolean accepts(InetAddress address) {
        return this == A ? address instanceof Inet4Address : address instanceof Inet6Address;
    }
}
