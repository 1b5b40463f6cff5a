package dev.failberry.dns;

/**
 * How the DNS publisher reports to the supervisor. Called on the publisher's own worker thread; an
 * implementation hands the value over (e.g. stores it in the status snapshot) and returns quickly.
 */
@FunctionalInterface
public interface DnsListener {
    void dnsStatusChanged(DnsStatus status);

    DnsListener NONE = s -> {};
}
