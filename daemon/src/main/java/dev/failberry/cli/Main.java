package dev.failberry.cli;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code failberry <command>}: the daemon and the admin's tools. Errors are one sentence on stderr;
 * a stack trace only with {@code --verbose}.
 */
@Command(
        name = "failberry",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "3G/4G failover link for a Raspberry Pi: modem, pppd, USB recovery, Route53 dynamic DNS.",
        exitCodeOnInvalidInput = ExitCode.USAGE,
        exitCodeOnExecutionException = ExitCode.NEGATIVE)
public final class Main implements Runnable {
    /**
     * The commands, in the order the help lists them. Only the one named on the command line is given to
     * picocli when there is one: building every command's model (reflection over all their options and
     * the types of their fields) cost {@code failberry run} tens of milliseconds before its listener.
     */
    static final Map<String, Class<?>> COMMANDS = commands();

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("run", RunCommand.class);
        m.put("demo", DemoCommand.class);
        m.put("status", StatusCommand.class);
        m.put("events", EventsCommand.class);
        m.put("check-config", CheckConfigCommand.class);
        m.put("modem", ModemCommand.class);
        m.put("dns", DnsCommand.class);
        m.put("usb", UsbCommand.class);
        m.put("route53", Route53Command.class);
        m.put("data", DataCommand.class);
        m.put("notify", NotifyCommand.class);
        return Collections.unmodifiableMap(m);
    }

    /** The whole command tree (for the manual page). */
    static CommandLine withAllCommands() {
        CommandLine cl = new CommandLine(new Main());
        COMMANDS.forEach(cl::addSubcommand);
        return cl;
    }

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show stack traces of errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code (tests call this directly). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        var plainRun = RunCommand.plainCommandLine(args);
        if (plainRun.isPresent()) {
            // What the systemd unit runs, without picocli (RunCommand.plainCommandLine says why); an
            // exception is reported as picocli's handler below reports it.
            try {
                return RunCommand.run(plainRun.get(), err);
            } catch (Exception e) {
                err.println("failberry: " + describe(e));
                return ExitCode.NEGATIVE;
            }
        }
        var main = new Main();
        var cl = new CommandLine(main);
        Class<?> named = args.length > 0 ? COMMANDS.get(args[0]) : null;
        if (named != null) {
            cl.addSubcommand(args[0], named);
        } else {
            COMMANDS.forEach(cl::addSubcommand);
        }
        cl.setOut(out);
        cl.setErr(err);
        // A usage error is one sentence too (picocli would add the whole usage help after it).
        cl.setParameterExceptionHandler((ex, a) -> {
            var c = ex.getCommandLine();
            String msg = describe(ex);
            c.getErr()
                    .println("failberry: " + msg + (msg.endsWith(".") ? "" : ".") + " See '"
                            + c.getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = parseResult.matchedOption("--verbose") != null
                    || parseResult.subcommand() != null && hasVerbose(parseResult);
            commandLine.getErr().println("failberry: " + describe(ex));
            if (verbose) {
                ex.printStackTrace(commandLine.getErr());
            }
            return ExitCode.NEGATIVE;
        });
        return cl.execute(args);
    }

    private static boolean hasVerbose(CommandLine.ParseResult r) {
        for (var p = r; p != null; p = p.subcommand()) {
            if (p.matchedOption("--verbose") != null) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable ex) {
        String msg = ex.getMessage();
        return msg == null || msg.isBlank() ? ex.getClass().getSimpleName() : msg;
    }
}
