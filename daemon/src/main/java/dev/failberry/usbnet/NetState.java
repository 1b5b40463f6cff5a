package dev.failberry.usbnet;

import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The network interfaces and their addresses as the {@code ip} events so far describe them; an
 * immutable value, advanced by {@link #apply}. Keyed by interface index: a link line renames, a
 * deleted link removes the interface with its addresses. Applying the same line twice changes
 * nothing, so a snapshot ({@code ip -o link/addr show}) may overlap the monitor's first events.
 */
public record NetState(Map<Integer, Iface> interfaces) {

    /** One interface: its current name, whether packets can flow, and its usable addresses. */
    public record Iface(int index, String name, boolean running, String operState, Set<IpEvent.Address> addresses) {
        public Iface {
            addresses = Collections.unmodifiableSet(new LinkedHashSet<>(addresses));
        }

        /** Addresses the link can use: IPv6 ones that passed duplicate address detection, no link-local ones. */
        public Set<InetAddress> usable() {
            Set<InetAddress> out = new LinkedHashSet<>();
            for (IpEvent.Address a : addresses) {
                if (!a.tentative() && !a.address().isLinkLocalAddress()) {
                    out.add(a.address());
                }
            }
            return out;
        }
    }

    public static final NetState EMPTY = new NetState(Map.of());

    public NetState {
        interfaces = Collections.unmodifiableMap(new TreeMap<>(interfaces));
    }

    public Optional<Iface> byName(String name) {
        return interfaces.values().stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public Optional<Iface> byIndex(int index) {
        return Optional.ofNullable(interfaces.get(index));
    }

    /** The state after {@code e}; pure. */
    public NetState apply(IpEvent e) {
        Map<Integer, Iface> next = new TreeMap<>(interfaces);
        Iface old = next.get(e.index());
        if (e instanceof IpEvent.Link l) {
            if (l.deleted()) {
                next.remove(l.index());
            } else {
                next.put(
                        l.index(),
                        new Iface(
                                l.index(),
                                l.name(),
                                l.running(),
                                l.operState(),
                                old == null ? Set.of() : old.addresses()));
            }
        } else if (e instanceof IpEvent.Address a) {
            // an address line for an index without a link line yet: keep it under the name ip printed
            Iface base = old != null ? old : new Iface(a.index(), a.label(), false, "UNKNOWN", Set.of());
            Set<IpEvent.Address> addrs = new LinkedHashSet<>();
            for (IpEvent.Address x : base.addresses()) {
                if (!x.address().equals(a.address())) {
                    addrs.add(x);
                }
            }
            if (!a.deleted()) {
                addrs.add(a);
            }
            if (old == null && a.deleted()) {
                return this;
            }
            next.put(a.index(), new Iface(base.index(), base.name(), base.running(), base.operState(), addrs));
        }
        return new NetState(next);
    }
}
