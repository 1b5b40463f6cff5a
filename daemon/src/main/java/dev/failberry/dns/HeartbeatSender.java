package dev.failberry.dns;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Sends one heartbeat datapoint ({@link HeartbeatMetric}) from a source address: the AWS helper process
 * ({@link SdkProcessBackend}) or, with {@code dns.sdk-process = false}, {@link CloudWatchHeartbeat} in the
 * daemon. Blocks until CloudWatch answered; called by {@link Heartbeat} only.
 */
public interface HeartbeatSender {
    /** @throws DnsException with the kind of the failure (throttling and network errors are retryable) */
    void beat(Optional<InetAddress> source) throws DnsException;
}
