package dev.failberry.dns;

import dev.failberry.dns.DnsPublisher.LinkAddresses;
import dev.failberry.dns.PublishedStore.Published;
import dev.failberry.time.Backoff;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * What {@link DnsPublisher} does about its record, decided from what it knows: the link's addresses (what
 * is wanted), what it last published (remembered across restarts), what the zone holds when it has read
 * it, and how the last call failed. Pure: no I/O, no clock, no state; the publisher carries out the
 * {@link Action} (reads, publishes, schedules) on its worker and calls back with what it learnt.
 *
 * <p>The steps of one round: an event ({@link #onAddress}, {@link #onTimer}) says whether to read the
 * record and where; {@link #afterRead} compares what it holds with what is wanted; a failed call gives
 * {@link #afterFailure}.
 */
final class Reconciliation {
    private Reconciliation() {}

    /** Where the record's current values are read from. */
    enum Source {
        /** The zone's authoritative name servers (what the world sees); the provider when none answers. */
        NAME_SERVERS,
        /** The provider's API (or nothing, when it cannot read: then the publisher publishes). */
        PROVIDER
    }

    /** What to do next. */
    sealed interface Action {}

    /** No call: the record holds (or, as remembered, was set to) {@code holds}. */
    record Nothing(Map<RecordType, InetAddress> holds, boolean remembered) implements Action {
        Nothing {
            holds = Map.copyOf(holds);
        }
    }

    /** Read what the record holds from {@code source}, then {@link #afterRead}. */
    record Read(Source source) implements Action {}

    /** Not now: a change may not have reached the name servers yet. */
    record VerifyLater(String why) implements Action {}

    /**
     * Publish {@code change}; {@code holds} already holds. {@code drift} names what a verification found
     * changed behind the daemon's back (values this daemon had published): a repair, logged as such.
     */
    record Upsert(Map<RecordType, InetAddress> change, Map<RecordType, InetAddress> holds, List<Drift> drift)
            implements Action {
        Upsert {
            change = Map.copyOf(change);
            holds = Map.copyOf(holds);
            drift = List.copyOf(drift);
        }

        boolean repair() {
            return !drift.isEmpty();
        }
    }

    /** A published value that the zone no longer holds. */
    record Drift(RecordType type, Optional<InetAddress> holds, InetAddress expected) {}

    /** Retry the same round after {@code delay}. */
    record BackOff(Duration delay) implements Action {}

    /** Retrying cannot help until something changes (the address, or the next verification). */
    record GiveUp(String reason) implements Action {}

    /**
     * The records to publish for the link's addresses: A always (when the provider takes A), AAAA only
     * when IPv6 publishing is on, the provider takes AAAA and the address is global.
     */
    static Map<RecordType, InetAddress> wanted(LinkAddresses link, Set<RecordType> supported, boolean ipv6) {
        Map<RecordType, InetAddress> want = new EnumMap<>(RecordType.class);
        if (supported.contains(RecordType.A)) {
            want.put(RecordType.A, link.v4());
        }
        if (ipv6 && supported.contains(RecordType.AAAA)) {
            link.v6().filter(Ips::isGlobalV6).ifPresent(v6 -> want.put(RecordType.AAAA, v6));
        }
        return want;
    }

    /**
     * The link has new addresses: nothing to do when this daemon published exactly these before (a
     * restart with the same address makes no API call); publish at once when it published other ones
     * (the record holds the old address, so reading it first would only delay the change by a round
     * trip to the provider, on the mobile link); read the record through the provider first when this
     * daemon never published it (it may already hold the address: then no change is made).
     */
    static Action onAddress(Map<RecordType, InetAddress> want, Optional<Published> published) {
        if (published.isPresent() && published.get().requested().equals(want)) {
            return new Nothing(published.get().published(), true);
        }
        if (published.isPresent()) {
            return new Upsert(want, Map.of(), List.of());
        }
        return new Read(Source.PROVIDER);
    }

    /**
     * A verification is due (or asked for): read from the name servers once a change has had time to
     * propagate; before that the timer waits for its next turn, while an asked-for verification reads
     * through the provider, which knows the change at once.
     *
     * @param asked       an operator asked (not the timer)
     * @param nameServers the publisher reads from name servers at all
     * @param propagated  the last change is older than the propagation time (or there was none)
     */
    static Action onTimer(boolean asked, boolean nameServers, boolean propagated) {
        if (nameServers && propagated) {
            return new Read(Source.NAME_SERVERS);
        }
        if (nameServers && !asked) {
            return new VerifyLater("changed less than the propagation time ago");
        }
        return new Read(Source.PROVIDER);
    }

    /**
     * Compares what the record holds ({@code zone}: per wanted type its value or nothing; empty when it
     * could not be read) with what is wanted. A type whose expected value is there holds; the others
     * are published. The expected value is what this daemon last published for the same request when
     * there is one (a function behind carrier NAT publishes the address it sees), else the wanted one.
     * When verifying, a value this daemon published that is gone or changed is drift.
     */
    static Action afterRead(
            Map<RecordType, InetAddress> want,
            Optional<Map<RecordType, Optional<InetAddress>>> zone,
            Optional<Published> published,
            boolean verifying) {
        if (zone.isEmpty()) {
            return new Upsert(want, Map.of(), List.of());
        }
        Map<RecordType, InetAddress> change = new EnumMap<>(RecordType.class);
        Map<RecordType, InetAddress> holds = new EnumMap<>(RecordType.class);
        List<Drift> drift = new ArrayList<>();
        Optional<Map<RecordType, InetAddress>> ours =
                published.filter(p -> p.requested().equals(want)).map(Published::published);
        for (var e : want.entrySet()) {
            Optional<InetAddress> current = zone.get().getOrDefault(e.getKey(), Optional.empty());
            Optional<InetAddress> mine = ours.map(m -> m.get(e.getKey()));
            InetAddress expected = mine.orElse(e.getValue());
            if (current.filter(expected::equals).isPresent()) {
                holds.put(e.getKey(), expected);
            } else {
                change.put(e.getKey(), e.getValue());
                if (verifying && mine.isPresent()) {
                    drift.add(new Drift(e.getKey(), current, expected));
                }
            }
        }
        if (change.isEmpty()) {
            return new Nothing(holds, false);
        }
        return new Upsert(change, holds, drift);
    }

    /**
     * A call failed: a permanent failure gives up (until the address changes or the next verification),
     * anything else is retried after the backoff for retry number {@code attempt} (0-based).
     */
    static Action afterFailure(DnsException e, int attempt, Backoff backoff, RandomGenerator random) {
        if (e.permanent()) {
            return new GiveUp(e.getMessage());
        }
        return new BackOff(backoff.delay(attempt, random));
    }
}
