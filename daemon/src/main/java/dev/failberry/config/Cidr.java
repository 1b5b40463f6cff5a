package dev.failberry.config;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IP network ({@code 192.168.1.0/24}) or a single address ({@code /32}, {@code /128}), parsed from
 * literals only: nothing is ever looked up as a host name. Normalised (host bits cleared), so its text
 * is safe in an nftables set and comparable.
 */
public record Cidr(InetAddress network, int prefix) {

    /** {@code 192.168.1.10}, {@code 192.168.1.0/24}, {@code fd00::/8}; empty when it is not one. */
    public static Optional<Cidr> parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        boolean v4 = addr.matches("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
        boolean v6 = !v4 && addr.contains(":") && addr.matches("[0-9a-fA-F:.]{2,45}");
        if (!v4 && !v6) {
            return Optional.empty();
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(addr);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        int bits = a instanceof Inet4Address ? 32 : 128;
        int prefix = bits;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > bits) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(p);
        }
        return Optional.of(new Cidr(mask(a, prefix), prefix));
    }

    /** Whether {@code address} lies in this network (false across families). */
    public boolean contains(InetAddress address) {
        if (address.getAddress().length != network.getAddress().length) {
            return false;
        }
        return mask(address, prefix).equals(network);
    }

    public boolean isIpv4() {
        return network instanceof Inet4Address;
    }

    /** RFC 1918 (IPv4) or unique-local fc00::/7 (IPv6): an address a LAN host may have. */
    public boolean isPrivate() {
        byte[] b = network.getAddress();
        if (b.length == 4) {
            int a0 = b[0] & 0xff;
            int a1 = b[1] & 0xff;
            return a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168);
        }
        return (b[0] & 0xfe) == 0xfc;
    }

    private static InetAddress mask(InetAddress a, int prefix) {
        byte[] b = a.getAddress();
        int bits = b.length * 8;
        BigInteger value = new BigInteger(1, b);
        BigInteger keep = prefix == 0
                ? BigInteger.ZERO
                : BigInteger.ONE
                        .shiftLeft(bits)
                        .subtract(BigInteger.ONE)
                        .shiftRight(bits - prefix)
                        .shiftLeft(bits - prefix);
        byte[] raw = value.and(keep).toByteArray();
        byte[] out = new byte[b.length];
        int copy = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code 192.168.1.10} for a single address, otherwise {@code network/prefix}. */
    @Override
    public String toString() {
        int bits = network.getAddress().length * 8;
        String a = bits == 32 ? network.getHostAddress() : compressed(network.getAddress());
        return prefix == bits ? a : a + "/" + prefix;
    }

    /** RFC 5952 text: the longest run of two or more zero groups as {@code ::}, lower case, no leading zeros. */
    static String compressed(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }
}
