package dev.failberry.dns;

import dev.failberry.config.DnsNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.ResourceRecordSetFailover;

/**
 * The failover CNAME pair {@code route53 setup} wants at {@code dns.failover.name} (PRIMARY -> the wired record,
 * SECONDARY -> the 3G record, each with its check), compared with what Route53 listed there: a pure function, no
 * call, so each case is a table row.
 */
final class FailoverRecords {
    static final String WIRED_ID = "wired";
    static final String LTE_ID = "lte";

    /** The lines for a person (one per record) and the UPSERTs for the records that are missing or differ. */
    record Plan(List<String> lines, List<Change> upserts) {}

    private FailoverRecords() {}

    /** A record at the failover name that setup must not remove by itself, or empty. */
    static Optional<String> conflict(String failoverName, List<ResourceRecordSet> atName) {
        String name = DnsNames.normalize(failoverName);
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

    /**
     * An UPSERT for each failover record that is missing or differs. {@code checkIds} maps {@link #WIRED_ID} and
     * {@link #LTE_ID} to their check (none for a record without one); an existing record keeps its set identifier.
     * A dry run's changed lines start with "would ".
     */
    static Plan plan(
            String failoverName,
            String wiredRecord,
            String mobileRecord,
            int ttl,
            List<ResourceRecordSet> atName,
            Map<String, String> checkIds,
            boolean dryRun) {
        String prefix = dryRun ? "would " : "";
        List<String> lines = new ArrayList<>();
        List<Change> upserts = new ArrayList<>();
        String name = DnsNames.normalize(failoverName);
        String[][] pairs = {{WIRED_ID, "PRIMARY", wiredRecord}, {LTE_ID, "SECONDARY", mobileRecord}};
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
                    .ttl((long) ttl)
                    .resourceRecords(ResourceRecord.builder().value(target).build())
                    .healthCheckId(checkIds.get(p[0]))
                    .build();
            String what = name + " CNAME " + p[1] + " (" + setId + ") -> " + target + ", TTL " + ttl + ", "
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
        return new Plan(List.copyOf(lines), List.copyOf(upserts));
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
