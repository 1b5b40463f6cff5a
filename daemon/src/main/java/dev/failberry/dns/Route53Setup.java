package dev.failberry.dns;

import dev.failberry.config.DnsNames;
import dev.failberry.config.FailberryConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.HealthCheck;
import software.amazon.awssdk.services.route53.model.ListHealthChecksResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.ResourceRecordSetFailover;

/**
 * {@code failberry route53 setup [--dry-run]}: creates or verifies, idempotently, two HTTP health
 * checks (the wired link's name and the 3G link's name, each through our health listener) and the
 * failover CNAME pair on {@code dns.failover.name} (PRIMARY -> wired, SECONDARY -> 3G, each with its
 * check). Lists first, then creates only what is missing and UPSERTs only records that differ, so a
 * rerun with everything in place changes nothing. A dry run makes read calls only and prints the plan.
 */
public final class Route53Setup {
    static final String WIRED_ID = "wired";
    static final String LTE_ID = "lte";

    /** What setup did (or would do): lines for a person, counts, and the exit code of the command. */
    public record Result(List<String> lines, int created, int changed, boolean dryRun, int exitCode) {
        public void print(PrintStream out) {
            lines.forEach(out::println);
        }

        /** The plan on {@code out}; a failure (the result's last line) as one sentence on {@code err}. */
        public void print(PrintStream out, PrintStream err) {
            if (exitCode == 0) {
                print(out);
                return;
            }
            lines.subList(0, lines.size() - 1).forEach(out::println);
            String last = lines.get(lines.size() - 1).replaceFirst("^(error|problem) +", "");
            err.println("failberry route53 setup: " + last + (last.endsWith(".") ? "" : "."));
        }
    }

    /**
     * The dry-run plan when nothing can be read (no credentials): what setup would make sure of, each
     * line marked with what could not be checked.
     */
    public static Result unreadPlan(FailberryConfig config, String why) {
        List<String> lines = new ArrayList<>(CheckCost.lines(config.dns().failover()));
        if (config.dns().failover().mobileCheck() == FailberryConfig.MobileCheck.CLOUDWATCH) {
            HeartbeatMetric metric = HeartbeatMetric.of(config);
            FailberryConfig.Heartbeat hb = config.dns().failover().heartbeat();
            lines.add("unknown alarm " + metric.alarmName() + " in "
                    + config.aws().region() + ": " + metric.describe(hb.interval(), hb.misses()) + " (not read: " + why
                    + ")");
        }
        for (CheckSpec spec : specs(config)) {
            lines.add("unknown health check " + spec.role() + ": " + spec.describe() + " (not read: " + why + ")");
        }
        String name = config.dns().failover().name().orElseThrow();
        lines.add("unknown record " + name + " CNAME PRIMARY -> "
                + config.dns().failover().wiredRecord().orElseThrow() + " with check wired (not read: " + why + ")");
        lines.add("unknown record " + name + " CNAME SECONDARY -> "
                + config.dns().record().orElseThrow()
                + (config.dns().failover().mobileCheck() != FailberryConfig.MobileCheck.NONE
                        ? " with check lte"
                        : " without a check (dns.failover.mobile-check = none)")
                + " (not read: " + why + ")");
        lines.add("dry run: nothing was read from Route53 (" + why + "); setup creates what of the above is missing");
        return new Result(List.copyOf(lines), 0, 0, true, 0);
    }

    /** The configuration problems that stop setup before any call, or empty. */
    public static Optional<Result> unusable(FailberryConfig config, boolean dryRun) {
        Result r = preconditions(config, dryRun);
        return Optional.ofNullable(r);
    }

    private final Route53Client client;
    private final Optional<CloudWatchClient> cloudWatch;
    private final FailberryConfig config;
    private final String zoneId;
    private final List<String> lines = new ArrayList<>();

    Route53Setup(Route53Client client, Optional<CloudWatchClient> cloudWatch, FailberryConfig config, String zoneId) {
        this.client = client;
        this.cloudWatch = cloudWatch;
        this.config = config;
        this.zoneId = Route53Provider.bareZoneId(zoneId);
    }

    /** For the CLI: builds a client with the default credentials chain, prints the result, returns the exit code. */
    public static int run(FailberryConfig config, boolean dryRun, PrintStream out) {
        return run(config, AwsClients.defaultCredentials(), dryRun, out);
    }

    public static int run(FailberryConfig config, AwsCredentialsProvider credentials, boolean dryRun, PrintStream out) {
        Result r = plan(config, credentials, dryRun);
        r.print(out);
        return r.exitCode();
    }

    /** As {@link #run(FailberryConfig, AwsCredentialsProvider, boolean, PrintStream)}, a failure on {@code err}. */
    public static int run(
            FailberryConfig config,
            AwsCredentialsProvider credentials,
            boolean dryRun,
            PrintStream out,
            PrintStream err) {
        Result r = plan(config, credentials, dryRun);
        r.print(out, err);
        return r.exitCode();
    }

