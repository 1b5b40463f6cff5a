package dev.failberry.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code failberry <command>}: the daemon and the admin's tools. Errors are one sentence on stderr;
 * a stack trace only with {@code --verbose}.
 */
@Command(name = "failberry", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "3G/4G failover link for a Raspberry Pi: modem, pppd, USB recovery, Route53 dynamic DNS.",
        subcommands = {RunCommand.class, DemoCommand.class, StatusCommand.class, EventsCommand.class, CheckConfigCommand.class,
                ModemCommand.class, DnsCommand.class, UsbCommand.class, Route53Command.class},
        exitCodeOnInvalidInput = ExitCode.USAGE, exitCodeOnExecutionException = ExitCode.NEGATIVE)
public final class Main implements Runnable {
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
        var main = new Main();
        var cl = new CommandLine(main);
        cl.setOut(out);
        cl.setErr(err);
        // A usage error is one sentence too (picocli would add the whole usage help after it).
        cl.setParameterExceptionHandler((ex, a) -> {
            var c = ex.getCommandLine();
            String msg = describe(ex);
            c.getErr().println("failberry: " + msg + (msg.endsWith(".") ? "" : ".") + " See '"
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
