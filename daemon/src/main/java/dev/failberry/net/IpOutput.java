package dev.failberry.net;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parsers for what {@code ip} prints (iproute2's text output, which has been stable for years; JSON
 * output would need a JSON parser and is missing from older iproute2 for rules). Pure; table-tested with
 * captures in {@code IpOutputTest}.
 */
final class IpOutput {
    private IpOutput() {}

    /**
     * {@code ip rule show}: rule text by priority ({@code 7103 -> ["from 198.51.100.7 lookup 7102"]}), with
     * whitespace collapsed. {@code [detached]} (an {@code iif} whose interface is gone) is kept: such a
     * rule differs from the one wanted.
     */
    static Map<Integer, List<String>> rules(String output) {
        Map<Integer, List<String>> out = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0 || !line.substring(0, colon).trim().matches("\\d{1,10}")) {
                continue;
            }
            int prio = (int) Math.min(
                    Integer.MAX_VALUE, Long.parseLong(line.substring(0, colon).trim()));
            String text = line.substring(colon + 1).trim().replaceAll("\\s+", " ");
            out.computeIfAbsent(prio, k -> new ArrayList<>()).add(text);
        }
        return out;
    }

    /** One route line: destination (or the route type when the line starts with one), gateway, device. */
    record Route(String dst, String via, String dev, String text) {
        boolean isPlainDefault() {
            return dst.equals("default");
        }
    }

    private static final java.util.Set<String> TYPES = java.util.Set.of(
            "unicast",
            "local",
            "broadcast",
            "multicast",
            "throw",
            "unreachable",
            "prohibit",
            "blackhole",
            "nat",
            "anycast");

    /** {@code ip route show table all}: the routes of each table in {@code tables}. */
    static Map<Integer, List<Route>> routes(String output, List<Integer> tables) {
        Map<Integer, List<Route>> out = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            String[] t = line.trim().split("\\s+");
            if (t.length == 0 || t[0].isEmpty()) {
                continue;
            }
            String table = value(t, "table").orElse("main");
            if (!table.matches("\\d+") || !tables.contains(Integer.parseInt(table))) {
                continue;
            }
            String dst = TYPES.contains(t[0]) && !t[0].equals("unicast") ? t[0] : t[0].equals("unicast") ? t[1] : t[0];
            out.computeIfAbsent(Integer.parseInt(table), k -> new ArrayList<>())
                    .add(new Route(
                            dst, value(t, "via").orElse(null), value(t, "dev").orElse(null), line.trim()));
        }
        return out;
    }

    /**
     * The gateway of the main table's default route through {@code dev}, lowest metric first, from
     * {@code ip route show default} (or {@code ip -6 route show default}); empty when there is none (or it
     * has no gateway, as a point-to-point default has not).
     */
    static Optional<String> defaultGateway(String output, String dev) {
        String best = null;
        long bestMetric = Long.MAX_VALUE;
        for (String line : output.split("\n")) {
            String[] t = line.trim().split("\\s+");
            if (t.length < 3 || !t[0].equals("default") || value(t, "table").isPresent()) {
                continue;
            }
            Optional<String> d = value(t, "dev");
            Optional<String> via = value(t, "via");
            if (d.isEmpty() || !d.get().equals(dev) || via.isEmpty()) {
                continue;
            }
            long metric = value(t, "metric")
                    .filter(m -> m.matches("\\d{1,10}"))
                    .map(Long::parseLong)
                    .orElse(0L);
            if (metric < bestMetric) {
                bestMetric = metric;
                best = via.get();
            }
        }
        return Optional.ofNullable(best);
    }

    private static Optional<String> value(String[] tokens, String key) {
        for (int i = 0; i + 1 < tokens.length; i++) {
            if (tokens[i].equals(key)) {
                return Optional.of(tokens[i + 1]);
            }
        }
        return Optional.empty();
    }
}