    public static Result plan(FailberryConfig config, AwsCredentialsProvider credentials, boolean dryRun) {
        Result bad = preconditions(config, dryRun);
        if (bad != null) {
            return bad;
        }
        FailberryConfig.Dns dns = config.dns();
        AwsClients clients = new AwsClients(config.aws(), credentials, true);
        boolean heartbeat = dns.failover().mobileCheck() == FailberryConfig.MobileCheck.CLOUDWATCH;
        try (Route53Client client = clients.route53(dns.route53().endpoint());
                CloudWatchClient cw = heartbeat
                        ? clients.cloudWatch(dns.failover().heartbeat().endpoint())
                        : null) {
            return new Route53Setup(
                            client,
                            Optional.ofNullable(cw),
                            config,
                            dns.route53().hostedZoneId().get())
                    .apply(dryRun);
        }
    }

    private static Result preconditions(FailberryConfig config, boolean dryRun) {
        List<String> missing = new ArrayList<>();
        FailberryConfig.Dns dns = config.dns();
        if (dns.route53().hostedZoneId().isEmpty()) {
            missing.add("dns.route53.hosted-zone-id");
        }
        if (dns.record().isEmpty()) {
            missing.add("dns.record");
        }
        if (dns.failover().name().isEmpty()) {
            missing.add("dns.failover.name");
        }
        if (dns.failover().wiredRecord().isEmpty()) {
            missing.add("dns.failover.wired-record");
        }
        if (!missing.isEmpty()) {
            return new Result(
                    List.of("route53 setup needs " + String.join(", ", missing) + " in " + config.source()),
                    0,
                    0,
                    dryRun,
                    2);
        }
        String name = dns.failover().name().get();
        if (DnsNames.same(name, dns.record().get())
                || DnsNames.same(name, dns.failover().wiredRecord().get())) {
            return new Result(
                    List.of("dns.failover.name (" + name + ") must differ from dns.record and "
                            + "dns.failover.wired-record: the failover CNAME points at those per-link records"),
                    0,
                    0,
                    dryRun,
                    2);
        }
        return null;
    }

    /**
     * The wired record's check (all regions: it costs the SIM nothing) and, with {@code mobile-check = http},
     * the mobile record's check from the chosen regions, with {@code cloudwatch} one that follows the
     * heartbeat alarm in {@code aws.region}.
     */
    static List<CheckSpec> specs(FailberryConfig config) {
        FailberryConfig.Failover f = config.dns().failover();
        String path = config.health().path();
        HealthCheckSpec wired = new HealthCheckSpec(
                WIRED_ID,
                f.wiredRecord().orElseThrow(),
                f.healthPort(),
                path,
                HealthCheckSpec.SEARCH_STRING,
                f.interval(),
                f.failureThreshold());
        if (f.mobileCheck() == FailberryConfig.MobileCheck.CLOUDWATCH) {
            return List.of(
                    wired,
                    new AlarmCheckSpec(
                            LTE_ID,
                            config.aws().region(),
                            HeartbeatMetric.of(config).alarmName()));
        }
        if (f.mobileCheck() != FailberryConfig.MobileCheck.HTTP) {
            return List.of(wired);
        }
        return List.of(
                wired,
                new HealthCheckSpec(
                        LTE_ID,
                        config.dns().record().orElseThrow(),
                        f.healthPort(),
                        path,
                        HealthCheckSpec.SEARCH_STRING,
                        f.interval(),
                        f.failureThreshold(),
                        f.regions()));
    }

