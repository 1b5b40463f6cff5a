package dev.failberry.dns;

import static dev.failberry.dns.DnsTestSupport.v4;
import static dev.failberry.dns.DnsTestSupport.v6;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.dns.DnsPublisher.LinkAddresses;
import dev.failberry.dns.PublishedStore.Published;
import dev.failberry.dns.Reconciliation.Action;
import dev.failberry.dns.Reconciliation.BackOff;
import dev.failberry.dns.Reconciliation.Drift;
import dev.failberry.dns.Reconciliation.GiveUp;
import dev.failberry.dns.Reconciliation.Nothing;
import dev.failberry.dns.Reconciliation.Read;
import dev.failberry.dns.Reconciliation.Source;
import dev.failberry.dns.Reconciliation.Upsert;
import dev.failberry.dns.Reconciliation.VerifyLater;
import dev.failberry.time.Backoff;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The publisher's decisions as tables: what the link has, what was published, what the zone holds, what
 * to do. Addresses: 198.51.100.7 the link's new one, .5 its old one, 203.0.113.9 what a function behind
 * carrier NAT saw and published instead of the link's address.
 */
class ReconciliationTest {
    static final InetAddress NEW = v4("198.51.100.7");
    static final InetAddress OLD = v4("198.51.100.5");
    static final InetAddress NAT = v4("203.0.113.9");
    static final InetAddress V6 = v6("2001:db8::7");
    static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");

    static Map<RecordType, InetAddress> a(InetAddress v4) {
        return Map.of(RecordType.A, v4);
    }

    static Map<RecordType, InetAddress> a(InetAddress v4, InetAddress v6) {
        return Map.of(RecordType.A, v4, RecordType.AAAA, v6);
    }

    static Optional<Published> published(
            Map<RecordType, InetAddress> requested, Map<RecordType, InetAddress> published) {
        return Optional.of(new Published(requested, published, AT));
    }

    /** The zone as read: per type its value, or nothing (missing in {@code values}). */
    static Optional<Map<RecordType, Optional<InetAddress>>> zone(
            Map<RecordType, InetAddress> values, RecordType... asked) {
        Map<RecordType, Optional<InetAddress>> m = new HashMap<>();
        for (RecordType t : asked) {
            m.put(t, Optional.ofNullable(values.get(t)));
        }
        return Optional.of(m);
    }

