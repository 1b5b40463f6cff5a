package dev.failberry.net;

import dev.failberry.net.RoutingPlan.Facts;
import dev.failberry.net.RoutingPlan.Family;
import dev.failberry.proc.CommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code ip} to bring the kernel's rules and tables to a {@link RoutingPlan}: per address family it
 * reads the rules and routes, and writes the difference as one {@code ip -batch}, tables before rules.
 * When a batch fails part-way (the link's interface vanished between the event and the command, the
 * kernel refused a rule) the state is brought, with {@code -force}, to the plan without the link, which
 * refers to nothing that can vanish: never half a rule set for a link.
 */
final class ReplyRouting {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern FAILED_LINE = Pattern.compile("Command failed -:(\\d+)");

    private final Path ip;
    private final Commands commands;
    /** Whether IPv6 rules of ours may exist: read at the first apply, then only while the link has IPv6. */
    private boolean v6MayExist = true;

    ReplyRouting(Path ip, Commands commands) {
        this.ip = ip;
        this.commands = commands;
    }

    /** Applies {@code facts}; returns the error (null when everything is in place). */
    String apply(Facts facts) {
        List<String> errors = new ArrayList<>();
        for (Family f : Family.values()) {
            String e = applyFamily(f, RoutingPlan.desired(f, facts), false);
            if (e != null) {
                errors.add(e);
            }
        }
        if (errors.isEmpty()) {
            return null;
        }
        if (facts.link().isPresent()) {
            for (Family f : Family.values()) {
                applyFamily(f, RoutingPlan.desired(f, facts.withoutLink()), true);
            }
        }
        return String.join("; ", errors);
    }

    /** Removes every rule and route of ours (the daemon's stop); returns the error or null. */
    String remove() {
        List<String> errors = new ArrayList<>();
        for (Family f : Family.values()) {
            String e = applyFamily(f, RoutingPlan.Desired.NOTHING, true);
            if (e != null) {
                errors.add(e);
            }
        }
        return errors.isEmpty() ? null : String.join("; ", errors);
    }

    /** The gateway of the main table's default route through {@code dev}, if there is one. */
    Optional<String> defaultGateway(Family family, String dev) {
        CommandRunner.Result r = run(List.of(ip.toString(), family.flag, "route", "show", "default"), null);
        return r.ok() ? IpOutput.defaultGateway(r.output(), dev) : Optional.empty();
    }

    private String applyFamily(Family family, RoutingPlan.Desired want, boolean force) {
        if (family == Family.V6 && want.rules().isEmpty() && !v6MayExist) {
            return null; // two commands saved at every link change on the usual IPv4-only link
        }
        String error = write(family, want, force);
        if (family == Family.V6) {
            v6MayExist = error != null || !want.rules().isEmpty();
        }
        return error;
    }

    private String write(Family family, RoutingPlan.Desired want, boolean force) {
        CommandRunner.Result rules = run(List.of(ip.toString(), family.flag, "rule", "show"), null);
        if (!rules.ok()) {
            // a host without IPv6 cannot list IPv6 rules: nothing of ours can be there either
            return want.rules().isEmpty() && family == Family.V6
                    ? null
                    : "ip " + family.flag + " rule show: " + Commands.oneLine(rules);
        }
        CommandRunner.Result routes = run(List.of(ip.toString(), family.flag, "route", "show", "table", "all"), null);
        if (!routes.ok()) {
            return "ip " + family.flag + " route show: " + Commands.oneLine(routes);
        }
        List<String> lines = RoutingPlan.batch(
                want, IpOutput.rules(rules.output()), IpOutput.routes(routes.output(), RoutingIds.TABLES));
        if (lines.isEmpty()) {
            return null;
        }
        List<String> command = new ArrayList<>(List.of(ip.toString(), family.flag));
        if (force) {
            command.add("-force");
        }
        command.add("-batch");
        command.add("-");
        CommandRunner.Result r = run(command, String.join("\n", lines) + "\n");
        return r.ok() ? null : describeFailure(family, lines, r);
    }

    /** {@code ip -4 route replace default dev ppp0 table 7102: Cannot find device "ppp0"}. */
    static String describeFailure(Family family, List<String> lines, CommandRunner.Result r) {
        if (r.startError() != null || r.timedOut()) {
            return r.describe();
        }
        String output = r.output().strip();
        Matcher m = FAILED_LINE.matcher(output);
        String failed = null;
        if (m.find()) {
            int n = Integer.parseInt(m.group(1));
            if (n >= 1 && n <= lines.size()) {
                failed = lines.get(n - 1);
            }
        }
        String why = output.replaceAll("Command failed -:\\d+", "").strip().replaceAll("\\s*\\n\\s*", " / ");
        if (why.length() > 200) {
            why = why.substring(0, 197) + "...";
        }
        return "ip " + family.flag + (failed != null ? " " + failed : " -batch") + ": "
                + (why.isEmpty() ? "exit " + r.exitCode() : why);
    }

    private CommandRunner.Result run(List<String> command, String stdin) {
        return commands.run(command, stdin, TIMEOUT);
    }
}
