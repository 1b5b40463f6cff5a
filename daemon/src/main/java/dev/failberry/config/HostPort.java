package dev.failberry.config;

/** A {@code host:port} pair, e.g. a probe target. IPv6 literals are written {@code [::1]:53}. */
public record HostPort(String host, int port) {
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
