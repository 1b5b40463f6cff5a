package dev.failberry.dns;

import dev.failberry.config.FailberryConfig;
import dev.failberry.dns.SdkProcessProtocol.ProtocolException;
import dev.failberry.dns.SdkProcessProtocol.Spec;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS helper process: the only place the daemon's Route53 and Lambda-invoke calls run when
 * {@code dns.sdk-process = true}. Started by {@link SdkProcessBackend} when a change must be made, it
 * reads the {@link Spec} and then one request per line on stdin, answers each on stdout, and exits when
 * stdin closes (the daemon stopped or died) or after {@code dns.sdk-process-idle} without a request.
 * Its log lines go to stderr, which the daemon passes through to its own (journald).
 *
 * <p>Exit codes: 0 stdin closed or idle, 2 bad start line.
 */
public final class SdkProcessMain {
    private SdkProcessMain() {}

    public static void main(String[] args) {
        // stdout is the protocol channel: nothing else may write to it, logging included.
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.exit(run(in, protocol));
    }

    static int run(BufferedReader in, PrintStream out) {
        Logger log = LoggerFactory.getLogger(SdkProcessMain.class);
        Spec spec;
        try {
            spec = Spec.decode(in.readLine());
        } catch (ProtocolException | IOException e) {
            log.error("dns helper: {}", e.getMessage());
            return 2;
        }
        var idle = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "failberry-dns-helper-idle");
            t.setDaemon(true);
            return t;
        });
        Optional<CloudWatchHeartbeat> heartbeat = heartbeat(spec);
        try (DnsBackend backend = backend(spec)) {
            ScheduledFuture<?> exit = scheduleIdleExit(idle, spec);
            String line;
            while ((line = in.readLine()) != null) {
                exit.cancel(false);
                out.println(SdkProcessProtocol.serve(line, backend, heartbeat.map(h -> h)));
                out.flush();
                exit = scheduleIdleExit(idle, spec);
            }
            return 0;
        } catch (IOException e) {
            log.warn("dns helper: stdin: {}", e.getMessage());
            return 0;
        } finally {
            heartbeat.ifPresent(CloudWatchHeartbeat::close);
            idle.shutdownNow();
        }
    }

    /** The heartbeat sender the spec asks for: CloudWatch in the spec's region, requests bound per beat. */
    static Optional<CloudWatchHeartbeat> heartbeat(Spec spec) {
        return spec.heartbeat()
                .map(h -> new CloudWatchHeartbeat(
                        clients(spec),
                        new HeartbeatMetric(h.namespace(), spec.record()),
                        h.endpoint(),
                        spec.apiCallAttemptTimeout()));
    }

    private static AwsClients clients(Spec spec) {
        return new AwsClients(
                new FailberryConfig.Aws(spec.region(), spec.apiCallTimeout(), spec.apiCallAttemptTimeout()),
                AwsClients.defaultCredentials(),
                false);
    }

    private static ScheduledFuture<?> scheduleIdleExit(ScheduledThreadPoolExecutor idle, Spec spec) {
        // The daemon retries a request that meets an exiting helper once, with a new one.
        return idle.schedule(() -> System.exit(0), spec.idleExit().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The in-process backend the spec describes, with the SDK's default credentials chain. */
    static DnsBackend backend(Spec spec) {
        AwsClients clients = clients(spec);
        return switch (spec.provider()) {
            case Spec.ROUTE53 ->
                Route53Provider.create(
                        clients, spec.zoneId().orElseThrow(), spec.record(), spec.ttl(), spec.endpoint());
            case Spec.LAMBDA_INVOKE ->
                LambdaInvokeProvider.create(clients, spec.functionName().orElseThrow(), spec.record(), spec.endpoint());
            default -> throw new IllegalArgumentException(spec.provider());
        };
    }
}
