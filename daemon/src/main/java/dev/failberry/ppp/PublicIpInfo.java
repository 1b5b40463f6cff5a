package dev.failberry.ppp;

import java.time.Instant;

/**
 * What the link's address means for inbound failover.
 *
 * @param localIp          the link's own address (from pppd)
 * @param ipClass          its classification
 * @param publicIp         the address the internet sees: the local IP when public; the external check's
 *                         answer when the carrier NATs and the check is configured and answered; else null
 * @param inboundReachable true only when the local address itself is public (behind NAT/CGNAT nobody can
 *                         connect in, whatever the public address is)
 * @param note             one line for status and logs
 * @param checkedAt        when the external check answered, or null
 */
public record PublicIpInfo(
        String localIp,
        IpClassifier.IpClass ipClass,
        String publicIp,
        boolean inboundReachable,
        String note,
        Instant checkedAt) {}