    Result apply(boolean dryRun) {
        int created = 0;
        int changed = 0;
        String prefix = dryRun ? "would " : "";
        try {
            List<ResourceRecordSet> atName = recordsAtFailoverName();
            Optional<String> conflict = conflict(atName);
            if (conflict.isPresent()) {
                lines.add("problem " + conflict.get());
                return new Result(List.copyOf(lines), 0, 0, dryRun, 1);
            }
            // what each way of checking the mobile record costs, before anything is created
            lines.addAll(CheckCost.lines(config.dns().failover()));
            int alarms = cloudWatch.isPresent() ? ensureAlarm(cloudWatch.get(), dryRun) : 0;
            List<HealthCheck> existing = listHealthChecks();
            Map<String, String> checkIds = new HashMap<>();
            for (CheckSpec spec : specs(config)) {
                Optional<HealthCheck> found = existing.stream()
                        .filter(c -> spec.callerReference().equals(c.callerReference()))
                        .findFirst()
                        .or(() -> existing.stream()
                                .filter(c -> spec.matches(c.healthCheckConfig()))
                                .findFirst());
                if (found.isPresent()) {
                    checkIds.put(spec.role(), found.get().id());
                    lines.add("ok      health check " + spec.role() + " "
                            + found.get().id() + ": " + spec.describe()
                            + (spec.callerReference().equals(found.get().callerReference())
                                    ? ""
                                    : " (created outside failberry)"));
                } else {
                    if (!dryRun) {
                        HealthCheck c = client.createHealthCheck(b -> b.callerReference(spec.callerReference())
                                        .healthCheckConfig(spec.toConfig()))
                                .healthCheck();
                        checkIds.put(spec.role(), c.id());
                        lines.add("created health check " + spec.role() + " " + c.id() + ": " + spec.describe());
                    } else {
                        checkIds.put(spec.role(), "<new " + spec.role() + " check>");
                        lines.add("would create health check " + spec.role() + ": " + spec.describe());
                    }
                    created++;
                }
                existing.stream()
                        .filter(c -> c.callerReference() != null
                                && c.callerReference().startsWith("failberry-" + spec.role() + "-")
                                && !c.callerReference().equals(spec.callerReference()))
                        .forEach(c -> lines.add("note    health check " + c.id()
                                + " is from earlier failberry settings for " + spec.role()
                                + "; it is not deleted (delete it in the console if no record uses it)"));
            }
            if (config.dns().failover().mobileCheck() == FailberryConfig.MobileCheck.NONE) {
                existing.stream()
                        .filter(c -> c.callerReference() != null
                                && c.callerReference().startsWith("failberry-" + LTE_ID + "-"))
                        .forEach(c -> lines.add("note    health check " + c.id() + " (" + LTE_ID + ") is not used with "
                                + "dns.failover.mobile-check = none but still checks through the SIM: delete it in the "
                                + "console once the record no longer uses it"));
            }
            List<Change> upserts = new ArrayList<>();
            planRecords(atName, checkIds, upserts, prefix);
            if (!upserts.isEmpty()) {
                changed = upserts.size();
                if (!dryRun) {
                    var info = client.changeResourceRecordSets(
                                    b -> b.hostedZoneId(zoneId).changeBatch(c -> c.comment("failberry route53 setup")
                                            .changes(upserts)))
                            .changeInfo();
                    lines.add("submitted change " + info.id() + " (" + info.statusAsString() + ")");
                }
            }
            noteMissingTargets();
            String alarmNote = alarms == 0 ? "" : ", 1 alarm";
            lines.add(
                    dryRun
                            ? "dry run: " + created + " health check(s) and " + changed + " record(s)" + alarmNote
                                    + " would be created or changed"
                            : created + changed + alarms == 0
                                    ? "everything is in place; nothing changed"
                                    : created + " health check(s) created, " + changed + " record(s) created or updated"
                                            + (alarms == 0 ? "" : ", 1 alarm created or updated"));
            return new Result(List.copyOf(lines), created, changed, dryRun, 0);
        } catch (SdkException e) {
            DnsException d = AwsErrors.classify("route53 setup", e);
            lines.add("error   " + d.getMessage());
            return new Result(List.copyOf(lines), created, changed, dryRun, d.permanent() ? 1 : 3);
        }
    }

    /**
     * The heartbeat alarm, before the check that follows it: read by name, created or replaced (PutMetricAlarm
     * replaces an alarm of the same name) only when missing or different. Returns 1 when it was (or would
     * be) written, else 0.
     */
    private int ensureAlarm(CloudWatchClient cw, boolean dryRun) {
        HeartbeatMetric metric = HeartbeatMetric.of(config);
        FailberryConfig.Heartbeat hb = config.dns().failover().heartbeat();
        String where = metric.alarmName() + " in " + config.aws().region() + ": "
                + metric.describe(hb.interval(), hb.misses());
        Optional<MetricAlarm> current = cw.describeAlarms(b -> b.alarmNames(metric.alarmName())).metricAlarms().stream()
                .filter(a -> metric.alarmName().equals(a.alarmName()))
                .findFirst();
        if (current.isPresent() && metric.matches(current.get(), hb.interval(), hb.misses())) {
            lines.add("ok      alarm " + where);
            return 0;
        }
        String verb = current.isPresent() ? "update" : "create";
        if (dryRun) {
            lines.add("would " + verb + " alarm " + where);
        } else {
            cw.putMetricAlarm(metric.alarm(hb.interval(), hb.misses()));
            lines.add(verb + "d alarm " + where);
        }
        return 1;
    }

    private List<HealthCheck> listHealthChecks() {
        List<HealthCheck> all = new ArrayList<>();
        String marker = null;
        do {
            String m = marker;
            ListHealthChecksResponse page =
                    client.listHealthChecks(b -> b.marker(m).maxItems("100"));
            all.addAll(page.healthChecks());
            marker = Boolean.TRUE.equals(page.isTruncated()) ? page.nextMarker() : null;
        } while (marker != null);
        return all;
    }

