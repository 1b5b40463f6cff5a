package dev.failberry.config;

import dev.failberry.config.FailberryConfig.CapAction;
import dev.failberry.config.FailberryConfig.DataUsage;
import dev.failberry.config.FailberryConfig.Failover;
import dev.failberry.config.FailberryConfig.Firewall;
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
        return new Failover(name, wiredRecord, healthPort, interval, threshold, ttl, check, regions());
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
