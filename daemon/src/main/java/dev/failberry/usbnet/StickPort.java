package dev.failberry.usbnet;

import java.net.Inet4Address;
import java.util.Optional;

/**
 * Where an Ethernet-type stick's link stands, as the interface watch sees it: no interface, a stick still
 * in its CD-ROM personality, or the interface with (or still without) its DHCP address. What the link and
 * the stick monitor both decide on; a value.
 */
public sealed interface StickPort {

    /** No interface (unplugged, enumerating, rebooting, power off, or a wrong name or USB id configured). */
    record Absent(String reason) implements StickPort {}

    /** The stick is there but still a CD-ROM; {@code hint} says how to switch it (usb_modeswitch). */
    record CdRom(String ids, String hint) implements StickPort {}

    /**
     * The stick's interface.
     *
     * @param index   the kernel's interface index (stable across a rename, unlike the name)
     * @param running administratively up and with a carrier
     * @param ipv4    its global IPv4 address from the DHCP client, if it has one yet
     * @param device  the USB device it belongs to, for logs ({@code 12d1:14dc at 1-1.3}), or the name
     */
    record Present(int index, String name, boolean running, Optional<Address> ipv4, String device)
            implements StickPort {
        /** Packets can flow and the DHCP client has given it an address. */
        public boolean usable() {
            return running && ipv4.isPresent();
        }
    }

    /** An IPv4 address with its prefix length. */
    record Address(Inet4Address address, int prefix) {
        public String text() {
            return address.getHostAddress();
        }

        /** True when {@code other} is in this address's subnet. */
        public boolean contains(Inet4Address other) {
            int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            return (toInt(address) & mask) == (toInt(other) & mask);
        }

        /** The subnet's first host address (x.y.z.1 in a /24): where router sticks put themselves. */
        public Optional<Inet4Address> firstHost() {
            if (prefix > 30) {
                return Optional.empty();
            }
            int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            int first = (toInt(address) & mask) + 1;
            if (first == toInt(address)) {
                return Optional.empty();
            }
            try {
                return Optional.of((Inet4Address) java.net.InetAddress.getByAddress(
                        new byte[] {(byte) (first >>> 24), (byte) (first >>> 16), (byte) (first >>> 8), (byte) first}));
            } catch (java.net.UnknownHostException impossible) {
                return Optional.empty();
            }
        }

        static int toInt(Inet4Address a) {
            byte[] b = a.getAddress();
            return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        }
    }
}
