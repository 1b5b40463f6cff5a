package dev.failberry.dns;

import dev.failberry.config.DnsNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.route53.model.HealthCheckConfig;
import software.amazon.awssdk.services.route53.model.HealthCheckType;

/**
 * One Route53 HTTP health check {@code route53 setup} wants: string-matching GET of our health
 * listener through one link's own name. The {@link #callerReference()} is derived from a hash of the
 * settings, so a rerun with the same settings finds (or re-sends, harmlessly) the same check and never
 * creates a duplicate; changed settings give a new reference (Route53 cannot change the interval of an
 * existing check).
 *
 * @param role    {@code wired} or {@code lte}; names the check in output and in its reference
 * @param regions the checker regions; empty = Route53's default (all of them)
 */
record HealthCheckSpec(
        String role,
        String fqdn,
        int port,
        String path,
        String searchString,
        int interval,
        int failureThreshold,
        List<String> regions)
        implements CheckSpec {
    public static final String SEARCH_STRING = "failberry ok";

    public HealthCheckSpec {
        fqdn = DnsNames.normalize(fqdn);
        regions = List.copyOf(regions);
    }

    public HealthCheckSpec(
            String role, String fqdn, int port, String path, String searchString, int interval, int failureThreshold) {
        this(role, fqdn, port, path, searchString, interval, failureThreshold, List.of());
    }

    public String callerReference() {
        String canonical = String.join(
                "|",
                "HTTP_STR_MATCH",
                fqdn,
                Integer.toString(port),
                path,
                searchString,
                Integer.toString(interval),
                Integer.toString(failureThreshold));
        if (!regions.isEmpty()) {
            // only with chosen regions, so that the checks of earlier versions keep their reference
            canonical += "|" + String.join(",", new TreeSet<>(regions));
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return "failberry-" + role + "-" + HexFormat.of().formatHex(d, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public HealthCheckConfig toConfig() {
        return HealthCheckConfig.builder()
                .type(HealthCheckType.HTTP_STR_MATCH)
                .fullyQualifiedDomainName(fqdn)
                .port(port)
                .resourcePath(path)
                .searchString(searchString)
                .requestInterval(interval)
                .failureThreshold(failureThreshold)
                .regionsWithStrings(regions.isEmpty() ? null : regions)
                .build();
    }

    /** True when an existing check (e.g. clicked together by hand) does exactly what this one would. */
    public boolean matches(HealthCheckConfig c) {
        return c != null
                && c.type() == HealthCheckType.HTTP_STR_MATCH
                && c.ipAddress() == null
                && c.fullyQualifiedDomainName() != null
                && DnsNames.same(c.fullyQualifiedDomainName(), fqdn)
                && Objects.equals(c.port(), port)
                && Objects.equals(c.resourcePath(), path)
                && Objects.equals(c.searchString(), searchString)
                && Objects.equals(c.requestInterval(), interval)
                && Objects.equals(c.failureThreshold(), failureThreshold)
                && !Boolean.TRUE.equals(c.inverted())
                && !Boolean.TRUE.equals(c.disabled())
                && sameRegions(c);
    }

    /** Route53 reports the default as all its regions (or none at all). */
    private boolean sameRegions(HealthCheckConfig c) {
        Set<String> have = new TreeSet<>(c.regionsAsStrings());
        return regions.isEmpty() ? have.isEmpty() || have.size() >= ALL_REGIONS : have.equals(new TreeSet<>(regions));
    }

    /** How many checker regions Route53 has ({@code HealthCheckRegion}, API 2013-04-01). */
    static final int ALL_REGIONS = 8;

    public String describe() {
        return "HTTP " + fqdn + ":" + port + path + " \"" + searchString + "\" every " + interval + " s, "
                + failureThreshold + " failures" + (regions.isEmpty() ? "" : ", from " + String.join(", ", regions));
    }
}
