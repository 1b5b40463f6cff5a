package dev.failberry.config;

import java.util.Locale;

/**
 * The one normal form of a DNS name, used wherever names are compared or shown: as configured
 * ({@code dns.record}, {@code dns.failover.wired-record}), as Route53 returns them
 * ({@code Lte.Home.Example.COM.}, {@code \052.example.com.}, its octal escape for '*'), as name servers
 * answer, and as a Host header names them. Pure functions.
 */
public final class DnsNames {
    private DnsNames() {}

    /** Lower case, no trailing dot, octal escapes ({@code \052} = '*') decoded. */
    public static String normalize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' && isOctal(name, i + 1)) {
                out.append((char) Integer.parseInt(name.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        String s = out.toString().toLowerCase(Locale.ROOT);
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    public static boolean same(String a, String b) {
        return normalize(a).equals(normalize(b));
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
