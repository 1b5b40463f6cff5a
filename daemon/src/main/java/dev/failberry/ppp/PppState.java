package dev.failberry.ppp;

/** State of the pppd link as {@link PppLink} sees it. */
public enum PppState {
    /** Not wanted: no pppd running. */
    IDLE,
    /** pppd started, dialling or negotiating; no IP address yet. */
    DIALING,
    /** pppd reported its local IP address: the link carries IP (not yet verified by probes). */
    CONNECTED,
    /** pppd is being stopped or is tearing the link down. */
    DISCONNECTING,
    /** pppd ended; the next dial waits for the redial backoff. */
    BACKOFF,
    /** pppd ended for a reason redialling cannot fix (options, no kernel PPP, not root, not installed). */
    FAILED
}
