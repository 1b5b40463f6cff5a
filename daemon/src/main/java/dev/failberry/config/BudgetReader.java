package dev.failberry.config;

import dev.failberry.config.FailberryConfig.CapAction;
import dev.failberry.config.FailberryConfig.DataUsage;
import dev.failberry.config.FailberryConfig.Failover;
import dev.failberry.config.FailberryConfig.Firewall;
import dev.failberry.config.FailberryConfig.Heartbeat;
import dev.failberry.config.FailberryConfig.LanSource;
import dev.failberry.config.FailberryConfig.MobileCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the data budget ({@code ppp.data-usage}) and how {@code route53 setup} checks the mobile record
 * ({@code dns.failover}: mobile-check, regions), and checks the budget against the firewall it depends on
 * (a block is a rule in the daemon's firewall table).
 */
final class BudgetReader {
    /** Smallest cap: anything less would block a link at its first page load. */
    static final long MIN_CAP = 1024L * 1024;

    /**
     * Route53's checker regions: the {@code HealthCheckRegion} enum of the API (2013-04-01), the same 8 in
     * the SDK's {@code HealthCheckRegion.knownValues()} (a test keeps the two equal). Hard-coded so that
     * reading the configuration never loads the AWS SDK into the daemon.
     */
    static final Set<String> CHECKER_REGIONS = Set.of(
            "us-east-1",
            "us-west-1",
            "us-west-2",
            "eu-west-1",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-northeast-1",
            "sa-east-1");
    /** "You must specify at least three regions" (Route53 developer guide, health checker regions). */
    static final int MIN_REGIONS = 3;

    /**
     * The regions whose CloudWatch alarms a Route53 health check can follow: the {@code CloudWatchRegion}
     * enum of the Route53 API, as the SDK 2.41.34 knows it ({@code CloudWatchRegion.knownValues()}; a test
     * keeps the two equal). With {@code mobile-check = cloudwatch} the heartbeat and its alarm live in
     * {@code aws.region}, so it must be one of these.
     */
    static final Set<String> ALARM_REGIONS = Set.of(
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
            "ca-central-1",
            "ca-west-1",
            "mx-central-1",
            "eu-central-1",
            "eu-central-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "ap-east-1",
            "ap-east-2",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "me-south-1",
            "me-central-1",
            "il-central-1",
            "af-south-1",
            "sa-east-1",
            "cn-north-1",
            "cn-northwest-1",
            "us-gov-west-1",
            "us-gov-east-1",
            "us-iso-east-1",
            "us-iso-west-1",
            "us-isob-east-1",
            "us-isob-west-1",
            "us-isof-south-1",
            "us-isof-east-1",
            "eu-isoe-west-1",
            "eusc-de-east-1");

    /**
     * A CloudWatch namespace: 1-255 of these characters (PutMetricData API reference), and not {@code AWS/...}
     * (reserved for AWS's own metrics).
     */
    private static final java.util.regex.Pattern NAMESPACE =
            java.util.regex.Pattern.compile("[0-9A-Za-z.\\-_/#:]{1,255}");

    private final ConfigReader r;
    private final List<String> warnings;

    BudgetReader(ConfigReader reader, List<String> warnings) {
        this.r = reader;
        this.warnings = warnings;
    }

    DataUsage dataUsage() {
        Path dir = r.path("ppp.data-usage.statistics-dir");
        int resetDay = r.integer("ppp.data-usage.reset-day", 1, 31);
        Optional<Long> cap = r.optBytesWithUnit("ppp.data-usage.cap", MIN_CAP, "1M (1 MiB)");
        int warn = r.integer("ppp.data-usage.warn-percent", 1, 100);
        Duration save = r.duration("ppp.data-usage.save-interval", Duration.ofSeconds(1), Duration.ofHours(24));
        // the promise "blocked within 10 s of crossing the cap" needs a sample at least every 10 s
        Duration sample = r.duration("ppp.data-usage.sample-interval", Duration.ofMillis(200), Duration.ofSeconds(10));
        CapAction action = r.enumValue("ppp.data-usage.cap-action", CapAction.class);
        List<LanSource> allow = lanSources("ppp.data-usage.cap-allow");
        if (action == CapAction.BLOCK && cap.isEmpty() && !r.isSet("ppp.data-usage.cap")) {
            warnings.add("ppp.data-usage.cap-action = block has no effect without ppp.data-usage.cap");
        }
        return new DataUsage(dir, resetDay, cap, warn, save, sample, action, allow);
    }

    /** LAN addresses or networks: literals only, private ranges only; each problem at its element's line. */
    private List<LanSource> lanSources(String key) {
        List<LanSource> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ConfigReader.Element e : r.elements(key)) {
            Optional<Cidr> cidr = Cidr.parse(e.value());
            if (cidr.isEmpty()) {
                r.problem(
                        e,
                        key,
                        "invalid entry " + ConfigReader.quote(e.value())
                                + ": expected a LAN address or CIDR such as 192.168.1.10 or 192.168.1.0/28");
            } else if (!cidr.get().isPrivate()) {
                r.problem(
                        e,
                        key,
                        "entry " + ConfigReader.quote(e.value()) + " is outside the LAN: expected a private "
                                + "address (10.x, 172.16-31.x, 192.168.x, fc00::/7) on the wired interface's network");
            } else if (seen.add(cidr.get().toString())) {
                out.add(new LanSource(cidr.get().toString(), e.file(), e.line()));
            }
        }
        return out;
    }

    /** What the budget needs from other sections: the firewall for a block; cap-allow inside firewall.allow. */
    void check(DataUsage usage, Firewall firewall) {
        if (usage.capAction() == CapAction.BLOCK && !firewall.manage()) {
            r.problem(
                    "ppp.data-usage.cap-action",
                    "block needs firewall.manage = true (" + r.where("firewall.manage")
                            + "): the block is a rule in the daemon's nftables table");
        }
        if (!firewall.allow().isEmpty()) {
            List<Cidr> allowed = firewall.allow().stream()
                    .map(a -> Cidr.parse(a).orElseThrow())
                    .toList();
            for (LanSource s : usage.capAllow()) {
                Cidr c = Cidr.parse(s.cidr()).orElseThrow();
                boolean covered = allowed.stream().anyMatch(a -> a.prefix() <= c.prefix() && a.contains(c.network()));
                if (!covered) {
                    warnings.add("ppp.data-usage.cap-allow " + s.cidr() + " (" + s.file() + ":" + s.line()
                            + ") is not in " + "firewall.allow: it may not use the mobile link at all, cap or no cap");
                }
            }
        }
    }

    Failover failover(
            Optional<String> name, Optional<String> wiredRecord, int healthPort, int interval, int threshold, int ttl) {
        MobileCheck check = r.enumValue("dns.failover.mobile-check", MobileCheck.class);
        return new Failover(name, wiredRecord, healthPort, interval, threshold, ttl, check, regions(), heartbeat());
    }

    private Heartbeat heartbeat() {
        String key = "dns.failover.heartbeat.interval";
        // Route53 follows standard-resolution alarms only: their periods are whole minutes
        Duration interval = r.duration(key, Duration.ofMinutes(1), Duration.ofHours(1));
        if (interval.toMillis() % 60_000 != 0) {
            r.problem(key, "must be whole minutes (a CloudWatch alarm's period), found " + interval.toSeconds() + " s");
        }
        int misses = r.integer("dns.failover.heartbeat.misses", 1, 10);
        String namespace =
                r.matched("dns.failover.heartbeat.namespace", NAMESPACE, "a CloudWatch namespace such as FailberryPi");
        if (namespace.startsWith("AWS/")) {
            r.problem("dns.failover.heartbeat.namespace", "the namespace AWS/ is reserved for AWS's own metrics");
        }
        Optional<java.net.URI> endpoint =
                r.optUri("dns.failover.heartbeat.endpoint", u -> true, "an http:// or https:// URL");
        return new Heartbeat(interval, misses, namespace, endpoint);
    }

    /**
     * {@code mobile-check = cloudwatch} needs the AWS SDK (the heartbeat runs where the other SDK calls
     * run) and an {@code aws.region} whose alarms Route53 can follow.
     */
    void checkHeartbeat(Failover failover, FailberryConfig.DnsProvider provider, boolean lambdaInvoke, String region) {
        if (failover.mobileCheck() != MobileCheck.CLOUDWATCH) {
            return;
        }
        if (provider != FailberryConfig.DnsProvider.ROUTE53
                && !(provider == FailberryConfig.DnsProvider.LAMBDA && lambdaInvoke)) {
            r.problemAt(
                    "dns.failover.mobile-check",
                    "cloudwatch needs the AWS SDK, which the daemon uses with dns.provider = route53 (or lambda with "
                            + "dns.lambda.mode = invoke)",
                    "dns.failover.mobile-check",
                    "dns.provider");
        }
        if (!ALARM_REGIONS.contains(region)) {
            r.problemAt(
                    "aws.region",
                    "region " + ConfigReader.quote(region) + " has no CloudWatch alarms a Route53 health check can "
                            + "follow (dns.failover.mobile-check = cloudwatch); e.g. us-east-1, eu-west-1",
                    "aws.region",
                    "dns.failover.mobile-check");
        }
    }

    private List<String> regions() {
        String key = "dns.failover.regions";
        List<String> out = new ArrayList<>();
        boolean bad = false;
        for (ConfigReader.Element e : r.elements(key)) {
            String region = e.value().trim();
            if (!CHECKER_REGIONS.contains(region)) {
                r.problem(
                        e,
                        key,
                        "unknown checker region " + ConfigReader.quote(e.value()) + ": Route53 checks from "
                                + String.join(
                                        ", ", CHECKER_REGIONS.stream().sorted().toList()));
                bad = true;
            } else if (out.contains(region)) {
                r.problem(e, key, "duplicate region " + ConfigReader.quote(region));
                bad = true;
            } else {
                out.add(region);
            }
        }
        if (!bad && !out.isEmpty() && out.size() < MIN_REGIONS) {
            r.problem(
                    key,
                    out.size() + " region" + (out.size() == 1 ? "" : "s") + ": Route53 needs at least " + MIN_REGIONS
                            + " checker regions ([] = all 8)");
        }
        return bad ? List.of() : List.copyOf(out);
    }
}
