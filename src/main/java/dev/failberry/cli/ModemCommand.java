package dev.failberry.cli;

import dev.failberry.config.FailberryConfig;
import dev.failberry.host.UucpLock;
import dev.failberry.modem.AtCommands;
import dev.failberry.modem.AtPort;
import dev.failberry.modem.AtResult;
import dev.failberry.modem.JSerialCommLink;
import dev.failberry.modem.ModemPorts;
import dev.failberry.modem.UucpLockedLink;
import dev.failberry.status.StatusJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code failberry modem info|at}: through the running daemon when there is one, else on the port itself. */
@Command(name = "modem", mixinStandardHelpOptions = true, description = "Talk to the modem.",
        subcommands = {ModemCommand.Info.class, ModemCommand.At.class})
public final class ModemCommand {

    static String adminUrl(FailberryConfig c) {
        String host = c.admin().bind().contains(":") ? "[" + c.admin().bind() + "]" : c.admin().bind();
        return "http://" + host + ":" + c.admin().port();
    }

    /** {@code failberry modem at CMD...}. */
    @Command(name = "at", mixinStandardHelpOptions = true,
            description = "Send AT command(s) and print the response lines as received. Exit 0 on OK, 1 on "
                    + "ERROR/+CME ERROR, 3 on timeout or no port. Goes through the daemon when it runs.")
    public static final class At implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Per command (default: modem.command-timeout).")
        Integer timeoutSeconds;

        @Parameters(paramLabel = "CMD", arity = "1..*", description = "AT commands, e.g. AT+CSQ")
        List<String> commands;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            FailberryConfig c = config.loadOrReport(spec);
            if (c == null) {
                return ExitCode.USAGE;
            }
            for (String cmd : commands) {
                if (!AtCommands.valid(cmd)) {
                    err.println("failberry modem at: not a single-line AT command: " + cmd);
                    return ExitCode.USAGE;
                }
            }
            Duration timeout = timeoutSeconds != null ? Duration.ofSeconds(timeoutSeconds) : c.modem().commandTimeout();
            var client = new AdminClient(adminUrl(c));
            try {
                var answer = client.post("/modem/at?timeout_ms=" + timeout.toMillis(), String.join("\n", commands),
                        timeout.multipliedBy(commands.size()).plusSeconds(5));
                if (answer.status() == 200) {
                    return printDaemonAnswer(answer.body(), out);
                }
                err.println("failberry modem at: the daemon answered HTTP " + answer.status() + ": " + answer.body().trim());
                return ExitCode.UNREACHABLE;
            } catch (AdminClient.Unreachable notRunning) {
                return direct(c, timeout, out, err);
            }
        }

        @SuppressWarnings("unchecked")
        private static int printDaemonAnswer(String body, PrintWriter out) {
            Map<String, Object> json = StatusJson.parse(body);
            for (Object o : (List<Object>) json.get("results")) {
                Map<String, Object> r = (Map<String, Object>) o;
                ((List<Object>) r.get("raw")).forEach(l -> out.println(l));
                String status = (String) r.get("status");
                if (status.equals("TIMEOUT")) {
                    out.println("(no final result within " + r.get("latency_ms") + " ms: TIMEOUT)");
                } else if (status.equals("GONE")) {
                    out.println("(the port is closed or the modem vanished)");
                }
            }
            out.flush();
            return ((Number) json.get("exit_code")).intValue();
        }

        private int direct(FailberryConfig c, Duration timeout, PrintWriter out, PrintWriter err) {
            var refused = DirectAccess.refuseBehindDaemon(c, "modem at", adminUrl(c), err);
            if (refused.isPresent()) {
                return refused.getAsInt();
            }
            var r = DaemonAssembly.ports(c).resolve();
            if (r instanceof ModemPorts.Missing m) {
                err.println("failberry modem at: no modem port: " + m.why() + ".");
                return ExitCode.UNREACHABLE;
            }
            String path = ((ModemPorts.Found) r).control();
            try (AtPort port = new AtPort(new UucpLockedLink(new JSerialCommLink(DaemonAssembly.serial(c.modem(), path)),
                    UucpLock.SYSTEM_DIR))) {
                port.open();
                List<AtResult> results = new ArrayList<>();
                for (String cmd : commands) {
                    AtResult res = port.send(cmd, timeout);
                    results.add(res);
                    AtCommands.printable(res).forEach(out::println);
                    if (!res.status().isReply()) {
                        break;
                    }
                }
                out.flush();
                return AtCommands.exitCode(results);
            } catch (IOException e) {
                err.println("failberry modem at: cannot open " + path + ": " + e.getMessage() + ".");
                return ExitCode.UNREACHABLE;
            }
        }
    }

    /** {@code failberry modem info}. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Identity, SIM, registration, operator, access technology and signal.")
    public static final class Info implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Spec
        CommandSpec spec;

        private static final List<String> QUERIES = List.of("ATI", "AT+CGSN", "AT+CIMI", "AT+CPIN?", "AT+CREG?",
                "AT+CGREG?", "AT+COPS?", "AT+CSQ");

        @Override
        @SuppressWarnings("unchecked")
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            FailberryConfig c = config.loadOrReport(spec);
            if (c == null) {
                return ExitCode.USAGE;
            }
            try {
                var answer = new AdminClient(adminUrl(c)).get("/status", Duration.ofSeconds(5));
                Map<String, Object> modem = (Map<String, Object>) StatusJson.parse(answer.body()).get("modem");
                if (modem == null) {
                    err.println("failberry modem info: the daemon has no modem yet.");
                    return ExitCode.UNREACHABLE;
                }
                printInfo(out, modem);
                String state = String.valueOf(modem.get("state"));
                return state.equals("hung") || state.equals("gone") || state.equals("absent") ? ExitCode.UNREACHABLE : ExitCode.OK;
            } catch (AdminClient.Unreachable notRunning) {
                var at = new At();
                at.config = config;
                at.commands = QUERIES;
                at.spec = spec;
                return at.call();
            }
        }

        static void printInfo(PrintWriter out, Map<String, Object> m) {
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
            out.println("signal:            " + (signal == null || signal.get("rssi_dbm") == null ? "unknown"
                    : signal.get("rssi_dbm") + " dBm (csq " + signal.get("csq") + ")"));
            out.flush();
        }

        private static Object nz(Object o) {
            return o == null ? "-" : o;
        }
    }
}
