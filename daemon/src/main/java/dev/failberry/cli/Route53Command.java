package dev.failberry.cli;

import dev.failberry.config.FailberryConfig;
import dev.failberry.dns.AwsClients;
import dev.failberry.dns.Route53Setup;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** {@code failberry route53 setup}. */
@Command(
        name = "route53",
        mixinStandardHelpOptions = true,
        description = "Route53 failover set-up.",
        subcommands = {Route53Command.Setup.class})
public final class Route53Command {

    /** Creates or verifies the health checks and the failover record pair. */
    @Command(
            name = "setup",
            mixinStandardHelpOptions = true,
            description = "Create or verify, idempotently, the two Route53 health checks and the failover record pair. "
                    + "Exit 0 done (or planned), 1 a conflict in the zone, 2 configuration or AWS credentials missing, "
                    + "3 AWS not reachable.")
    public static final class Setup implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(
                names = "--dry-run",
                description = "Print the plan; change nothing. Without AWS credentials the plan "
                        + "lists what setup makes sure of, marked \"not read\".")
        boolean dryRun;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            FailberryConfig c = config.loadOrReport(spec);
            if (c == null) {
                return ExitCode.USAGE;
            }
            var out = Streams.of(spec.commandLine().getOut());
            var err = Streams.of(spec.commandLine().getErr());
            var bad = Route53Setup.unusable(c, dryRun);
            if (bad.isPresent()) {
                bad.get().print(out, err);
                return bad.get().exitCode();
            }
            AwsCredentialsProvider credentials = AwsClients.defaultCredentials();
            var missing = AwsCredentialCheck.missing(credentials);
            if (missing.isPresent()) {
                if (dryRun) {
                    Route53Setup.unreadPlan(c, "no AWS credentials").print(out);
                    err.println("failberry route53 setup: " + missing.get() + ".");
                    return ExitCode.OK;
                }
                err.println("failberry route53 setup: " + missing.get() + ".");
                return ExitCode.USAGE;
            }
            return Route53Setup.run(c, credentials, dryRun, out, err);
        }
    }
}
