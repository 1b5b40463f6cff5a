package dev.failberry.status;

import java.time.Instant;

/** The {@code ppp} part of {@code /status}: the mobile link. */
public record PppView(
        String state,
        String interfaceName,
        String localIp,
        String remoteIp,
        String ipClass,
        String publicIp,
        Instant since,
        int reconnects,
        String lastExit,
        Boolean verified,
        Long probeLatencyMs) {}
