package dev.failberry.dns;

import java.time.Instant;
import java.util.Optional;

/**
 * What the DNS publisher last did, for {@code /status} ({@code dns} object) and the supervisor.
 *
 * @param provider          {@code route53}, {@code lambda-url}, {@code lambda-invoke} or {@code none}
 * @param record            the record kept current
 * @param publishedIp       the IPv4 address the record is known to hold (published or read back)
 * @param publishedIpv6     the IPv6 address of the AAAA record, when IPv6 publishing is on
 * @param lastUpdate        when the record was last changed or confirmed after an IP change
 * @param lastVerified      when the record was last read back (or re-published) and found right
 * @param lastError         the reason of the last failure; empty after a success. Never holds a secret
 * @param pending           a publish is queued, being retried, or waiting for Route53 INSYNC
 * @param gaveUp            the last failure was permanent (credentials, IAM, zone, invalid change):
 *                          no retries until the IP changes or the next verification
 */
public record DnsStatus(
        String provider,
        String record,
        Optional<String> publishedIp,
        Optional<String> publishedIpv6,
        Optional<Instant> lastUpdate,
        Optional<Instant> lastVerified,
        Optional<String> lastError,
        boolean pending,
        boolean gaveUp) {

    public static DnsStatus initial(String provider, String record) {
        return new DnsStatus(
                provider,
                record,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                false);
    }
}