    static Stream<Arguments> afterRead() {
        var unread = Optional.<Map<RecordType, Optional<InetAddress>>>empty();
        var none = Optional.<Published>empty();
        return Stream.of(
                Arguments.of(
                        "first publish, record empty",
                        a(NEW),
                        zone(Map.of(), RecordType.A),
                        none,
                        false,
                        new Upsert(a(NEW), Map.of(), List.of())),
                Arguments.of(
                        "zone already holds the new address",
                        a(NEW),
                        zone(a(NEW), RecordType.A),
                        none,
                        false,
                        new Nothing(a(NEW), false)),
                Arguments.of(
                        "address changed, zone holds the old one",
                        a(NEW),
                        zone(a(OLD), RecordType.A),
                        published(a(OLD), a(OLD)),
                        false,
                        new Upsert(a(NEW), Map.of(), List.of())),
                Arguments.of(
                        "provider cannot read: publish",
                        a(NEW),
                        unread,
                        published(a(NEW), a(NEW)),
                        true,
                        new Upsert(a(NEW), Map.of(), List.of())),
                Arguments.of(
                        "verify: holds what was published",
                        a(NEW),
                        zone(a(NEW), RecordType.A),
                        published(a(NEW), a(NEW)),
                        true,
                        new Nothing(a(NEW), false)),
                Arguments.of(
                        "verify: changed behind our back is drift, repaired",
                        a(NEW),
                        zone(a(OLD), RecordType.A),
                        published(a(NEW), a(NEW)),
                        true,
                        new Upsert(a(NEW), Map.of(), List.of(new Drift(RecordType.A, Optional.of(OLD), NEW)))),
                Arguments.of(
                        "verify: deleted behind our back is drift",
                        a(NEW),
                        zone(Map.of(), RecordType.A),
                        published(a(NEW), a(NEW)),
                        true,
                        new Upsert(a(NEW), Map.of(), List.of(new Drift(RecordType.A, Optional.empty(), NEW)))),
                Arguments.of(
                        "verify without our own publication: published, not drift",
                        a(NEW),
                        zone(a(OLD), RecordType.A),
                        published(a(OLD), a(OLD)),
                        true,
                        new Upsert(a(NEW), Map.of(), List.of())),
                Arguments.of(
                        "a change that is not a verification is never drift",
                        a(NEW),
                        zone(a(OLD), RecordType.A),
                        published(a(NEW), a(NEW)),
                        false,
                        new Upsert(a(NEW), Map.of(), List.of())),
                Arguments.of(
                        "NAT: the function published what it saw, and the zone holds that",
                        a(NEW),
                        zone(a(NAT), RecordType.A),
                        published(a(NEW), a(NAT)),
                        true,
                        new Nothing(a(NAT), false)),
                Arguments.of(
                        "NAT: the link's own address in the zone is drift from what was published",
                        a(NEW),
                        zone(a(NEW), RecordType.A),
                        published(a(NEW), a(NAT)),
                        true,
                        new Upsert(a(NEW), Map.of(), List.of(new Drift(RecordType.A, Optional.of(NEW), NAT)))),
                Arguments.of(
                        "A holds, AAAA missing: only AAAA changes",
                        a(NEW, V6),
                        zone(a(NEW), RecordType.A, RecordType.AAAA),
                        none,
                        false,
                        new Upsert(Map.of(RecordType.AAAA, V6), a(NEW), List.of())),
                Arguments.of(
                        "both hold",
                        a(NEW, V6),
                        zone(a(NEW, V6), RecordType.A, RecordType.AAAA),
                        none,
                        false,
                        new Nothing(a(NEW, V6), false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void afterRead(
            String why,
            Map<RecordType, InetAddress> want,
            Optional<Map<RecordType, Optional<InetAddress>>> zone,
            Optional<Published> published,
            boolean verifying,
            Action expected) {
        Action action = Reconciliation.afterRead(want, zone, published, verifying);
        assertThat(action).isEqualTo(expected);
        if (action instanceof Upsert u) {
            assertThat(u.repair()).isEqualTo(!u.drift().isEmpty());
        }
    }

    static Stream<Arguments> onAddress() {
        return Stream.of(
                Arguments.of("never published", a(NEW), Optional.empty(), new Read(Source.PROVIDER)),
                Arguments.of(
                        "remembered: the same address was published (restart)",
                        a(NEW),
                        published(a(NEW), a(NEW)),
                        new Nothing(a(NEW), true)),
                Arguments.of(
                        "remembered through NAT: what was published is reported",
                        a(NEW),
                        published(a(NEW), a(NAT)),
                        new Nothing(a(NAT), true)),
                Arguments.of(
                        "another address was published: change at once, no read first",
                        a(NEW),
                        published(a(OLD), a(OLD)),
                        new Upsert(a(NEW), Map.of(), List.of())),
                Arguments.of(
                        "the same A, but now with AAAA",
                        a(NEW, V6),
                        published(a(NEW), a(NEW)),
                        new Upsert(a(NEW, V6), Map.of(), List.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void onAddress(String why, Map<RecordType, InetAddress> want, Optional<Published> published, Action expected) {
        assertThat(Reconciliation.onAddress(want, published)).isEqualTo(expected);
    }

    static Stream<Arguments> onTimer() {
        return Stream.of(
                Arguments.of("timer, name servers, propagated", false, true, true, Source.NAME_SERVERS),
                Arguments.of("timer, name servers, change too recent", false, true, false, null),
                Arguments.of("timer, provider only", false, false, true, Source.PROVIDER),
                Arguments.of("timer, provider only, recent change", false, false, false, Source.PROVIDER),
                Arguments.of("asked, name servers, propagated", true, true, true, Source.NAME_SERVERS),
                Arguments.of("asked, recent change: the provider knows it at once", true, true, false, Source.PROVIDER),
                Arguments.of("asked, provider only", true, false, true, Source.PROVIDER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void onTimer(String why, boolean asked, boolean nameServers, boolean propagated, Source expected) {
        Action action = Reconciliation.onTimer(asked, nameServers, propagated);
        if (expected == null) {
            assertThat(action).isInstanceOf(VerifyLater.class);
        } else {
            assertThat(action).isEqualTo(new Read(expected));
        }
    }

    @Test
    void failuresBackOffExponentiallyExceptPermanentOnes() {
        Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(1), 2.0, 0);
        var random = new SplittableRandom(1);
        for (DnsException.Kind kind :
                List.of(DnsException.Kind.THROTTLED, DnsException.Kind.SERVER, DnsException.Kind.NETWORK)) {
            var e = new DnsException(kind, "boom");
            assertThat(Reconciliation.afterFailure(e, 0, backoff, random))
                    .isEqualTo(new BackOff(Duration.ofSeconds(2)));
            assertThat(Reconciliation.afterFailure(e, 3, backoff, random))
                    .isEqualTo(new BackOff(Duration.ofSeconds(16)));
            assertThat(Reconciliation.afterFailure(e, 10, backoff, random))
                    .isEqualTo(new BackOff(Duration.ofMinutes(1)));
        }
        assertThat(Reconciliation.afterFailure(
                        new DnsException(DnsException.Kind.PERMANENT, "AccessDenied"), 0, backoff, random))
                .isEqualTo(new GiveUp("AccessDenied"));
    }

    @Test
    void wantedRecordsFollowTheProviderAndTheIpv6Setting() {
        var link = new LinkAddresses(v4("198.51.100.7"), Optional.of(v6("2001:db8::7")), Optional.empty());
        var linkLocal = new LinkAddresses(v4("198.51.100.7"), Optional.of(v6("fe80::7")), Optional.empty());
        var both = EnumSet.allOf(RecordType.class);

        assertThat(Reconciliation.wanted(link, both, true)).isEqualTo(a(NEW, V6));
        assertThat(Reconciliation.wanted(link, both, false)).isEqualTo(a(NEW));
        assertThat(Reconciliation.wanted(link, EnumSet.of(RecordType.A), true)).isEqualTo(a(NEW));
        assertThat(Reconciliation.wanted(linkLocal, both, true)).isEqualTo(a(NEW));
        assertThat(Reconciliation.wanted(link, EnumSet.noneOf(RecordType.class), true))
                .isEmpty();
    }
}
