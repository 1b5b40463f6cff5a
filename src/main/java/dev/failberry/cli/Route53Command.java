package dev.failberry.cli;

import dev.failberry.config.FailberryConfig;
import dev.failberry.dns.Route53Setup;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code failberry route53 setup}. */
@Command(name = "route53", mixinStandardHelpOptions = true, description = "Route53 failover set-up.",
        subcommands = {Route53Command.Setup.class})
public final class Route53Command {

    /** Creates or verifies the health checks and the failover record pair. */
    @Command(name = "setup", mixinStandardHelpOptions = true,
            description = "Create or verify, idempotently, the two Route53 health checks and the failover record pair.")
    public static final class Setup implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--dry-run", description = "Print the plan; change nothing.")
        boolean dryRun;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            FailberryConfig c = config.loadOrReport(spec);
            if (c == null) {
                return ExitCode.USAGE;
            }
            return Route53Setup.run(c, dryRun, Streams.of(spec.commandLine().getOut()));
        }
    }
}
