package dev.failberry.usbnet;

import java.net.InetAddress;
import java.util.Set;

/** One line of {@code ip -o monitor link address} (or of {@code ip -o link show} / {@code ip -o addr show}). */
public sealed interface IpEvent {

    /** The interface's index: the only stable key (ip prints cached, possibly stale names on address lines). */
    int index();

    boolean deleted();

    /**
     * A link line: the current name, flags ({@code UP}, {@code LOWER_UP}, {@code NO-CARRIER}) and
     * operational state ({@code UP}, {@code DOWN}, {@code LOWERLAYERDOWN}, {@code UNKNOWN}).
     */
    record Link(int index, String name, Set<String> flags, String operState, boolean deleted) implements IpEvent {
        public Link {
            flags = Set.copyOf(flags);
        }

        /** Administratively up and with a carrier: packets can flow. */
        public boolean running() {
            return flags.contains("UP") && flags.contains("LOWER_UP") && !flags.contains("NO-CARRIER");
        }
    }

    /**
     * An address line.
     *
     * @param label     the name ip printed (may be the interface's old name: ip caches names per index)
     * @param tentative IPv6 duplicate address detection has not finished: not usable yet
     * @param dynamic   from DHCP or SLAAC (it has a lifetime)
     */
    record Address(
            int index,
            String label,
            InetAddress address,
            int prefix,
            String scope,
            boolean tentative,
            boolean dynamic,
            boolean deleted)
            implements IpEvent {}
}
