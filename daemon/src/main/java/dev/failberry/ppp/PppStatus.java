package dev.failberry.ppp;

import java.time.Instant;

/**
 * What {@link PppLink} knows, for the status snapshot. Read from any thread.
 *
 * @param link       the current link while CONNECTED, else null
 * @param lastLink   the last link that was up (kept for IP-change detection), or null
 * @param lastDown   why the last pppd run ended, or null
 * @param reconnects link-ups after the first one
 * @param dials      pppd runs started
 */
public record PppStatus(
        PppState state,
        Instant since,
        String reason,
        LinkInfo link,
        LinkInfo lastLink,
        LinkDown lastDown,
        int reconnects,
        int dials) {}
