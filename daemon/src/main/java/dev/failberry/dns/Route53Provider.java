package dev.failberry.dns;

import dev.failberry.config.DnsNames;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Keeps a simple A (and AAAA) record current through the Route53 API with UPSERT. Reads the current
 * value with ListResourceRecordSets (which lists <em>from</em> the given name onwards, so name and type
 * are compared exactly). The SDK client is built on first use and kept.
 */
public final class Route53Provider implements DnsBackend {
    private final String zoneId;
    private final String record;
    private final int ttl;
    private final LazyClient<Route53Client> client;

    /**
     * @param zoneId bare hosted zone id ({@code Z123}); a {@code /hostedzone/} prefix is stripped (the
     *               SDK would URL-encode it into the path)
     */
    public Route53Provider(String zoneId, String record, int ttl, Supplier<Route53Client> factory) {
        this.zoneId = bareZoneId(zoneId);
        this.record = DnsNames.normalize(record);
        this.ttl = ttl;
        this.client = new LazyClient<>(factory);
    }

    public static Route53Provider create(
            AwsClients clients, String zoneId, String record, int ttl, Optional<URI> endpoint) {
        return new Route53Provider(zoneId, record, ttl, () -> clients.route53(endpoint));
    }

    public static String bareZoneId(String zoneId) {
        return zoneId.replaceFirst("^/?hostedzone/", "");
    }

    @Override
    public String name() {
        return "route53";
    }

    @Override
    public String record() {
        return record;
    }

    @Override
    public boolean supports(RecordType type) {
        return true;
    }

    @Override
    public boolean canRead() {
        return true;
    }

    Route53Client client() {
        return client.get();
    }

    @Override
    public void warmUp() {
        client();
    }

    @Override
    public Optional<InetAddress> read(RecordType type) throws DnsException {
        List<ResourceRecordSet> sets;
        try {
            sets = client().listResourceRecordSets(b -> b.hostedZoneId(zoneId)
                            .startRecordName(record)
                            .startRecordType(RRType.fromValue(type.name()))
                            .maxItems("1"))
                    .resourceRecordSets();
        } catch (SdkException e) {
            throw AwsErrors.classify("Route53 ListResourceRecordSets", e);
        }
        return currentValue(sets, record, type);
    }

    /**
     * The single address of the record {@code name}/{@code type} in a ListResourceRecordSets answer, or
     * empty when the answer starts with another name or type, holds no value, or is a failover/weighted
     * set (a set identifier) rather than the simple record this daemon owns. Pure.
     */
    static Optional<InetAddress> currentValue(List<ResourceRecordSet> sets, String name, RecordType type) {
        for (ResourceRecordSet s : sets) {
            if (!DnsNames.same(s.name(), name) || !type.name().equals(s.typeAsString()) || s.setIdentifier() != null) {
                continue;
            }
            if (s.resourceRecords().size() != 1) {
                return Optional.empty();
            }
            return Ips.parse(s.resourceRecords().get(0).value());
        }
        return Optional.empty();
    }

    @Override
    public PublishOutcome publish(Map<RecordType, InetAddress> values, Optional<InetAddress> source)
            throws DnsException {
        List<Change> changes = new ArrayList<>();
        for (RecordType type : RecordType.values()) {
            InetAddress ip = values.get(type);
            if (ip != null) {
                changes.add(Change.builder()
                        .action(ChangeAction.UPSERT)
                        .resourceRecordSet(ResourceRecordSet.builder()
                                .name(record)
                                .type(RRType.fromValue(type.name()))
                                .ttl((long) ttl)
                                .resourceRecords(ResourceRecord.builder()
                                        .value(ip.getHostAddress())
                                        .build())
                                .build())
                        .build());
            }
        }
        ChangeInfo info;
        try {
            info = client().changeResourceRecordSets(b -> b.hostedZoneId(zoneId)
                            .changeBatch(c -> c.comment("failberry ddns").changes(changes)))
                    .changeInfo();
        } catch (SdkException e) {
            throw AwsErrors.classify("Route53 ChangeResourceRecordSets", e);
        }
        return new PublishOutcome(
                values,
                true,
                Optional.ofNullable(info.id()),
                "UPSERT " + values.keySet() + " TTL " + ttl + ", change " + info.id() + " " + info.statusAsString());
    }

    @Override
    public boolean insync(String changeId) throws DnsException {
        try {
            return client().getChange(b -> b.id(changeId)).changeInfo().status() == ChangeStatus.INSYNC;
        } catch (SdkException e) {
            throw AwsErrors.classify("Route53 GetChange", e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
