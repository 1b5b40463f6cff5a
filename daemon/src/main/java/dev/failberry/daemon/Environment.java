package dev.failberry.daemon;

import dev.failberry.ppp.PppPaths;
import dev.failberry.ppp.SourceBinding;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * What differs between a daemon on a Pi and the {@code demo}: where pppd keeps its pid and lock files,
 * how probe sockets are bound, which AWS credentials are used (in the daemon, and as environment
 * variables added for the AWS helper process), and how long the host has been up.
 * Everything else comes from the configuration.
 */
public record Environment(
        PppPaths pppPaths,
        SourceBinding probeBinding,
        Supplier<AwsCredentialsProvider> credentials,
        Supplier<Optional<java.time.Duration>> hostUptime,
        Path piModelFile,
        ZoneId zone,
        Map<String, String> awsProcessEnvironment) {

    public Environment {
        awsProcessEnvironment = Map.copyOf(awsProcessEnvironment);
    }

    public static Environment production(Path runtimeDir) {
        return new Environment(
                PppPaths.system(runtimeDir),
                SourceBinding.LINK_ADDRESS,
                dev.failberry.dns.AwsClients::defaultCredentials,
                () -> RebootGuard.procUptime(Path.of("/proc/uptime")),
                dev.failberry.usb.PiModelAdvice.MODEL_FILE,
                ZoneId.systemDefault(),
                Map.of());
    }
}
