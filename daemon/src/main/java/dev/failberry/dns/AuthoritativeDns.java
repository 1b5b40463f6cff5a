package dev.failberry.dns;

import dev.failberry.config.DnsNames;
import dev.failberry.config.HostPort;
import dev.failberry.time.TimeSource;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.ResolverConfig;

/**
 * Reads what one DNS record holds right now from its zone's authoritative name servers, over plain DNS
 * (UDP, and TCP when the UDP answer is truncated; recursion not desired; only authoritative answers
 * accepted): no caching resolver in between and no AWS SDK. Used to verify a published record. The
 * messages are dnsjava's ({@link Message}: the response code, the AA and TC flags and the records are
 * typed values, not words in an exception's text); the exchange is a blocking socket call on the
 * calling thread, so nothing runs in the background between verifications.
 *
 * <p>The servers are either given ({@link Servers#fixed}) or discovered ({@link Servers#discover}): the
 * zone apex is the longest suffix of the record name (down to two labels) that has NS records according
 * to a bootstrap resolver, and the name servers' A records (through the same resolver) give the
 * addresses to ask. The discovered list is kept for {@link #DISCOVERY_TTL} on the injected
 * {@link TimeSource}, and dropped when none of its servers answered, so the next read discovers again.
 *
 * <p>Each server is asked once per read, with the given timeout, in order until one answers. Calls block
 * on the calling thread; every socket is closed after use. Safe to call from several threads (at worst
 * two threads discover at the same time).
 */
final class AuthoritativeDns {
    /** How long discovered name servers are used before they are looked up again. */
    public static final Duration DISCOVERY_TTL = Duration.ofHours(1);
    /** The DNS port, where discovered servers are asked by default. */
    public static final int DNS_PORT = 53;

    private static final Logger log = LoggerFactory.getLogger(AuthoritativeDns.class);
    /** Which name servers to ask. */
    public sealed interface Servers permits Servers.Fixed, Servers.Discover {
        /** Ask these servers directly, in this order. */
        record Fixed(List<HostPort> servers) implements Servers {
            public Fixed {
                if (servers.isEmpty()) {
                    throw new IllegalArgumentException("no name servers given");
                }
                servers = List.copyOf(servers);
            }
        }

        /**
         * Discover the zone's name servers through {@code bootstrap} resolvers (empty: the platform's
         * configured resolvers) and ask them on {@code port}.
         */
        record Discover(List<HostPort> bootstrap, int port) implements Servers {
            public Discover {
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("bad port " + port);
                }
                bootstrap = List.copyOf(bootstrap);
            }
        }

        static Servers fixed(List<HostPort> servers) {
            return new Fixed(servers);
        }

        /** Discovery through the platform's resolvers; discovered servers are asked on port 53. */
        static Servers discover() {
            return new Discover(List.of(), DNS_PORT);
        }

