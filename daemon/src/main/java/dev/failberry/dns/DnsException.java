package dev.failberry.dns;

/**
 * A failed DNS provider call, classified: {@link Kind#PERMANENT} failures (bad credentials, access
 * denied, no such zone, invalid change) are not retried until something changes; the others are retried
 * with backoff. The message is one line meant for a log and for status; it never contains a secret.
 */
final class DnsException extends Exception {
    public enum Kind {
        /** Throttling or a change still in progress: back off and retry. */
        THROTTLED,
        /** The service answered 5xx: retry. */
        SERVER,
        /** Could not reach the endpoint (connect, timeout, TLS): retry. */
        NETWORK,
        /** Retrying the same request cannot succeed. */
        PERMANENT
    }

    private final Kind kind;

    public DnsException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public boolean permanent() {
        return kind == Kind.PERMANENT;
    }

    /** True when the endpoint could not be reached or did not answer usefully (CLI exit code 3). */
    public boolean unreachable() {
        return kind != Kind.PERMANENT;
    }
}
