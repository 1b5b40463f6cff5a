package dev.failberry.config;

/** A {@code host:port} pair, e.g. a probe target. IPv6 literals are written {@code [::1]:53}. */
public record HostPort(String host, int port) {
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    // Written out (the same as a record's own): the generated ones link through ObjectMethods at their
    // first call, which spins ~15 method-handle classes; the configuration's duplicate check calls
    // hashCode before the daemon's listener is up.
    @Override
    public boolean equals(Object o) {
        return o instanceof HostPort other && port == other.port && host.equals(other.host);
    }

    @Override
    public int hashCode() {
        return 31 * host.hashCode() + port;
    }
}