        static Servers discover(List<HostPort> bootstrap, int port) {
            return new Discover(bootstrap, port);
        }
    }

    private record Discovered(List<HostPort> servers, long atNanos) {}

    private final String record;
    private final Servers servers;
    private final Duration timeout;
    private final TimeSource time;
    private final DnsExchange exchange;
    private volatile Discovered discovered;
    private volatile List<HostPort> lastDiscovered = List.of();

    /**
     * @param record  the record's name (normalized with {@link DnsNames#normalize})
     * @param servers which servers to ask
     * @param timeout how long to wait for each server's answer (at least 1 ms)
     * @param time    monotonic time for the discovery cache
     */
    public AuthoritativeDns(String record, Servers servers, Duration timeout, TimeSource time) {
        if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad DNS timeout " + timeout);
        }
        this.record = DnsNames.normalize(record);
        this.servers = servers;
        this.timeout = timeout;
        this.time = time;
        this.exchange = new DnsExchange(timeout);
    }

    /** The record read, normalized. */
    public String record() {
        return record;
    }

    /**
     * What the record holds now: its address when it has exactly one value of {@code type}; empty when
     * the name does not exist, has no record of that type, or has several values (as
     * {@link Route53Provider} reads it).
     *
     * @throws DnsException always {@link DnsException.Kind#NETWORK}: no server gave an authoritative answer
     *                      (timeouts, unreachable, refused, server failure, not authoritative), or discovery
     *                      failed (bootstrap resolver silent, no zone with NS records found for the record,
     *                      no address for its name servers). One-line message naming the servers asked.
     */
    public Optional<InetAddress> read(RecordType type) throws DnsException {
        List<HostPort> targets = targets();
        List<String> failures = new ArrayList<>();
        for (HostPort server : targets) {
            try {
                Message answer =
                        exchange.ask(DnsExchange.address(server), DnsExchange.query(record, type.name(), false));
                Optional<String> refused = DnsExchange.refusal(answer, true);
                if (refused.isEmpty()) {
                    return answer.getRcode() == Rcode.NXDOMAIN
                            ? Optional.empty()
                            : singleAddress(DnsExchange.values(answer, record, type.name(), true), type);
                }
                failures.add(server + " (" + refused.get() + ")");
            } catch (IOException e) {
                failures.add(server + " (" + DnsExchange.reason(e) + ")");
            }
            log.debug("dns: {} {} not answered by {}", record, type, failures.get(failures.size() - 1));
        }
        discovered = null;
        throw new DnsException(
                DnsException.Kind.NETWORK,
                "DNS " + type + " " + record + ": no authoritative answer from " + String.join(", ", failures));
    }

    private List<HostPort> targets() throws DnsException {
        if (servers instanceof Servers.Fixed fixed) {
            return fixed.servers();
        }
        Discovered cached = discovered;
        long now = time.nanoTime();
        if (cached != null && now - cached.atNanos() < DISCOVERY_TTL.toNanos()) {
            return cached.servers();
        }
        List<HostPort> found = discover((Servers.Discover) servers);
        discovered = new Discovered(found, now);
        if (!found.equals(lastDiscovered)) {
            log.info("dns: authoritative servers for {}: {}", record, found);
            lastDiscovered = found;
        }
        return found;
    }

    private List<HostPort> discover(Servers.Discover d) throws DnsException {
        String via =
                d.bootstrap().isEmpty() ? "the system resolver" : d.bootstrap().toString();
        for (String zone : suffixes(record)) {
            List<String> ns;
            try {
                ns = resolve(d.bootstrap(), zone, "NS");
            } catch (NoSuchName e) {
                continue;
            } catch (Failed e) {
                throw new DnsException(
                        DnsException.Kind.NETWORK, "DNS NS " + zone + " via " + via + ": " + e.getMessage());
            }
            if (ns.isEmpty()) {
                continue;
            }
            Set<HostPort> found = new LinkedHashSet<>();
            List<String> problems = new ArrayList<>();
            for (String host : nsHosts(ns)) {
                try {
                    resolve(d.bootstrap(), host, "A").stream()
                            .map(Ips::parse)
                            .flatMap(Optional::stream)
                            .filter(a -> a instanceof Inet4Address)
                            .forEach(a -> found.add(new HostPort(a.getHostAddress(), d.port())));
                } catch (Failed | NoSuchName e) {
                    problems.add(host + " (" + e.getMessage() + ")");
                }
            }
            if (found.isEmpty()) {
                throw new DnsException(
                        DnsException.Kind.NETWORK,
                        "DNS: no address for the name servers of " + zone + " " + nsHosts(ns) + " via " + via
                                + (problems.isEmpty() ? "" : ": " + String.join(", ", problems)));
            }
            return List.copyOf(found);
        }
        // NETWORK, not PERMANENT: a filtering or hijacking resolver (captive portal, no route) looks the
        // same as a zone that does not exist, and the daemon must keep retrying unattended
        throw new DnsException(
                DnsException.Kind.NETWORK, "DNS: no zone with NS records found for " + record + " via " + via);
    }

    /** The name does not exist (NXDOMAIN). */
    private static final class NoSuchName extends Exception {
        NoSuchName() {
            super("no such name", null, false, false);
        }
    }

    /** No resolver gave a usable answer; the message says why, in a few words. */
    private static final class Failed extends Exception {
        Failed(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * The values of {@code type} at {@code name} through the {@code resolvers} (empty: the system's, from
     * /etc/resolv.conf), recursion desired, asking each in turn until one answers.
     */
    private List<String> resolve(List<HostPort> resolvers, String name, String type) throws NoSuchName, Failed {
        List<InetSocketAddress> targets = new ArrayList<>();
        String last = "no resolver configured";
        if (resolvers.isEmpty()) {
            targets.addAll(ResolverConfig.getCurrentConfig().servers());
        } else {
            for (HostPort r : resolvers) {
                try {
                    targets.add(DnsExchange.address(r));
                } catch (UnknownHostException e) {
                    last = DnsExchange.reason(e);
                }
            }
        }
        for (InetSocketAddress target : targets) {
            try {
                Message answer = exchange.ask(target, DnsExchange.query(name, type, true));
                Optional<String> refused = DnsExchange.refusal(answer, false);
                if (refused.isPresent()) {
                    last = refused.get();
                    continue;
                }
                if (answer.getRcode() == Rcode.NXDOMAIN) {
                    throw new NoSuchName();
                }
                return DnsExchange.values(answer, name, type, false);
            } catch (IOException e) {
                last = DnsExchange.reason(e);
            }
        }
        throw new Failed(last);
    }

    // ---- pure parts ----

    /** {@code name} and each parent down to two labels: {@code a.b.example.com, b.example.com, example.com}. */
    static List<String> suffixes(String name) {
        String[] labels = DnsNames.normalize(name).split("\\.");
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 2 <= labels.length; i++) {
            out.add(String.join(".", List.of(labels).subList(i, labels.length)));
        }
        return out;
    }

    /** NS values ({@code NS-1.AwsDns-01.com.}) as host names, normalized, without repeats or blanks. */
    static List<String> nsHosts(List<String> values) {
        return values.stream()
                .map(DnsNames::normalize)
                .filter(h -> !h.isEmpty())
                .distinct()
                .toList();
    }

    /**
     * The address when there is exactly one value and it is an address literal of {@code type}; empty
     * otherwise (no value, several values, or something that is not such an address).
     */
    static Optional<InetAddress> singleAddress(List<String> values, RecordType type) {
        return values.size() != 1 ? Optional.empty() : Ips.parse(values.get(0)).filter(type::accepts);
    }

    @Override
    public String toString() {
        return "AuthoritativeDns[" + record + " " + servers + "]";
    }
}
