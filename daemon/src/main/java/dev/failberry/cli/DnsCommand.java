package dev.failberry.cli;

import dev.failberry.config.FailberryConfig;
import dev.failberry.dns.AwsClients;
import dev.failberry.dns.DnsPush;
import dev.failberry.dns.Ips;
import dev.failberry.ppp.IpClassifier;
import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code failberry dns push}. */
@Command(
        name = "dns",
        mixinStandardHelpOptions = true,
        description = "Dynamic DNS.",
        subcommands = {DnsCommand.Push.class})
public final class DnsCommand {

    /** Publishes the current (or given) IP once. */
    @Command(
            name = "push",
            mixinStandardHelpOptions = true,
            description =
                    "Publish the link's current IP (or --ip) once with the configured provider; print what changed.")
    public static final class Push implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--ip", paramLabel = "ADDR", description = "Publish this address instead of the link's.")
        String ip;

        @Option(names = "--dry-run", description = "Only read and print what would change.")
        boolean dryRun;

        @Option(
                names = "--force",
                description = "Publish an --ip that the internet cannot reach (private, "
                        + "carrier-grade NAT, loopback, ...).")
        boolean force;

        static String describe(IpClassifier.IpClass cls) {
            return switch (cls) {
                case PRIVATE -> "a private address (RFC 1918)";
                case CGNAT -> "a carrier-grade NAT address (100.64.0.0/10)";
                default -> "a " + cls.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " address";
            };
        }

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            FailberryConfig c = config.loadOrReport(spec);
            if (c == null) {
                return ExitCode.USAGE;
            }
            var err = spec.commandLine().getErr();
            Optional<InetAddress> addr = Optional.empty();
            if (ip != null) {
                addr = Ips.parse(ip);
                if (addr.isEmpty()) {
                    err.println("failberry dns push: --ip must be an IPv4 or IPv6 address, not \"" + ip + "\".");
                    return ExitCode.USAGE;
                }
                IpClassifier.IpClass cls = IpClassifier.classify(addr.get());
                if (!cls.inboundReachable() && cls != IpClassifier.IpClass.DOCUMENTATION && !force) {
                    err.println("failberry dns push: " + ip + " is " + describe(cls) + ": nothing on the internet can"
                            + " reach it, so inbound failover cannot work; add --force to publish it anyway.");
                    return ExitCode.USAGE;
                }
            }
            if (c.dns().provider() == FailberryConfig.DnsProvider.ROUTE53) {
                var missing = AwsCredentialCheck.missing(AwsClients.defaultCredentials());
                if (missing.isPresent()) {
                    err.println("failberry dns push: " + missing.get() + ".");
                    return ExitCode.USAGE;
                }
            }
            return DnsPush.run(c, addr, dryRun, Streams.of(spec.commandLine().getOut()), Streams.of(err));
        }
    }
}
