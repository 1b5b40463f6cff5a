package dev.failberry.dns;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

/**
 * One way of keeping a DNS record current (Route53 API, the reference Lambda's function URL, an own
 * Lambda function). Calls block and are made only from the {@link DnsPublisher}'s worker or a one-shot
 * command; an implementation builds its SDK client lazily on first use.
 */
public interface DnsBackend extends AutoCloseable {
    /** Short name for logs and status: {@code route53}, {@code lambda-url}, {@code lambda-invoke}. */
    String name();

    /** The record kept current, normalized. */
    String record();

    boolean supports(RecordType type);

    /** True when {@link #read} can tell what the record holds; otherwise the publisher re-publishes to verify. */
    boolean canRead();

    /** What the record holds now: empty when there is no such record. Only when {@link #canRead()}. */
    Optional<InetAddress> read(RecordType type) throws DnsException;

    /**
     * Publishes {@code values} (one address per type). {@code source} is the link's local address that
     * requests must leave from where the protocol needs that (the reference function URL checks the
     * caller's address).
     */
    PublishOutcome publish(Map<RecordType, InetAddress> values, Optional<InetAddress> source) throws DnsException;

    /** True once a change returned by {@link #publish} is visible on all name servers. */
    default boolean insync(String changeId) throws DnsException {
        return true;
    }

    /** Builds the client now (called once on the worker at start, so the first IP change does not wait). */
    default void warmUp() {}

    @Override
    void close();

    /**
     * What a publish did: the addresses now published (the reference function publishes the address it
     * saw, which may differ from the one asked for), whether anything changed, and a change id to wait for.
     */
    record PublishOutcome(
            Map<RecordType, InetAddress> published, boolean changed, Optional<String> changeId, String detail) {
        public PublishOutcome {
            published = Map.copyOf(published);
        }
    }
}
