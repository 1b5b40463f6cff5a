package dev.failberry.dns;

import dev.failberry.config.DnsNames;
import dev.failberry.config.HostPort;
import dev.failberry.time.TimeSource;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.NoInitialContextException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what one DNS record holds right now from its zone's authoritative name servers, over plain DNS
 * (UDP, recursion not desired, only authoritative answers accepted) with the JDK's JNDI DNS provider
 * (module {@code jdk.naming.dns}): no caching resolver in between and no AWS SDK. Used to verify a
 * published record.
 *
 * <p>The servers are either given ({@link Servers#fixed}) or discovered ({@link Servers#discover}): the
 * zone apex is the longest suffix of the record name (down to two labels) that has NS records according
 * to a bootstrap resolver, and the name servers' A records (through the same resolver) give the
 * addresses to ask. The discovered list is kept for {@link #DISCOVERY_TTL} on the injected
 * {@link TimeSource}, and dropped when none of its servers answered, so the next read discovers again.
 *
 * <p>Each server is asked once per read, with the given timeout, in order until one answers. Calls block
 * on the calling thread; nothing runs in the background and every JNDI context is closed after use.
 * Safe to call from several threads (at worst two threads discover at the same time).
 */
public final class AuthoritativeDns {
    /** How long discovered name servers are used before they are looked up again. */
    public static final Duration DISCOVERY_TTL = Duration.ofHours(1);
    /** The DNS port, where discovered servers are asked by default. */
    public static final int DNS_PORT = 53;

    private static final Logger log = LoggerFactory.getLogger(AuthoritativeDns.class);
    private static final String FACTORY = "com.sun.jndi.dns.DnsContextFactory";
    /** The JNDI DNS provider's message for an answer without the AA flag when only authoritative ones are accepted. */
    private static final String NOT_AUTHORITATIVE = "not authoritative";
    /** How the JNDI DNS provider quotes the RCODE of an error response. */
    private static final Pattern RCODE = Pattern.compile("\\[response code (\\d+)]");

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

    private record Discovered(List<HostPort> servers, long atNanos) {
    }

    private final String record;
    private final Servers servers;
    private final Duration timeout;
    private final TimeSource time;
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
                return singleAddress(lookup(List.of(server), false, record, type.name()), type);
            } catch (NameNotFoundException e) {
                if (!notAuthoritative(e)) {
                    return Optional.empty();
                }
                failures.add(server + " (" + reason(e) + ")");
            } catch (NamingException e) {
                failures.add(server + " (" + reason(e) + ")");
            }
            log.debug("dns: {} {} not answered by {}", record, type, failures.get(failures.size() - 1));
        }
        discovered = null;
        throw new DnsException(DnsException.Kind.NETWORK, "DNS " + type + " " + record + ": no authoritative answer from "
                + String.join(", ", failures));
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
        String via = d.bootstrap().isEmpty() ? "the system resolver" : d.bootstrap().toString();
        for (String zone : suffixes(record)) {
            List<String> ns;
            try {
                ns = lookup(d.bootstrap(), true, zone, "NS");
            } catch (NameNotFoundException e) {
                continue;
            } catch (NamingException e) {
                throw new DnsException(DnsException.Kind.NETWORK, "DNS NS " + zone + " via " + via + ": " + reason(e));
            }
            if (ns.isEmpty()) {
                continue;
            }
            Set<HostPort> found = new LinkedHashSet<>();
            List<String> problems = new ArrayList<>();
            for (String host : nsHosts(ns)) {
                try {
                    lookup(d.bootstrap(), true, host, "A").stream().map(Ips::parse).flatMap(Optional::stream)
                            .filter(a -> a instanceof Inet4Address)
                            .forEach(a -> found.add(new HostPort(a.getHostAddress(), d.port())));
                } catch (NamingException e) {
                    problems.add(host + " (" + reason(e) + ")");
                }
            }
            if (found.isEmpty()) {
                throw new DnsException(DnsException.Kind.NETWORK, "DNS: no address for the name servers of " + zone
                        + " " + nsHosts(ns) + " via " + via + (problems.isEmpty() ? "" : ": " + String.join(", ", problems)));
            }
            return List.copyOf(found);
        }
        // NETWORK, not PERMANENT: a filtering or hijacking resolver (captive portal, no route) looks the
        // same as a zone that does not exist, and the daemon must keep retrying unattended
        throw new DnsException(DnsException.Kind.NETWORK, "DNS: no zone with NS records found for " + record
                + " via " + via);
    }

    /** The values of {@code type} at {@code name}, asking {@code targets} (empty: the system's resolvers). */
    private List<String> lookup(List<HostPort> targets, boolean recursive, String name, String type)
            throws NamingException {
        DirContext ctx = open(targets, recursive);
        try {
            return values(ctx.getAttributes(name + ".", new String[] {type}), type);
        } finally {
            try {
                ctx.close();
            } catch (NamingException e) {
                log.debug("dns: closing a DNS context: {}", e.toString());
            }
        }
    }

    private DirContext open(List<HostPort> targets, boolean recursive) throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, FACTORY);
        env.put(Context.PROVIDER_URL, providerUrl(targets));
        env.put(Context.AUTHORITATIVE, Boolean.toString(!recursive));
        env.put("com.sun.jndi.dns.recursion", Boolean.toString(recursive));
        env.put("com.sun.jndi.dns.timeout.initial", Long.toString(timeout.toMillis()));
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        try {
            return new InitialDirContext(env);
        } catch (NoInitialContextException e) {
            NamingException ne = new NamingException("the JDK's DNS provider (module jdk.naming.dns) is missing");
            ne.setRootCause(e);
            throw ne;
        }
    }

    // ---- pure parts ----

    /**
     * The JNDI provider URL for {@code servers}: {@code dns://host:port} each (IPv6 literals in
     * brackets), separated by spaces; {@code dns:} (the platform's resolvers) for none.
     */
    static String providerUrl(List<HostPort> servers) {
        if (servers.isEmpty()) {
            return "dns:";
        }
        return servers.stream().map(s -> "dns://" + s).collect(Collectors.joining(" "));
    }

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
        return values.stream().map(DnsNames::normalize).filter(h -> !h.isEmpty()).distinct().toList();
    }

    /** The values of attribute {@code id} as strings; none when absent. */
    static List<String> values(Attributes attributes, String id) throws NamingException {
        Attribute attribute = attributes.get(id);
        if (attribute == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        NamingEnumeration<?> e = attribute.getAll();
        try {
            while (e.hasMore()) {
                out.add(String.valueOf(e.next()));
            }
        } finally {
            e.close();
        }
        return out;
    }

    /**
     * The address when there is exactly one value and it is an address literal of {@code type}; empty
     * otherwise (no value, several values, or something that is not such an address).
     */
    static Optional<InetAddress> singleAddress(List<String> values, RecordType type) {
        return values.size() != 1 ? Optional.empty() : Ips.parse(values.get(0)).filter(type::accepts);
    }

    /** True for the provider's rejection of an answer without the AA flag (not an NXDOMAIN). */
    static boolean notAuthoritative(NameNotFoundException e) {
        return e.getExplanation() != null && e.getExplanation().contains(NOT_AUTHORITATIVE);
    }

    /**
     * Why a server did not answer, in a few words on one line: {@code timed out}, {@code port unreachable},
     * {@code refused}, {@code server failure}, {@code answer not authoritative}, ... (an error response is
     * named by its RCODE, whatever the JDK's wording).
     */
    static String reason(NamingException e) {
        Throwable root = e.getRootCause();
        if (root instanceof SocketTimeoutException) {
            return "timed out";
        }
        if (root instanceof PortUnreachableException) {
            return "port unreachable";
        }
        String explanation = e.getExplanation() == null ? "" : e.getExplanation();
        if (e instanceof NameNotFoundException n && notAuthoritative(n)) {
            return "answer not authoritative";
        }
        Matcher rcode = RCODE.matcher(explanation);
        if (rcode.find()) {
            return switch (Integer.parseInt(rcode.group(1))) {
                case 1 -> "format error";
                case 2 -> "server failure";
                case 3 -> "no such name";
                case 4 -> "not implemented";
                case 5 -> "refused";
                default -> "response code " + rcode.group(1);
            };
        }
        String text = explanation.isBlank() ? e.getClass().getSimpleName() : explanation;
        if (root != null) {
            text += ": " + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
        }
        return AwsErrors.oneLine(text);
    }

    @Override
    public String toString() {
        return "AuthoritativeDns[" + record + " " + servers + "]";
    }
}
