package dev.failberry.dns;

import dev.failberry.config.DnsNames;
import dev.failberry.config.FailberryConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.HealthCheck;
import software.amazon.awssdk.services.route53.model.ListHealthChecksResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * {@code failberry route53 setup [--dry-run]}: creates or verifies, idempotently, two HTTP health
 * checks (the wired link's name and the 3G link's name, each through our health listener) and the
 * failover CNAME pair on {@code dns.failover.name} (PRIMARY -> wired, SECONDARY -> 3G, each with its
 * check). Lists first, then creates only what is missing and UPSERTs only records that differ, so a
 * rerun with everything in place changes nothing. A dry run makes read calls only and prints the plan. With
 * {@code mobile-check} switched away from {@code cloudwatch}, the heartbeat alarm goes once the records no
 * longer use its check ({@link LeftoverHeartbeatAlarm}).
 */
public final class Route53Setup {
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
        for (CheckSpec spec : HealthCheckPlan.specs(config)) {
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
    private final CloudWatchClient cloudWatch;
    private final FailberryConfig config;
    private final String zoneId;
    private final List<String> lines = new ArrayList<>();

    Route53Setup(Route53Client client, CloudWatchClient cloudWatch, FailberryConfig config, String zoneId) {
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
        // built for every mode (no call yet): without cloudwatch it may delete an earlier heartbeat alarm
        try (Route53Client client = clients.route53(dns.route53().endpoint());
                CloudWatchClient cw =
                        clients.cloudWatch(dns.failover().heartbeat().endpoint())) {
            return new Route53Setup(
                            client, cw, config, dns.route53().hostedZoneId().get())
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

    Result apply(boolean dryRun) {
        int created = 0;
        int changed = 0;
        FailberryConfig.Failover f = config.dns().failover();
        try {
            List<ResourceRecordSet> atName = recordsAtFailoverName();
            Optional<String> conflict = FailoverRecords.conflict(f.name().orElseThrow(), atName);
            if (conflict.isPresent()) {
                lines.add("problem " + conflict.get());
                return new Result(List.copyOf(lines), 0, 0, dryRun, 1);
            }
            // what each way of checking the mobile record costs, before anything is created
            lines.addAll(CheckCost.lines(f));
            boolean heartbeat = f.mobileCheck() == FailberryConfig.MobileCheck.CLOUDWATCH;
            int alarms = heartbeat ? HeartbeatAlarmSetup.ensure(cloudWatch, config, dryRun, lines) : 0;
            List<HealthCheck> existing = listHealthChecks();
            Map<String, String> checkIds = new HashMap<>();
            for (CheckSpec spec : HealthCheckPlan.specs(config)) {
                Optional<HealthCheck> found = HealthCheckPlan.find(spec, existing);
                if (found.isPresent()) {
                    checkIds.put(spec.role(), found.get().id());
                    lines.add(HealthCheckPlan.okLine(spec, found.get()));
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
                lines.addAll(HealthCheckPlan.earlierNotes(spec, existing));
            }
            if (f.mobileCheck() == FailberryConfig.MobileCheck.NONE) {
                lines.addAll(HealthCheckPlan.unusedMobileNotes(existing));
            }
            FailoverRecords.Plan records = FailoverRecords.plan(
                    f.name().orElseThrow(),
                    f.wiredRecord().orElseThrow(),
                    config.dns().record().orElseThrow(),
                    f.ttl(),
                    atName,
                    checkIds,
                    dryRun);
            lines.addAll(records.lines());
            List<Change> upserts = records.upserts();
            Optional<String> submitted = Optional.empty();
            if (!upserts.isEmpty()) {
                changed = upserts.size();
                if (!dryRun) {
                    var info = client.changeResourceRecordSets(
                                    b -> b.hostedZoneId(zoneId).changeBatch(c -> c.comment("failberry route53 setup")
                                            .changes(upserts)))
                            .changeInfo();
                    lines.add("submitted change " + info.id() + " (" + info.statusAsString() + ")");
                    submitted = Optional.of(info.id());
                }
            }
            // only after the records: the old check follows the alarm until the mobile record leaves it
            int deleted =
                    !heartbeat && LeftoverHeartbeatAlarm.suspected(config.aws().region(), existing)
                            ? LeftoverHeartbeatAlarm.clean(cloudWatch, client, config, submitted, dryRun, lines)
                            : 0;
            noteMissingTargets();
            String alarmNote = alarms == 0 ? "" : ", 1 alarm";
            String deletedNote = deleted == 0 ? "" : dryRun ? "; 1 alarm would be deleted" : ", 1 alarm deleted";
            lines.add(
                    dryRun
                            ? "dry run: " + created + " health check(s) and " + changed + " record(s)" + alarmNote
                                    + " would be created or changed" + deletedNote
                            : created + changed + alarms + deleted == 0
                                    ? "everything is in place; nothing changed"
                                    : created + " health check(s) created, " + changed + " record(s) created or updated"
                                            + (alarms == 0 ? "" : ", 1 alarm created or updated") + deletedNote);
            return new Result(List.copyOf(lines), created, changed, dryRun, 0);
        } catch (SdkException e) {
            DnsException d = AwsErrors.classify("route53 setup", e);
            lines.add("error   " + d.getMessage());
            return new Result(List.copyOf(lines), created, changed, dryRun, d.permanent() ? 1 : 3);
        }
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
}
