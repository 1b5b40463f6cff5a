package dev.failberry.daemon;

import dev.failberry.ppp.PppPaths;
import dev.failberry.ppp.SourceBinding;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

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
        Supplier<Optional<Duration>> hostUptime,
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

    /**
     * The demo's and the tests' machine: pppd's pid and lock files where the stand-in keeps them, probes
     * bound to loopback, fixed credentials for the loopback AWS endpoint (also handed to the AWS helper
     * process), a host up for a day, and a Pi model file that does not exist.
     */
    public static Environment loopback(
            PppPaths pppPaths, String awsAccessKeyId, String awsSecretKey, Path piModelFile) {
        return new Environment(
                pppPaths,
                SourceBinding.fixed(InetAddress.getLoopbackAddress()),
                () -> StaticCredentialsProvider.create(AwsBasicCredentials.create(awsAccessKeyId, awsSecretKey)),
                () -> Optional.of(Duration.ofDays(1)),
                piModelFile,
                ZoneId.systemDefault(),
                Map.of("AWS_ACCESS_KEY_ID", awsAccessKeyId, "AWS_SECRET_ACCESS_KEY", awsSecretKey));
    }
}
