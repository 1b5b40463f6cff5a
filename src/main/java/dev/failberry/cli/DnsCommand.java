package dev.failberry.cli;

import dev.failberry.config.FailberryConfig;
import dev.failberry.dns.DnsPush;
import dev.failberry.dns.Ips;
import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code failberry dns push}. */
@Command(name = "dns", mixinStandardHelpOptions = true, description = "Dynamic DNS.",
        subcommands = {DnsCommand.Push.class})
public final class DnsCommand {

    /** Publishes the current (or given) IP once. */
    @Command(name = "push", mixinStandardHelpOptions = true,
            description = "Publish the link's current IP (or --ip) once with the configured provider; print what changed.")
    public static final class Push implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--ip", paramLabel = "ADDR", description = "Publish this address instead of the link's.")
        String ip;

        @Option(names = "--dry-run", description = "Only read and print what would change.")
        boolean dryRun;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            FailberryConfig c = config.loadOrReport(spec);
            if (c == null) {
                return ExitCode.USAGE;
            }
            Optional<InetAddress> addr = Optional.empty();
            if (ip != null) {
                addr = Ips.parse(ip);
                if (addr.isEmpty()) {
                    spec.commandLine().getErr().println("failberry dns push: --ip must be an IPv4 or IPv6 address, not \"" + ip + "\".");
                    return ExitCode.USAGE;
                }
            }
            return DnsPush.run(c, addr, dryRun, Streams.of(spec.commandLine().getOut()), Streams.of(spec.commandLine().getErr()));
        }
    }
}
