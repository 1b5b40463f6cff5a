package dev.failberry.dns;

import dev.failberry.config.FailberryConfig;
import dev.failberry.config.InvalidConfigException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * {@code failberry dns push [--ip ADDR] [--dry-run]}: publishes the link's current address (or the given
 * one) once with the configured provider and prints what changed. Reads the record first and changes
 * nothing when it already holds the address. Exit codes: 0 done (or nothing to do), 1 nothing to
 * publish or the provider refused (access denied, unknown zone/host, hash mismatch), 2 configuration
 * error, 3 the endpoint could not be reached (after the SDK's own retries).
 *
 * <p>It does not touch the daemon's state file: a running daemon notices a changed record at its next
 * verification and puts back what it considers current.
 */
public final class DnsPush {
    /** The addresses of a network interface (a seam: tests and demo supply their own). */
    @FunctionalInterface
    public interface InterfaceAddresses {
        List<InetAddress> of(String interfaceName);

        InterfaceAddresses SYSTEM = name -> {
            try {
                NetworkInterface nif = NetworkInterface.getByName(name);
                return nif == null || !nif.isUp() ? List.of() : Collections.list(nif.getInetAddresses());
            } catch (SocketException e) {
                return List.of();
            }
        };
    }

    static final Duration INSYNC_WAIT = Duration.ofMinutes(2);

    private DnsPush() {}

    public static int run(
            FailberryConfig config, Optional<InetAddress> ip, boolean dryRun, PrintStream out, PrintStream err) {
        return run(config, AwsClients.defaultCredentials(), InterfaceAddresses.SYSTEM, ip, dryRun, out, err);
    }

    public static int run(
            FailberryConfig config,
            AwsCredentialsProvider credentials,
            InterfaceAddresses interfaces,
            Optional<InetAddress> ip,
            boolean dryRun,
            PrintStream out,
            PrintStream err) {
        DnsBackend backend;
        try {
            Optional<DnsBackend> b = DnsBackends.create(config, credentials, true);
            if (b.isEmpty()) {
                err.println("dns.provider is none in " + config.source() + ": nothing to publish");
                return 2;
            }
            backend = b.get();
        } catch (InvalidConfigException e) {
            e.problems().forEach(p -> err.println(p));
            return 2;
        }
        try (backend) {
            String iface = config.ppp().interfaceName();
            List<InetAddress> local = interfaces.of(iface);
            Optional<InetAddress> linkV4 =
                    local.stream().filter(a -> a instanceof Inet4Address).findFirst();
            Map<RecordType, InetAddress> want = new EnumMap<>(RecordType.class);
            if (ip.isPresent()) {
                want.put(RecordType.of(ip.get()), ip.get());
            } else {
                linkV4.ifPresent(a -> want.put(RecordType.A, a));
                if (config.dns().ipv6()) {
                    local.stream()
                            .filter(a -> a instanceof Inet6Address && Ips.isGlobalV6(a))
                            .findFirst()
                            .ifPresent(a -> want.put(RecordType.AAAA, a));
                }
            }
            want.keySet().removeIf(t -> !backend.supports(t));
            if (want.isEmpty()) {
                err.println(
                        ip.isPresent()
                                ? backend.name() + " cannot publish " + RecordType.of(ip.get()) + " records"
                                : "no --ip given and " + iface + " has no IPv4 address (is the link up?)");
                return 1;
            }
            Optional<InetAddress> source = linkV4;
            if (backend instanceof LambdaUrlProvider) {
                if (ip.isPresent() && local.stream().noneMatch(ip.get()::equals)) {
                    err.println("the reference function publishes the address it sees the request come from; " + "--ip "
                            + ip.get().getHostAddress() + " is not an address of " + iface);
                    return 1;
                }
                if (source.isEmpty()) {
                    err.println(
                            iface + " is down: the request would leave through another link and publish its address");
                    return 1;
                }
            }
            return push(backend, want, source, dryRun, config, out);
        } catch (DnsException e) {
            err.println(e.getMessage());
            return e.permanent() ? 1 : 3;
        }
    }

    private static int push(
            DnsBackend backend,
            Map<RecordType, InetAddress> want,
            Optional<InetAddress> source,
            boolean dryRun,
            FailberryConfig config,
            PrintStream out)
            throws DnsException {
        String record = backend.record();
        Map<RecordType, InetAddress> toChange = new EnumMap<>(RecordType.class);
        if (backend.canRead()) {
            for (var e : want.entrySet()) {
                Optional<InetAddress> current = backend.read(e.getKey());
                String now = current.map(InetAddress::getHostAddress).orElse("nothing");
                if (current.filter(e.getValue()::equals).isPresent()) {
                    out.println(record + " " + e.getKey() + " already holds " + now + "; nothing to do");
                } else {
                    toChange.put(e.getKey(), e.getValue());
                    out.println((dryRun ? "would set " : "setting ") + record + " " + e.getKey() + ": " + now + " -> "
                            + e.getValue().getHostAddress() + " (UPSERT, TTL "
                            + config.dns().ttl() + ")");
                }
            }
        } else {
            toChange.putAll(want);
            toChange.forEach((t, a) -> out.println((dryRun ? "would ask " : "asking ") + backend.name() + " to set "
                    + record
                    + " " + t
                    + (backend instanceof LambdaUrlProvider
                            ? " to the address it sees from "
                                    + source.map(InetAddress::getHostAddress).orElse("?")
                            : " to " + a.getHostAddress())));
        }
        if (toChange.isEmpty() || dryRun) {
            return 0;
        }
        DnsBackend.PublishOutcome outcome = backend.publish(toChange, source);
        out.println((outcome.changed() ? "published: " : "no change: ") + outcome.detail());
        if (outcome.changed()
                && config.dns().route53().waitForInsync()
                && outcome.changeId().isPresent()) {
            waitForInsync(backend, outcome.changeId().get(), out);
        }
        return 0;
    }

    private static void waitForInsync(DnsBackend backend, String changeId, PrintStream out) throws DnsException {
        long start = System.nanoTime();
        while (!backend.insync(changeId)) {
            if (System.nanoTime() - start > INSYNC_WAIT.toNanos()) {
                out.println(
                        "change " + changeId + " not INSYNC after " + INSYNC_WAIT.toSeconds() + " s; it will be soon");
                return;
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        out.println("change " + changeId + " INSYNC after "
                + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
    }
}