    private List<ResourceRecordSet> recordsAtFailoverName() {
        String name = DnsNames.normalize(config.dns().failover().name().orElseThrow());
        return client
                .listResourceRecordSets(
                        b -> b.hostedZoneId(zoneId).startRecordName(name).maxItems("20"))
                .resourceRecordSets()
                .stream()
                .filter(s -> DnsNames.same(s.name(), name))
                .toList();
    }

    /** A record at the failover name that setup must not remove by itself. */
    private Optional<String> conflict(List<ResourceRecordSet> atName) {
        String name = DnsNames.normalize(config.dns().failover().name().orElseThrow());
        for (ResourceRecordSet s : atName) {
            if (s.type() != RRType.CNAME) {
                return Optional.of(
                        name + " already has a record of type " + s.typeAsString() + "; a failover CNAME cannot share "
                                + "its name. Remove it (or pick another dns.failover.name) and run setup again.");
            }
            if (s.failover() == null) {
                return Optional.of(
                        name + " already has a plain CNAME (to " + values(s) + "); Route53 cannot mix it with "
                                + "failover records. Delete it in the console and run setup again.");
            }
        }
        return Optional.empty();
    }

    /** Adds an UPSERT for each failover record that is missing or differs. */
    private void planRecords(
            List<ResourceRecordSet> atName, Map<String, String> checkIds, List<Change> upserts, String prefix) {
        FailberryConfig.Failover f = config.dns().failover();
        String name = DnsNames.normalize(f.name().orElseThrow());
        String[][] pairs = {
            {WIRED_ID, "PRIMARY", f.wiredRecord().orElseThrow()},
            {LTE_ID, "SECONDARY", config.dns().record().orElseThrow()}
        };
        for (String[] p : pairs) {
            ResourceRecordSetFailover role = ResourceRecordSetFailover.fromValue(p[1]);
            Optional<ResourceRecordSet> current =
                    atName.stream().filter(s -> s.failover() == role).findFirst();
            String setId = current.map(ResourceRecordSet::setIdentifier).orElse(p[0]);
            String target = DnsNames.normalize(p[2]);
            ResourceRecordSet want = ResourceRecordSet.builder()
                    .name(name)
                    .type(RRType.CNAME)
                    .setIdentifier(setId)
                    .failover(role)
                    .ttl((long) f.ttl())
                    .resourceRecords(ResourceRecord.builder().value(target).build())
                    .healthCheckId(checkIds.get(p[0]))
                    .build();
            String what = name + " CNAME " + p[1] + " (" + setId + ") -> " + target + ", TTL " + f.ttl() + ", "
                    + (checkIds.get(p[0]) == null
                            ? "no check (dns.failover.mobile-check = none)"
                            : "check " + checkIds.get(p[0]));
            if (current.isPresent() && same(current.get(), want)) {
                lines.add("ok      record " + what);
            } else {
                lines.add(prefix
                        + (current.isPresent() ? "update  record " : "create  record ")
                        + what
                        + current.map(c -> " (now -> " + values(c) + ", TTL " + c.ttl() + ", check " + c.healthCheckId()
                                        + ")")
                                .orElse(""));
                upserts.add(Change.builder()
                        .action(ChangeAction.UPSERT)
                        .resourceRecordSet(want)
                        .build());
            }
        }
    }

    private void noteMissingTargets() {
        for (String target : List.of(
                config.dns().failover().wiredRecord().orElseThrow(),
                config.dns().record().orElseThrow())) {
            String t = DnsNames.normalize(target);
            boolean exists = client
                    .listResourceRecordSets(b -> b.hostedZoneId(zoneId)
                            .startRecordName(t)
                            .startRecordType(RRType.A)
                            .maxItems("1"))
                    .resourceRecordSets()
                    .stream()
                    .anyMatch(s -> DnsNames.same(s.name(), t) && s.type() == RRType.A);
            if (!exists) {
                lines.add("note    " + t + " has no A record in this zone yet; its health check fails (DNS resolution) "
                        + "until it has one"
                        + (DnsNames.same(t, config.dns().record().get())
                                ? " (the daemon publishes it when the 3G link is up)"
                                : ""));
            }
        }
    }

    private static boolean same(ResourceRecordSet a, ResourceRecordSet b) {
        return DnsNames.same(a.name(), b.name())
                && a.type() == b.type()
                && a.failover() == b.failover()
                && Objects.equals(a.setIdentifier(), b.setIdentifier())
                && Objects.equals(a.ttl(), b.ttl())
                && values(a).equals(values(b))
                && Objects.equals(a.healthCheckId(), b.healthCheckId());
    }

    private static List<String> values(ResourceRecordSet s) {
        return s.resourceRecords().stream()
                .map(r -> DnsNames.normalize(r.value()))
                .toList();
    }
}
