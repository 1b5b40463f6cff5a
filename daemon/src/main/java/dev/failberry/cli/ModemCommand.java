package dev.failberry.cli;

import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.config.InvalidConfigException;
import dev.failberry.host.UucpLock;
import dev.failberry.json.Json;
import dev.failberry.modem.AtCommands;
import dev.failberry.modem.AtPort;
import dev.failberry.modem.AtResult;
import dev.failberry.modem.JSerialCommLink;
import dev.failberry.modem.ModemPorts;
import dev.failberry.modem.ModemQuery;
import dev.failberry.modem.ModemStatus;
import dev.failberry.modem.UucpLockedLink;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code failberry modem info|at}: through the running daemon when there is one, else on the port itself.
 * {@code --port DEVICE} points at a device without a configuration (to find the control port before
 * configuring); even then a daemon that uses that very device is asked instead of fighting it for the port.
 */
@Command(
        name = "modem",
        mixinStandardHelpOptions = true,
        description = "Talk to the modem.",
        subcommands = {ModemCommand.Info.class, ModemCommand.At.class})
public final class ModemCommand {
    /** Marks an unsolicited line on stderr. */
    static final String UNSOLICITED = "unsolicited: ";

    static String adminUrl(FailberryConfig c) {
        String host = c.admin().bind().contains(":")
                ? "[" + c.admin().bind() + "]"
                : c.admin().bind();
        return "http://" + host + ":" + c.admin().port();
    }

    /** What both subcommands need: the configuration (or the defaults with --port), the admin URL, the port. */
    private record Target(FailberryConfig config, String device) {}

    /**
     * The configuration: the one given or found; with {@code --port} and no {@code --config}, the default
     * one if it loads, else the built-in defaults. Null after printing the problems (exit 2).
     */
    private static Target target(ConfigOption option, Path port, CommandSpec spec, String name) {
        if (port == null) {
            FailberryConfig c = option.loadOrReport(spec);
            return c == null ? null : new Target(c, null);
        }
        if (option.file != null) {
            FailberryConfig c = option.loadOrReport(spec);
            return c == null ? null : new Target(c, port.toString());
        }
        try {
            return new Target(Files.isRegularFile(option.resolve()) ? option.load() : defaults(), port.toString());
        } catch (InvalidConfigException e) {
            try {
                return new Target(defaults(), port.toString());
            } catch (InvalidConfigException impossible) {
                spec.commandLine()
                        .getErr()
                        .println("failberry modem " + name + ": the built-in defaults do not load: "
                                + impossible.getMessage());
                return null;
            }
        }
    }

    private static FailberryConfig defaults() throws InvalidConfigException {
        return ConfigLoader.fromUserConfig(ConfigFactory.empty(), "defaults");
    }

    /** True when {@code device} is the daemon's own control port (both resolved), as its status says. */
    @SuppressWarnings("unchecked")
    private static boolean daemonUses(AdminClient client, String device) throws AdminClient.Unreachable {
        var answer = client.get("/status", Duration.ofSeconds(5));
        if (answer.status() != 200) {
            return false;
        }
        try {
            Map<String, Object> modem =
                    (Map<String, Object>) Json.parseObject(answer.body()).get("modem");
            Object port = modem == null ? null : modem.get("port");
            return port != null && real(port.toString()).equals(real(device));
        } catch (RuntimeException notOurs) {
            return false; // something else answers on the admin port: not a daemon of ours
        }
    }

    private static Path real(String path) {
        try {
            return Path.of(path).toRealPath();
        } catch (IOException | RuntimeException e) {
            return Path.of(path).toAbsolutePath().normalize();
        }
    }

    /** The control port to open directly: {@code --port}, or the configured/discovered one; null after saying why. */
    private static String directPort(Target t, PrintWriter err, String name) {
        if (t.device() != null) {
            return t.device();
        }
        var r = DaemonAssembly.ports(t.config()).resolve();
        if (r instanceof ModemPorts.Missing m) {
            err.println("failberry modem " + name + ": no modem port: " + m.why() + ".");
            return null;
        }
        return ((ModemPorts.Found) r).control();
    }

