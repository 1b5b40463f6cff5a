package dev.failberry.usbnet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the one-line records of {@code ip -o monitor link address} and of the matching
 * {@code ip -o link show} / {@code ip -o addr show}; pure. Table-tested with a capture from
 * iproute2 6.1.0 ({@code src/test/resources/hilink/ip-monitor-iproute2-6.1.txt}). Lines it does not
 * know (other object types, {@code Timestamp:} lines, garbage) give empty; never throws. Addresses are
 * literals and are converted without any name lookup.
 */
public final class IpMonitorParser {
    /** {@code [LINK]}/{@code [ADDR]} (ip monitor with several objects or -t), then optional "Deleted ". */
    private static final Pattern PREFIX = Pattern.compile("^(?:\\[[A-Z]+\\]\\s*)*(Deleted\\s+)?");

    private static final Pattern LINK = Pattern.compile("^(\\d+):\\s+([^\\s:@]+)(?:@[^\\s:]+)?:\\s+<([^>]*)>(.*)$");
    private static final Pattern ADDR = Pattern.compile(
            "^(\\d+):\\s+(\\S+?)\\s+(inet6?)\\s+([0-9A-Fa-f.:]+)(?:/(\\d{1,3}))?(?:\\s+peer\\s+([0-9A-Fa-f.:]+)(?:/(\\d{1,3}))?)?(\\s.*)?$");
    private static final Pattern STATE = Pattern.compile("\\bstate\\s+(\\S+)");
    private static final Pattern SCOPE = Pattern.compile("\\bscope\\s+(\\S+)");
    private static final Pattern V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private IpMonitorParser() {}

    public static Optional<IpEvent> parse(String line) {
        if (line == null || line.length() > 4096) {
            return Optional.empty();
        }
        String text = line.strip();
        Matcher p = PREFIX.matcher(text);
        boolean deleted = false;
        if (p.find()) {
            deleted = p.group(1) != null;
            text = text.substring(p.end());
        }
        Matcher l = LINK.matcher(text);
        if (l.matches()) {
            Set<String> flags = new HashSet<>(Arrays.asList(l.group(3).split(",")));
            flags.remove("");
            Matcher st = STATE.matcher(l.group(4));
            String state = st.find() ? st.group(1) : "UNKNOWN";
            boolean gone = deleted;
            return index(l.group(1)).map(i -> new IpEvent.Link(i, l.group(2), flags, state, gone));
        }
        Matcher a = ADDR.matcher(text);
        if (!a.matches()) {
            return Optional.empty();
        }
        boolean v6 = a.group(3).equals("inet6");
        String rest = a.group(8) == null ? "" : a.group(8);
        // "inet 10.64.64.64 peer 10.0.0.1/32": the local address is the first one, the prefix is the peer's
        String prefixText = a.group(5) != null ? a.group(5) : a.group(7);
        int prefix = prefixText == null ? (v6 ? 128 : 32) : Integer.parseInt(prefixText);
        if (prefix > (v6 ? 128 : 32)) {
            return Optional.empty();
        }
        Optional<InetAddress> address = literal(a.group(4), v6);
        Optional<Integer> index = index(a.group(1));
        if (address.isEmpty() || index.isEmpty()) {
            return Optional.empty();
        }
        Matcher sc = SCOPE.matcher(rest);
        String flagsText = rest.contains("\\") ? rest.substring(0, rest.indexOf('\\')) : rest;
        boolean tentative = flagsText.matches(".*\\btentative\\b.*");
        boolean dynamic = flagsText.matches(".*\\bdynamic\\b.*");
        return Optional.of(new IpEvent.Address(
                index.get(),
                a.group(2),
                address.get(),
                prefix,
                sc.find() ? sc.group(1) : "global",
                tentative,
                dynamic,
                deleted));
    }

    private static Optional<Integer> index(String digits) {
        try {
            int i = Integer.parseInt(digits);
            return i > 0 ? Optional.of(i) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<InetAddress> literal(String text, boolean v6) {
        try {
            if (!v6) {
                Matcher m = V4.matcher(text);
                if (!m.matches()) {
                    return Optional.empty();
                }
                byte[] b = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int n = Integer.parseInt(m.group(i + 1));
                    if (n > 255) {
                        return Optional.empty();
                    }
                    b[i] = (byte) n;
                }
                return Optional.of(InetAddress.getByAddress(b));
            }
            // contains ':' and only hex digits, ':' and '.': InetAddress parses it as a literal, no lookup
            if (!text.contains(":") || text.length() > 45) {
                return Optional.empty();
            }
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
