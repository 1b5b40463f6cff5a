package dev.failberry.net;

import dev.failberry.proc.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A stand-in for {@code ip} and {@code nft} in unit tests of the failure paths that a real kernel will
 * not produce on demand (a device vanishing between two commands, nft refusing a table). It understands
 * exactly the commands {@link ReplyRouting} and {@link NftTable} send, answers in iproute2 6.1's and
 * nft 1.0.6's words, and records every command. The network lab runs the real ones.
 */
final class FakeKernel implements Commands {
    /** rules per family ("-4"/"-6"): priority -> texts as `ip rule show` prints them. */
    final Map<String, TreeMap<Integer, List<String>>> rules = Map.of("-4", new TreeMap<>(), "-6", new TreeMap<>());
    /** routes per family: table -> route lines as `ip route show table all` prints them. */
    final Map<String, TreeMap<Integer, List<String>>> routes = Map.of("-4", new TreeMap<>(), "-6", new TreeMap<>());

    final Set<String> devices = new HashSet<>(Set.of("lo", "eth0", "ppp0"));
    String mainDefault4 = "default via 192.168.1.1 dev eth0 proto dhcp src 192.168.1.50 metric 100\n";
    String table;
    String nftRefusal;
    boolean ipv6Disabled;
    final List<List<String>> commands = new ArrayList<>();
    final List<String> stdins = new ArrayList<>();

    @Override
    public synchronized CommandRunner.Result run(List<String> command, String stdin, Duration timeout) {
        commands.add(List.copyOf(command));
        stdins.add(stdin);
        String exe = command.get(0);
        if (exe.endsWith("nft")) {
            return nft(command, stdin);
        }
        String family = command.get(1);
        if (family.equals("-6") && ipv6Disabled) {
            return result(command, 2, "RTNETLINK answers: Address family not supported by protocol\n");
        }
        List<String> args = command.subList(2, command.size());
        if (args.equals(List.of("rule", "show"))) {
            StringBuilder b = new StringBuilder("0:\tfrom all lookup local\n");
            rules.get(family)
                    .forEach((p, list) -> list.forEach(
                            t -> b.append(p).append(":\t").append(t).append('\n')));
            b.append("32766:\tfrom all lookup main\n");
            return result(command, 0, b.toString());
        }
        if (args.equals(List.of("route", "show", "table", "all"))) {
            StringBuilder b = new StringBuilder(family.equals("-4") ? mainDefault4 : "");
            routes.get(family)
                    .forEach((t, list) -> list.forEach(l -> b.append(l).append('\n')));
            return result(command, 0, b.toString());
        }
        if (args.equals(List.of("route", "show", "default"))) {
            return result(command, 0, family.equals("-4") ? mainDefault4 : "");
        }
        boolean force = args.contains("-force");
        if (args.contains("-batch")) {
            String[] lines = stdin.split("\n");
            StringBuilder errors = new StringBuilder();
            for (int i = 0; i < lines.length; i++) {
                String error = batchLine(family, lines[i].trim().split("\\s+"));
                if (error != null) {
                    errors.append(error)
                            .append("\nCommand failed -:")
                            .append(i + 1)
                            .append('\n');
                    if (!force) {
                        return result(command, 1, errors.toString());
                    }
                }
            }
            return result(command, errors.length() == 0 ? 0 : 1, errors.toString());
        }
        return result(command, 255, "Object \"" + args + "\" is unknown, try \"ip help\".\n");
    }