    /** {@code failberry modem at CMD...}. */
    @Command(
            name = "at",
            mixinStandardHelpOptions = true,
            description = {
                "Send AT command(s) and print each reply on stdout as received: the information lines and "
                        + "the final result code, without the echo of the command. Unsolicited result codes that arrive "
                        + "meanwhile (e.g. ^RSSI, +ZUSIMR) go to stderr, each marked '" + UNSOLICITED + "'.",
                "Exit 0 on OK, 1 on ERROR/+CME ERROR, 3 on timeout or no port. Goes through the daemon when it "
                        + "runs, so the two never fight over the port; otherwise opens the port itself."
            })
    public static final class At implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(
                names = "--port",
                paramLabel = "DEVICE",
                description =
                        "Talk to this device (e.g. /dev/ttyUSB2) instead of the configured port; no configuration "
                                + "needed. A daemon using that device is asked instead.")
        Path port;

        @Option(
                names = "--timeout",
                paramLabel = "SECONDS",
                description = "Per command (default: modem.command-timeout).")
        Integer timeoutSeconds;

        @Parameters(paramLabel = "CMD", arity = "1..*", description = "AT commands, e.g. AT+CSQ")
        List<String> commands;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Target t = target(config, port, spec, "at");
            if (t == null) {
                return ExitCode.USAGE;
            }
            if (t.device() == null && t.config().link().ethernet()) {
                err.println("failberry modem at: " + dev.failberry.daemon.Wiring.NO_AT_PORT + ".");
                return ExitCode.UNREACHABLE;
            }
            for (String cmd : commands) {
                if (!AtCommands.valid(cmd)) {
                    err.println("failberry modem at: not a single-line AT command: " + AtCommands.redact(cmd));
                    return ExitCode.USAGE;
                }
            }
            Duration timeout = timeoutSeconds != null
                    ? Duration.ofSeconds(timeoutSeconds)
                    : t.config().modem().commandTimeout();
            // no daemon answers: the port is ours, unless one holds the state directory (starting, wedged)
            AdminCall daemon = AdminCall.of("failberry modem at", adminUrl(t.config()), err)
                    .httpError(a -> "the daemon answered HTTP " + a.status() + ": "
                            + a.body().trim())
                    .withoutDaemon(notRunning -> DirectAccess.refuseBehindDaemon(
                                    t.config(), "modem at", adminUrl(t.config()), err)
                            .orElseGet(() -> direct(t, timeout, out, err)));
            try {
                if (t.device() != null && !daemonUses(new AdminClient(adminUrl(t.config())), t.device())) {
                    return direct(t, timeout, out, err);
                }
            } catch (AdminClient.Unreachable e) {
                return daemon.notRunning(e.getMessage());
            }
            // the daemon may wait up to one timeout for its modem thread, then the command's own
            return daemon.post(
                    "/modem/at?timeout_ms=" + timeout.toMillis(),
                    String.join("\n", commands),
                    timeout.multipliedBy(2)
                            .plusSeconds(1)
                            .multipliedBy(commands.size())
                            .plusSeconds(5),
                    a -> AtAnswer.of(a.body()),
                    answer -> printDaemonAnswer(answer, out, err));
        }

        /** The command on the port itself (no daemon answers, or it does not use {@code --port}). */
        private int direct(Target t, Duration timeout, PrintWriter out, PrintWriter err) {
            String path = directPort(t, err, "at");
            if (path == null) {
                return ExitCode.UNREACHABLE;
            }
            try (AtPort p = new AtPort(new UucpLockedLink(
                    new JSerialCommLink(DaemonAssembly.serial(t.config().modem(), path)), UucpLock.SYSTEM_DIR))) {
                p.open();
                List<AtResult> results = new ArrayList<>();
                for (String cmd : commands) {
                    AtResult res = p.send(cmd, timeout);
                    results.add(res);
                    AtCommands.transcript(res).unsolicited().forEach(l -> err.println(UNSOLICITED + l));
                    AtCommands.printable(res).forEach(out::println);
                    if (!res.status().isReply()) {
                        break;
                    }
                }
                out.flush();
                err.flush();
                return AtCommands.exitCode(results);
            } catch (IOException e) {
                err.println("failberry modem at: cannot open " + path + ": " + e.getMessage() + ".");
                return ExitCode.UNREACHABLE;
            }
        }

        /** The daemon's answer to {@code POST /modem/at}, read in full before anything is printed. */
        record AtAnswer(int exitCode, List<Result> results) {
            /** One command's reply lines, the unsolicited lines among them and its note (null: none). */
            record Result(List<Object> reply, List<Object> unsolicited, String note) {}

            /** @throws RuntimeException when the body is not such an answer */
            @SuppressWarnings("unchecked")
            static AtAnswer of(String body) {
                Map<String, Object> json = Json.parseObject(body);
                List<Result> results = new ArrayList<>();
                for (Map<String, Object> r : Json.objects(json, "results")) {
                    List<Object> reply;
                    List<Object> unsolicited;
                    if (r.get("reply") instanceof List<?> lines) {
                        reply = (List<Object>) lines;
                        unsolicited = (List<Object>) r.getOrDefault("unsolicited", List.of());
                    } else {
                        // a daemon from before the split of reply and unsolicited lines
                        reply = (List<Object>) Objects.requireNonNull(r.get("raw"), "raw");
                        unsolicited = List.of();
                    }
                    String note = AtCommands.note(
                            String.valueOf(r.get("status")), ((Number) r.get("latency_ms")).longValue());
                    results.add(new Result(reply, unsolicited, note));
                }
                return new AtAnswer(((Number) json.get("exit_code")).intValue(), results);
            }
        }

        private static int printDaemonAnswer(AtAnswer answer, PrintWriter out, PrintWriter err) {
            for (AtAnswer.Result r : answer.results()) {
                r.unsolicited().forEach(l -> err.println(UNSOLICITED + l));
                r.reply().forEach(out::println);
                if (r.note() != null) {
                    out.println(r.note());
                }
            }
            out.flush();
            err.flush();
            return answer.exitCode();
        }
    }

    /** {@code failberry modem info}. */
    @Command(
            name = "info",
            mixinStandardHelpOptions = true,
            description = {
                "Identity, SIM, registration, operator, access technology and signal, parsed (the same "
                        + "fields whether the daemon answers or the port is asked directly).",
                "Exit 0, or 3 when the modem is absent, gone or does not answer."
            })
    public static final class Info implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(
                names = "--port",
                paramLabel = "DEVICE",
                description = "Ask this device instead of the configured port; no configuration needed.")
        Path port;

        @Spec
        CommandSpec spec;

        @Override
        @SuppressWarnings("unchecked")
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Target t = target(config, port, spec, "info");
            if (t == null) {
                return ExitCode.USAGE;
            }
            // no daemon answers: the port is ours, unless one holds the state directory (starting, wedged)
            AdminCall daemon = AdminCall.of("failberry modem info", adminUrl(t.config()), err)
                    .httpError(
                            a -> "the daemon answered HTTP " + a.status() + " at " + adminUrl(t.config()) + "/status.")
                    .unreadable("the daemon's answer is not valid status JSON")
                    .withoutDaemon(notRunning -> DirectAccess.refuseBehindDaemon(
                                    t.config(), "modem info", adminUrl(t.config()), err)
                            .orElseGet(() -> direct(t, out, err)));
            try {
                if (t.device() != null && !daemonUses(new AdminClient(adminUrl(t.config())), t.device())) {
                    return direct(t, out, err);
                }
            } catch (AdminClient.Unreachable e) {
                return daemon.notRunning(e.getMessage());
            }
            return daemon.get(
                    "/status",
                    Duration.ofSeconds(5),
                    a -> modemPart(a.body()),
                    modem -> modem == null
                            ? daemon.fail("the daemon has no modem yet.", ExitCode.UNREACHABLE)
                            : printInfo(out, modem));
        }

        /**
         * The {@code modem} part of a {@code /status} body, null when the daemon has none yet; throws when the body
         * is not status JSON or the part is not what {@link #printInfo} reads.
         */
        @SuppressWarnings("unchecked")
        static Map<String, Object> modemPart(String body) {
            Object modem = Json.parseObject(body).get("modem");
            if (modem == null) {
                return null;
            }
            Map<String, Object> m = (Map<String, Object>) modem;
            Object signal = m.get("signal");
            if (signal != null && !(signal instanceof Map)) {
                throw new IllegalArgumentException("signal is not an object");
            }
            return m;
        }

        /** The modem asked directly: a router stick's API, or the AT port. */
        private static int direct(Target t, PrintWriter out, PrintWriter err) {
            if (t.device() == null && t.config().link().ethernet()) {
                return StickInfo.direct(t.config(), out, err);
            }
            String path = directPort(t, err, "info");
            if (path == null) {
                return ExitCode.UNREACHABLE;
            }
            try (AtPort p = new AtPort(new UucpLockedLink(
                    new JSerialCommLink(DaemonAssembly.serial(t.config().modem(), path)), UucpLock.SYSTEM_DIR))) {
                p.open();
                return printInfo(
                        out, fields(ModemQuery.ask(p, t.config().modem().commandTimeout())));
            } catch (IOException e) {
                err.println("failberry modem info: cannot open " + path + ": " + e.getMessage() + ".");
                return ExitCode.UNREACHABLE;
            }
        }

        /** The fields of a status, keyed as in {@code /status}'s {@code modem} part. */
        static Map<String, Object> fields(ModemStatus s) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", s.condition().name().toLowerCase(Locale.ROOT));
            m.put("port", s.port());
            m.put("manufacturer", s.manufacturer());
            m.put("model", s.model());
            m.put("revision", s.revision());
            m.put("imei", s.imei());
            m.put("sim", s.sim());
            m.put("registration", s.registration());
            m.put("operator", s.operator());
            m.put("access_technology", s.accessTechnology());
            Map<String, Object> signal = new LinkedHashMap<>();
            signal.put("csq", s.csq());
            signal.put("rssi_dbm", s.rssiDbm());
            m.put("signal", signal);
            if (s.stick() != null) {
                m.put("stick", StickInfo.fields(s.stick()));
            }
            return m;
        }

        /** Prints the fields; the exit code from the state. */
        static int printInfo(PrintWriter out, Map<String, Object> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> signal = (Map<String, Object>) m.get("signal");
            out.println("state:             " + m.get("state"));
            out.println("port:              " + nz(m.get("port")));
            out.println("manufacturer:      " + nz(m.get("manufacturer")));
            out.println("model:             " + nz(m.get("model")));
            out.println("revision:          " + nz(m.get("revision")));
            out.println("imei:              " + nz(m.get("imei")));
            out.println("sim:               " + nz(m.get("sim")));
            out.println("registration:      " + nz(m.get("registration")));
            out.println("operator:          " + nz(m.get("operator")));
            out.println("access technology: " + nz(m.get("access_technology")));
            out.println("signal:            "
                    + (signal == null || signal.get("rssi_dbm") == null
                            ? "unknown"
                            : signal.get("rssi_dbm") + " dBm (csq " + signal.get("csq") + ")"));
            if (m.get("stick") instanceof Map<?, ?> stick) {
                StickInfo.print(out, stick);
            }
            out.flush();
            String state = String.valueOf(m.get("state"));
            return state.equals("hung") || state.equals("gone") || state.equals("absent")
                    ? ExitCode.UNREACHABLE
                    : ExitCode.OK;
        }

        private static Object nz(Object o) {
            return o == null ? "-" : o;
        }
    }
}
