package dev.failberry.dns;

import dev.failberry.config.FailberryConfig;
import dev.failberry.config.HostPort;
import dev.failberry.dns.DnsBackend.PublishOutcome;
import dev.failberry.dns.PublishedStore.Published;
import dev.failberry.time.Backoff;
import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import dev.failberry.time.ThreadScheduler;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the link's DNS record current, event-driven. {@link #ipChanged} returns at once; the work runs
 * on the publisher's own single worker ({@link Scheduler}), so a slow or unreachable AWS endpoint never
 * blocks the caller. On an IP change it publishes immediately (reading the record first and skipping
 * the change when it already holds the address, read through the provider's API); every
 * {@code dns.verify-interval} it reads the record back and repairs drift. Verification asks the zone's
 * authoritative name servers ({@link RecordReader}, e.g. {@link AuthoritativeDns}): what the world sees,
 * without starting the AWS helper process or invoking a function; when none of them answers it reads
 * through the provider, or re-publishes when the provider cannot read. The name servers show a change
 * only once it has propagated, so for {@link #PROPAGATION} after a change verification waits.
 * Throttling, 5xx and network failures are retried with exponential backoff and jitter (a newer IP
 * supersedes a pending retry); permanent failures (credentials, IAM, zone, invalid change) are logged
 * once and kept in {@link DnsStatus} until the IP changes or the next verification. The last published
 * addresses survive a restart ({@link PublishedStore}), so a restart with the same IP makes no API call.
 *
 * <p>What to do at each step (nothing, read, publish, repair drift, verify later, back off, give up) is
 * decided by the pure {@link Reconciliation}; this class carries it out: the calls, the timers, the log
 * lines and the status. {@link #create} only builds; {@link #start} starts the worker's work.
 *
 * <p>All mutable state is confined to the worker; {@link #status()} is a volatile snapshot.
 */
public final class DnsPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DnsPublisher.class);
    static final Duration INSYNC_POLL = Duration.ofSeconds(5);
    static final Duration INSYNC_MAX = Duration.ofMinutes(3);
    /** How long after a change the name servers may still answer with the old value (Route53: ~60 s). */
    static final Duration PROPAGATION = Duration.ofMinutes(3);
    /** Per name server, when verifying. */
    static final Duration NAME_SERVER_TIMEOUT = Duration.ofSeconds(3);

    /** Reads what the record holds as the world sees it. */
    @FunctionalInterface
    public interface RecordReader {
        Optional<InetAddress> read(RecordType type) throws DnsException;
    }

    public record Settings(boolean ipv6, Duration verifyInterval, Backoff backoff, boolean waitForInsync) {
        public static Settings from(FailberryConfig.Dns dns) {
            return new Settings(
                    dns.ipv6(),
                    dns.verifyInterval(),
                    new Backoff(dns.retryInitial(), dns.retryMax(), 2.0, 0.2),
                    dns.route53().waitForInsync());
        }
    }

    /** The link's addresses: what to publish, and the local address requests must leave from. */
    public record LinkAddresses(Inet4Address v4, Optional<Inet6Address> v6, Optional<InetAddress> source) {}

    private final DnsBackend backend;
    private final Settings settings;
    private final Scheduler worker;
    private final PublishedStore store;
    private final DnsListener listener;
    private final RandomGenerator random;
    private final AutoCloseable ownedWorker;
    private volatile Optional<Heartbeat> heartbeat = Optional.empty();
    private final RecordReader nameServers;

    // Confined to the worker.
    private LinkAddresses desired;
    private int generation;
    private int attempt;
    private boolean retryPending;
    private boolean insyncPending;
    private Cancellable retry = Cancellable.NONE;
    private Cancellable insyncPoll = Cancellable.NONE;
    private Optional<Published> published = Optional.empty();
    private String lastLoggedError;
    private String lastNameServerError;
    private Long lastChangeNanos;

    private volatile Cancellable verifyTimer = Cancellable.NONE;
    private volatile DnsStatus status;
    private volatile boolean closed;

    /** Verification reads through the provider only (or re-publishes when it cannot read). */
    public DnsPublisher(
            DnsBackend backend,
            Settings settings,
            Scheduler worker,
            PublishedStore store,
            DnsListener listener,
            RandomGenerator random) {
        this(backend, settings, worker, store, listener, random, null, null);
    }

    /** Verification asks {@code nameServers} first. */
    public DnsPublisher(
            DnsBackend backend,
            Settings settings,
            Scheduler worker,
            PublishedStore store,
            DnsListener listener,
            RandomGenerator random,
            RecordReader nameServers) {
        this(backend, settings, worker, store, listener, random, nameServers, null);
    }

    private DnsPublisher(
            DnsBackend backend,
            Settings settings,
            Scheduler worker,
            PublishedStore store,
            DnsListener listener,
            RandomGenerator random,
            RecordReader nameServers,
            AutoCloseable ownedWorker) {
        this.backend = backend;
        this.settings = settings;
        this.worker = worker;
        this.store = store;
        this.listener = listener;
        this.random = random;
        this.ownedWorker = ownedWorker;
        this.nameServers = nameServers;
        this.status = DnsStatus.initial(backend.name(), backend.record());
    }

    /**
     * Production: a publisher with its own worker thread {@code failberry-dns} (started by {@link #start},
     * not here), verifying through {@code dns.verify-name-servers} or, when none are given, the zone's
     * own name servers.
     */
    public static DnsPublisher create(FailberryConfig config, DnsBackend backend, DnsListener listener) {
        ThreadScheduler thread = new ThreadScheduler("failberry-dns");
        List<HostPort> given = config.dns().verifyNameServers();
        var nameServers = new AuthoritativeDns(
                backend.record(),
                given.isEmpty() ? AuthoritativeDns.Servers.discover() : AuthoritativeDns.Servers.fixed(given),
                NAME_SERVER_TIMEOUT,
                thread.time());
        return new DnsPublisher(
                backend,
                Settings.from(config.dns()),
                thread,
                new PublishedStore(config.stateDir(), thread.time(), backend.name(), backend.record()),
                listener,
                new SplittableRandom(),
                nameServers::read,
                thread);
    }

    /** Loads the remembered state, builds the SDK client in the background and starts verifying. */
    public void start() {
        worker.execute(this::loadState);
        worker.execute(this::warmUp);
        verifyTimer = worker.scheduleEvery(settings.verifyInterval(), settings.verifyInterval(), this::verify);
    }

    /**
     * Also sends the CloudWatch heartbeat ({@code mobile-check = cloudwatch}) while the link is up, on this
     * publisher's worker: one thread for all AWS calls, as they go to one helper process anyway.
     */
    public void heartbeat(HeartbeatSender sender, java.time.Duration interval) {
        heartbeat = Optional.of(new Heartbeat(sender, worker, interval));
    }

    /** The link has these addresses now. Returns at once; publishing happens on the worker. */
    public void ipChanged(Inet4Address v4, Optional<Inet6Address> v6, Optional<InetAddress> source) {
        var link = new LinkAddresses(v4, v6, source);
        worker.execute(() -> onIpChanged(link));
        heartbeat.ifPresent(h -> h.linkUp(source));
    }

    /**
     * The link is down: stop retrying and verifying an address that is gone (the record is left as it is),
     * and get the client ready for the new address the link will come back with.
     */
    public void linkDown() {
        heartbeat.ifPresent(Heartbeat::linkDown);
        worker.execute(() -> {
            desired = null;
            supersede();
            emit(status.lastError(), false);
        });
        worker.execute(this::warmUp);
    }

    /** Reads the record back now and repairs it if needed (e.g. on an operator's request). */
    public void verifyNow() {
        worker.execute(() -> {
            if (desired != null) {
                supersede();
                attemptPublish(generation, true);
            }
        });
    }

    public DnsStatus status() {
        return status;
    }

    private void loadState() {
        published = store.load();
        published.ifPresent(p -> {
            log.info("dns: {} was last published as {} at {}", backend.record(), describe(p.published()), p.at());
            status = withPublished(status, p, Optional.empty());
            listener.dnsStatusChanged(status);
        });
    }

    private void warmUp() {
        if (closed) {
            return;
        }
        try {
            backend.warmUp();
        } catch (RuntimeException | LinkageError e) {
            log.warn("dns: could not set up the {} client: {}", backend.name(), AwsErrors.oneLine(e.toString()));
        }
    }

    private void onIpChanged(LinkAddresses link) {
        if (closed || link.equals(desired) && !status.gaveUp()) {
            return;
        }
        desired = link;
        supersede();
        var action = Reconciliation.onAddress(wanted(link), published);
        if (action instanceof Reconciliation.Nothing n) {
            log.info(
                    "dns: {} already published as {} (remembered); no API call until the next verification",
                    backend.record(),
                    describe(n.holds()));
            lastLoggedError = null;
            emit(Optional.empty(), false);
            return;
        }
        attemptPublish(generation, false, action instanceof Reconciliation.Upsert);
    }

    private void verify() {
        if (closed || desired == null || retryPending || insyncPending) {
            return;
        }
        if (Reconciliation.onTimer(false, nameServers != null, propagated()) instanceof Reconciliation.VerifyLater) {
            log.debug("dns: changed less than {} ago; verifying next time", PROPAGATION);
            return;
        }
        attempt = 0;
        attemptPublish(generation, true);
    }

    /** A newer event makes pending retries and INSYNC polls obsolete. */
    private void supersede() {
        generation++;
        attempt = 0;
        retry.cancel();
        insyncPoll.cancel();
        retryPending = false;
        insyncPending = false;
    }

    private void attemptPublish(int gen, boolean verifying) {
        attemptPublish(gen, verifying, false);
    }

    /** @param changeAtOnce publish without reading the record first (it holds this daemon's old address) */
    private void attemptPublish(int gen, boolean verifying, boolean changeAtOnce) {
        if (closed || gen != generation || desired == null) {
            return;
        }
        retryPending = false;
        Map<RecordType, InetAddress> want = wanted(desired);
        if (want.isEmpty()) {
            return;
        }
        if (!status.pending()) {
            emit(status.lastError(), true);
        }
        long started = worker.time().nanoTime();
        try {
            Reconciliation.Source source = verifying
                            && Reconciliation.onTimer(true, nameServers != null, propagated())
                                    instanceof Reconciliation.Read r
                    ? r.source()
                    : Reconciliation.Source.PROVIDER;
            var action = changeAtOnce
                    ? Reconciliation.onAddress(want, published)
                    : Reconciliation.afterRead(want, currentValues(want, source), published, verifying);
            if (action instanceof Reconciliation.Nothing n) {
                succeeded(want, n.holds(), false, verifying, "already holds " + describe(n.holds()), started);
                return;
            }
            var upsert = (Reconciliation.Upsert) action;
            for (Reconciliation.Drift d : upsert.drift()) {
                log.warn(
                        "dns: {} {} drifted: holds {}, expected {}; repairing",
                        backend.record(),
                        d.type(),
                        d.holds().map(InetAddress::getHostAddress).orElse("nothing"),
                        d.expected().getHostAddress());
            }
            PublishOutcome outcome = backend.publish(upsert.change(), desired.source());
            Map<RecordType, InetAddress> now = new EnumMap<>(RecordType.class);
            now.putAll(upsert.holds());
            now.putAll(outcome.published());
            succeeded(want, now, outcome.changed(), verifying, outcome.detail(), started);
            if (outcome.changed()
                    && settings.waitForInsync()
                    && outcome.changeId().isPresent()) {
                insyncPending = true;
                emit(Optional.empty(), true);
                long since = worker.time().nanoTime();
                insyncPoll = worker.schedule(
                        INSYNC_POLL, () -> pollInsync(gen, outcome.changeId().get(), since));
            }
        } catch (DnsException e) {
            failed(gen, e, want, verifying);
        } catch (RuntimeException | LinkageError e) {
            // e.g. the SDK's HTTP client cannot initialise TLS: permanent until something changes
            failed(
                    gen,
                    new DnsException(
                            DnsException.Kind.PERMANENT,
                            "the " + backend.name() + " client could not run: " + AwsErrors.oneLine(e.toString())),
                    want,
                    verifying);
        }
    }

    /**
     * What the record holds for each wanted type: from the name servers when {@code source} says so and
     * one of them answers, else through the provider; empty when the provider cannot read (then the
     * caller publishes).
     */
    private Optional<Map<RecordType, Optional<InetAddress>>> currentValues(
            Map<RecordType, InetAddress> want, Reconciliation.Source source) throws DnsException {
        Map<RecordType, Optional<InetAddress>> values = new EnumMap<>(RecordType.class);
        if (source == Reconciliation.Source.NAME_SERVERS) {
            try {
                for (RecordType type : want.keySet()) {
                    values.put(type, nameServers.read(type));
                }
                if (lastNameServerError != null) {
                    log.info("dns: the name servers of {} answer again", backend.record());
                    lastNameServerError = null;
                }
                return Optional.of(values);
            } catch (DnsException e) {
                if (!e.getMessage().equals(lastNameServerError)) {
                    log.info("dns: {}; verifying through {} instead", e.getMessage(), backend.name());
                }
                lastNameServerError = e.getMessage();
            }
        }
        if (!backend.canRead()) {
            return Optional.empty();
        }
        for (RecordType type : want.keySet()) {
            values.put(type, backend.read(type));
        }
        return Optional.of(values);
    }

    private boolean propagated() {
        return lastChangeNanos == null || worker.time().nanoTime() - lastChangeNanos >= PROPAGATION.toNanos();
    }

    private void succeeded(
            Map<RecordType, InetAddress> requested,
            Map<RecordType, InetAddress> now,
            boolean changed,
            boolean verifying,
            String detail,
            long startedNanos) {
        long ms = Duration.ofNanos(worker.time().nanoTime() - startedNanos).toMillis();
        if (changed) {
            lastChangeNanos = worker.time().nanoTime();
        }
        String after = attempt > 0 ? " after " + (attempt + 1) + " attempts" : "";
        if (changed) {
            log.info(
                    "dns: {} set to {} via {} in {} ms{}: {}",
                    backend.record(),
                    describe(now),
                    backend.name(),
                    ms,
                    after,
                    detail);
        } else if (!verifying || lastLoggedError != null) {
            log.info(
                    "dns: {} already holds {} ({}){}; no change needed",
                    backend.record(),
                    describe(now),
                    backend.name(),
                    after);
        } else {
            log.debug("dns: verified {} holds {}", backend.record(), describe(now));
        }
        attempt = 0;
        lastLoggedError = null;
        Instant at = worker.time().now();
        boolean same = published.isPresent()
                && published.get().requested().equals(requested)
                && published.get().published().equals(now);
        Published p = same && !changed ? published.get() : new Published(requested, now, at);
        if (!same || changed) {
            try {
                store.save(p);
            } catch (IOException e) {
                log.warn("dns: could not save {}: {}", store.file(), e.getMessage());
            }
        }
        published = Optional.of(p);
        status = withPublished(status, p, Optional.of(at));
        emit(Optional.empty(), insyncPending);
    }

    private void failed(int gen, DnsException e, Map<RecordType, InetAddress> want, boolean verifying) {
        String reason = e.getMessage();
        var action = Reconciliation.afterFailure(e, attempt, settings.backoff(), random);
        if (action instanceof Reconciliation.GiveUp) {
            if (!reason.equals(lastLoggedError)) {
                log.error("dns: giving up on publishing {} {}: {}", backend.record(), describe(want), reason);
            }
            lastLoggedError = reason;
            status = copy(status, Optional.of(reason), false, true);
            listener.dnsStatusChanged(status);
            return;
        }
        Duration delay = ((Reconciliation.BackOff) action).delay();
        attempt++;
        if (!reason.equals(lastLoggedError) && attempt == 1) {
            log.warn(
                    "dns: publishing {} {} failed, retrying in {} ms: {}",
                    backend.record(),
                    describe(want),
                    delay.toMillis(),
                    reason);
        } else {
            log.debug("dns: attempt {} failed, retrying in {} ms: {}", attempt, delay.toMillis(), reason);
        }
        lastLoggedError = reason;
        retryPending = true;
        retry = worker.schedule(delay, () -> attemptPublish(gen, verifying));
        emit(Optional.of(reason), true);
    }

    private void pollInsync(int gen, String changeId, long since) {
        if (closed || gen != generation) {
            return;
        }
        Duration waited = Duration.ofNanos(worker.time().nanoTime() - since);
        try {
            if (backend.insync(changeId)) {
                log.info("dns: change {} INSYNC after {} s", changeId, waited.toSeconds());
                insyncPending = false;
                emit(status.lastError(), false);
                return;
            }
        } catch (DnsException e) {
            log.debug("dns: GetChange {} failed: {}", changeId, e.getMessage());
        }
        if (waited.compareTo(INSYNC_MAX) >= 0) {
            log.warn("dns: change {} still not INSYNC after {} s; no longer waiting", changeId, waited.toSeconds());
            insyncPending = false;
            emit(status.lastError(), false);
            return;
        }
        insyncPoll = worker.schedule(INSYNC_POLL, () -> pollInsync(gen, changeId, since));
    }

    private Map<RecordType, InetAddress> wanted(LinkAddresses link) {
        Set<RecordType> supported = EnumSet.noneOf(RecordType.class);
        for (RecordType t : RecordType.values()) {
            if (backend.supports(t)) {
                supported.add(t);
            }
        }
        return Reconciliation.wanted(link, supported, settings.ipv6());
    }

    private void emit(Optional<String> lastError, boolean pending) {
        status = copy(status, lastError, pending, false);
        listener.dnsStatusChanged(status);
    }

    private static DnsStatus copy(DnsStatus s, Optional<String> lastError, boolean pending, boolean gaveUp) {
        return new DnsStatus(
                s.provider(),
                s.record(),
                s.publishedIp(),
                s.publishedIpv6(),
                s.lastUpdate(),
                s.lastVerified(),
                lastError,
                pending,
                gaveUp);
    }

    private static DnsStatus withPublished(DnsStatus s, Published p, Optional<Instant> verified) {
        return new DnsStatus(
                s.provider(),
                s.record(),
                Optional.ofNullable(p.published().get(RecordType.A)).map(InetAddress::getHostAddress),
                Optional.ofNullable(p.published().get(RecordType.AAAA)).map(InetAddress::getHostAddress),
                Optional.of(p.at()),
                verified.or(s::lastVerified),
                s.lastError(),
                s.pending(),
                s.gaveUp());
    }

    private static String describe(Map<RecordType, InetAddress> values) {
        return values.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().getHostAddress())
                .collect(Collectors.joining(", "));
    }

    /** Stops timers and closes the SDK client; a call in flight fails quietly. */
    @Override
    public void close() {
        closed = true;
        heartbeat.ifPresent(Heartbeat::close);
        verifyTimer.cancel();
        backend.close();
        if (ownedWorker != null) {
            try {
                ownedWorker.close();
            } catch (Exception e) {
                log.debug("dns: closing worker: {}", e.toString());
            }
        }
    }
}