    private String batchLine(String family, String[] t) {
        if (t[0].equals("route") && t[1].equals("replace")) {
            String dev = value(t, "dev");
            if (!devices.contains(dev)) {
                return "Cannot find device \"" + dev + "\"";
            }
            int table = Integer.parseInt(value(t, "table"));
            String via = value(t, "via");
            String line = "default" + (via != null ? " via " + via : "") + " dev " + dev + " table " + table
                    + (via == null ? " scope link" : "");
            routes.get(family).put(table, new ArrayList<>(List.of(line)));
            return null;
        }
        if (t[0].equals("route") && t[1].equals("flush")) {
            routes.get(family).remove(Integer.parseInt(t[3]));
            return null;
        }
        if (t[0].equals("rule") && t[1].equals("del")) {
            int prio = Integer.parseInt(t[3]);
            List<String> at = rules.get(family).get(prio);
            if (at == null || at.isEmpty()) {
                return "RTNETLINK answers: No such file or directory";
            }
            at.remove(0);
            if (at.isEmpty()) {
                rules.get(family).remove(prio);
            }
            return null;
        }
        if (t[0].equals("rule") && t[1].equals("add")) {
            int prio = Integer.parseInt(t[3]);
            List<String> selector = new ArrayList<>();
            String table = null;
            boolean suppress = false;
            for (int i = 4; i < t.length; i++) {
                switch (t[i]) {
                    case "lookup" -> table = t[++i];
                    case "suppress_prefixlength" -> {
                        suppress = true;
                        i++;
                    }
                    default -> selector.add(t[i]);
                }
            }
            String text = new RoutingPlan.Rule(prio, selector, table, suppress).shown();
            List<String> at = rules.get(family).computeIfAbsent(prio, k -> new ArrayList<>());
            if (at.contains(text)) {
                return "RTNETLINK answers: File exists";
            }
            at.add(text);
            return null;
        }
        return "Command \"" + String.join(" ", t) + "\" is unknown";
    }

    private CommandRunner.Result nft(List<String> command, String stdin) {
        if (command.equals(List.of(command.get(0), "list", "table", "inet", "failberry"))) {
            return table == null
                    ? result(
                            command,
                            1,
                            "Error: No such file or directory\nlist table inet failberry\n                 ^^^^^^^^^\n")
                    : result(command, 0, table);
        }
        if (command.equals(List.of(command.get(0), "list", "counters", "table", "inet", "failberry"))) {
            return table == null
                    ? result(
                            command,
                            1,
                            "Error: No such file or directory\nlist counters table inet failberry\n                         ^^^^^^^^^\n")
                    : result(command, 0, counters());
        }
        if (command.subList(1, command.size()).equals(List.of("-f", "-"))) {
            if (stdin.contains("delete table inet failberry") && !stdin.contains("{")) {
                table = null;
                return result(command, 0, "");
            }
            if (nftRefusal != null) {
                return result(command, 1, nftRefusal);
            }
            table = stdin;
            return result(command, 0, "");
        }
        return result(command, 1, "Error: syntax error\n");
    }

    /**
     * The named counters of the loaded table as nft 1.0.6 lists them ({@code nft list counters table inet
     * failberry}, captured in a network namespace): {@link #counterValues} or zero.
     */
    private String counters() {
        StringBuilder b = new StringBuilder("table inet failberry {\n");
        var m = java.util.regex.Pattern.compile("(?m)^\\tcounter ([a-z_]+) \\{").matcher(table);
        while (m.find()) {
            long[] v = counterValues.getOrDefault(m.group(1), new long[] {0, 0});
            b.append("\tcounter ")
                    .append(m.group(1))
                    .append(" {\n\t\tpackets ")
                    .append(v[0])
                    .append(" bytes ")
                    .append(v[1])
                    .append("\n\t}\n");
        }
        return b.append("}").toString();
    }

    /** Counter values the next {@code list counters} reports: name -> {packets, bytes}. */
    final java.util.Map<String, long[]> counterValues = new java.util.HashMap<>();

    /** The write commands (batches and table loads) sent so far. */
    synchronized List<String> writes() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).contains("-batch") || commands.get(i).contains("-f")) {
                out.add(String.join(" ", commands.get(i)) + " <<< "
                        + stdins.get(i).strip().replace("\n", " | "));
            }
        }
        return out;
    }

    synchronized List<String> rules4() {
        List<String> out = new ArrayList<>();
        rules.get("-4").forEach((p, list) -> list.forEach(t -> out.add(p + ": " + t)));
        return out;
    }

    private static String value(String[] t, String key) {
        for (int i = 0; i + 1 < t.length; i++) {
            if (t[i].equals(key)) {
                return t[i + 1];
            }
        }
        return null;
    }

    private static CommandRunner.Result result(List<String> command, int exit, String output) {
        return new CommandRunner.Result(List.copyOf(command), exit, output, false, null);
    }
}
