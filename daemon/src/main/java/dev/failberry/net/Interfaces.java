package dev.failberry.net;

import dev.failberry.config.Cidr;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The host's network interfaces, as the JDK reads them (netlink and /proc/net of the daemon's own network
 * namespace: no command to run). An interface that does not exist is an empty Optional.
 */
interface Interfaces {
    /** The networks on {@code name} ({@code 192.168.1.0/24}), or empty when there is no such interface. */
    Optional<List<Cidr>> networks(String name);

    /** Its global IPv6 addresses (not link-local), compressed text. */
    List<String> globalIpv6(String name);

    /**
     * Its first IPv4 address ({@code 192.168.1.50}) while it is up and running (carrier); empty when the
     * interface does not exist, is down or has none. Read afresh each time: DHCP may change it.
     */
    Optional<String> ipv4Address(String name);

    /** Every interface's name, for messages. */
    List<String> names();

    static Interfaces system() {
        return new Interfaces() {
            @Override
            public Optional<List<Cidr>> networks(String name) {
                NetworkInterface ni = byName(name);
                if (ni == null) {
                    return Optional.empty();
                }
                List<Cidr> out = new ArrayList<>();
                for (InterfaceAddress a : ni.getInterfaceAddresses()) {
                    String host = a.getAddress().getHostAddress().replaceFirst("%.*$", "");
                    Cidr.parse(host + "/" + a.getNetworkPrefixLength()).ifPresent(out::add);
                }
                return Optional.of(out);
            }

            @Override
            public List<String> globalIpv6(String name) {
                NetworkInterface ni = byName(name);
                if (ni == null) {
                    return List.of();
                }
                List<String> out = new ArrayList<>();
                for (InterfaceAddress a : ni.getInterfaceAddresses()) {
                    if (a.getAddress() instanceof Inet6Address v6
                            && !v6.isLinkLocalAddress()
                            && !v6.isLoopbackAddress()) {
                        Cidr.parse(v6.getHostAddress().replaceFirst("%.*$", "")).ifPresent(c -> out.add(c.toString()));
                    }
                }
                return out;
            }

            @Override
            public Optional<String> ipv4Address(String name) {
                NetworkInterface ni = byName(name);
                try {
                    if (ni == null || !ni.isUp()) { // the JDK's isUp: IFF_UP and IFF_RUNNING
                        return Optional.empty();
                    }
                } catch (SocketException e) {
                    return Optional.empty();
                }
                return ni.inetAddresses()
                        .filter(a -> a instanceof Inet4Address)
                        .map(InetAddress::getHostAddress)
                        .findFirst();
            }

            @Override
            public List<String> names() {
                try {
                    return NetworkInterface.networkInterfaces()
                            .map(NetworkInterface::getName)
                            .sorted()
                            .toList();
                } catch (SocketException e) {
                    return List.of();
                }
            }

            private NetworkInterface byName(String name) {
                try {
                    return NetworkInterface.getByName(name);
                } catch (SocketException e) {
                    return null;
                }
            }
        };
    }
}
