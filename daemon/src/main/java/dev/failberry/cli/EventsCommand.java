package dev.failberry.cli;

import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.config.InvalidConfigException;
import dev.failberry.history.History;
import dev.failberry.history.Item;
import dev.failberry.history.ItemText;
import dev.failberry.json.Json;
import dev.failberry.status.StatusJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code failberry events}: what happened, one line per event, oldest first, outages folded with their
 * durations. Asks the running daemon ({@code GET /events}, which also has what is not yet written);
 * without a daemon it reads the journal in the state directory.
 */
@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        description = "What happened: one line per event, oldest first, outages folded with their durations and "
                + "recovery actions. Asks the running daemon; when none answers, reads the journal in the state "
                + "directory. Exit 0, 2 on a usage or configuration error, 3 when neither can be read.")
public final class EventsCommand implements Callable<Integer> {
    private static final Pattern PART = Pattern.compile("(\\d{1,6})(s|m|min|h|d|w)");
    static final Duration MAX_SINCE = Duration.ofDays(3650);

    @Option(
            names = "--since",
            paramLabel = "DURATION",
            defaultValue = "24h",
            description = "How far back: e.g. 90s, 30m, 6h, 7d, 2w, 1h30m (default ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--json", description = "Print the items as JSON (times in ISO-8601 UTC).")
    boolean json;

    @Option(
            names = "--admin",
            paramLabel = "URL",
            description = "Admin listener of the daemon, http://HOST:PORT or HOST:PORT (default: admin.bind and "
                    + "admin.port of the configuration).")
    String admin;

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    /** {@code 90s}, {@code 30m}, {@code 6h}, {@code 7d}, {@code 2w}, {@code 1h30m}; empty when not a duration. */
    static Optional<Duration> parseDuration(String text) {
        String s = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = PART.matcher(s);
        Duration d = Duration.ZERO;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                return Optional.empty();
            }
            long n = Long.parseLong(m.group(1));
            d = d.plus(
                    switch (m.group(2)) {
                        case "s" -> Duration.ofSeconds(n);
                        case "m", "min" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        case "d" -> Duration.ofDays(n);
                        default -> Duration.ofDays(7 * n);
                    });
            at = m.end();
        }
        return d.isZero() || d.compareTo(MAX_SINCE) > 0 ? Optional.empty() : Optional.of(d);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Duration> window = parseDuration(since);
        if (window.isEmpty()) {
            err.println("failberry events: --since must be a duration such as 30m, 6h or 7d (at most 3650d), not \""
                    + since + "\".");
            return ExitCode.USAGE;
        }
        if (admin != null) {
            var bad = AdminCall.of("failberry events", admin, err).invalidUrl();
            if (bad.isPresent()) {
                return bad.getAsInt();
            }
        }
        FailberryConfig c = null;
        Path file = config.resolve();
        if (config.file != null || Files.exists(file)) {
            try {
                c = ConfigLoader.load(file);
            } catch (InvalidConfigException e) {
                CheckConfigCommand.printProblems(err, e);
                return ExitCode.USAGE;
            }
        }
        String url = admin != null
                ? admin
                : c != null ? c.admin().bind() + ":" + c.admin().port() : "127.0.0.1:9001";
        long now = System.currentTimeMillis();
        long sinceMillis = now - window.get().toMillis();
        ZoneId zone = ZoneId.systemDefault();

        FailberryConfig loaded = c;
        return AdminCall.of("failberry events", url, err)
                .httpError(a -> a.status() == 404
                        ? "the daemon at " + url + " keeps no history (history.enabled = false)."
                        : "the daemon answered HTTP " + a.status() + " at " + url + "/events.")
                .unreadable("the daemon's answer is not valid events JSON")
                .withoutDaemon(why -> fromJournal(loaded, why, sinceMillis, zone, out, err))
                .get(
                        "/events?since=" + window.get().toSeconds(),
                        Duration.ofSeconds(15),
                        a -> parse(a.body()),
                        items -> {
                            print(out, items, "daemon", sinceMillis, zone);
                            return ExitCode.OK;
                        });
    }

    /** No daemon answers ({@code unreachable} says so): the journal it left, read directly. */
    private int fromJournal(
            FailberryConfig c, String unreachable, long sinceMillis, ZoneId zone, PrintWriter out, PrintWriter err) {
        Path stateDir = c != null ? c.stateDir() : Path.of("/var/lib/failberry");
        Path dir = stateDir.resolve(History.DIRECTORY);
        History.Offline read;
        try {
            read = History.readOffline(stateDir, sinceMillis);
        } catch (NoSuchFileException e) {
            err.println("failberry events: " + unreachable + ", and there is no journal in " + dir
                    + (c != null && !c.history().enabled() ? " (history.enabled = false)" : "") + ".");
            return ExitCode.UNREACHABLE;
        } catch (AccessDeniedException e) {
            err.println("failberry events: " + unreachable + ", and the journal in " + dir
                    + " cannot be read: permission denied (it belongs to root: use sudo).");
            return ExitCode.UNREACHABLE;
        } catch (IOException e) {
            err.println("failberry events: " + unreachable + ", and the journal in " + dir + " cannot be read: "
                    + e.getMessage() + ".");
            return ExitCode.UNREACHABLE;
        }
        read.damage().forEach(d -> err.println("failberry events: note: " + d + "."));
        err.println("failberry events: " + unreachable + "; read from the journal in " + dir + ".");
        print(out, read.items(), "journal", sinceMillis, zone);
        return ExitCode.OK;
    }

    private static List<Item> parse(String body) {
        Map<String, Object> doc = Json.parseObject(body);
        List<Item> items = new ArrayList<>();
        if (doc.get("items") instanceof List<?> list) {
            for (Object o : list) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) o;
                items.add(Item.fromJsonMap(m));
            }
        }
        return items;
    }

    private void print(PrintWriter out, List<Item> items, String source, long sinceMillis, ZoneId zone) {
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("source", source);
            doc.put(
                    "since",
                    Instant.ofEpochMilli(sinceMillis)
                            .truncatedTo(ChronoUnit.SECONDS)
                            .toString());
            doc.put("items", items.stream().map(i -> i.toJsonMap(zone)).toList());
            out.println(StatusJson.renderMap(doc));
        } else if (items.isEmpty()) {
            out.println("nothing recorded since "
                    + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                            .format(Instant.ofEpochMilli(sinceMillis).atZone(zone)));
        } else {
            items.forEach(i -> out.println(ItemText.line(i, zone)));
        }
        out.flush();
    }
}
