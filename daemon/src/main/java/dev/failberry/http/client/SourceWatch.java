package dev.failberry.http.client;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Abandons a request bound to a source address once that address is no longer one of this host's: the link
 * went down under the request (ppp0 and its address are gone). Nothing can reach that address any more, yet
 * the kernel keeps the socket waiting until its timeout, and whoever waits for the request (the DNS
 * publisher's worker, the AWS helper process that serves one call at a time) holds everything behind it, such
 * as the update for the address the link comes back with. While a request is in flight, {@code local} is asked
 * every {@code every} on {@code checks} (a thread that is not the one blocked in the request); a negative
 * answer {@link BoundHttpClient.Abort#abort aborts} it with the reason.
 *
 * @param local whether an address is (still) one of this host's ({@link #isLocal})
 * @param checks runs the checks
 * @param every how often a request in flight checks
 */
public record SourceWatch(Predicate<InetAddress> local, ScheduledExecutorService checks, Duration every) {
    /** How often a request in flight checks its source address: a dropped link costs at most this much more. */
    public static final Duration EVERY = Duration.ofMillis(250);

    /** The host's own interfaces checked every {@link #EVERY} on {@code checks}. */
    public static SourceWatch on(ScheduledExecutorService checks) {
        return new SourceWatch(SourceWatch::isLocal, checks, EVERY);
    }

    /** Starts watching {@code address} for the request {@code abort} ends; cancel the result when it is over. */
    ScheduledFuture<?> watch(InetAddress address, BoundHttpClient.Abort abort) {
        long nanos = every.toNanos();
        return checks.scheduleWithFixedDelay(
                () -> {
                    if (!local.test(address)) {
                        abort.abort("abandoned: " + address.getHostAddress()
                                + " is no longer an address of this host (its link went down)");
                    }
                },
                nanos,
                nanos,
                TimeUnit.NANOSECONDS);
    }

    /** Whether {@code address} is configured on one of this host's interfaces; true when that cannot be told. */
    public static boolean isLocal(InetAddress address) {
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return true; // the request's own timeouts decide
        }
    }
}
