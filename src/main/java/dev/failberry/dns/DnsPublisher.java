package dev.failberry.dns;

import dev.failberry.config.FailberryConfig;
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
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the link's DNS record current, event-driven. {@link #ipChanged} returns at once; the work runs
 * on the publisher's own single worker ({@link Scheduler}), so a slow or unreachable AWS endpoint never
 * blocks the caller. On an IP change it publishes immediately (reading the record first and skipping
 * the change when it already holds the address); every {@code dns.verify-interval} it reads the record
 * back and repairs drift. Throttling, 5xx and network failures are retried with exponential backoff and
 * jitter (a newer IP supersedes a pending retry); permanent failures (credentials, IAM, zone, invalid
 * change) are logged once and kept in {@link DnsStatus} until the IP changes or the next verification.
 * The last published addresses survive a restart ({@link PublishedStore}), so a restart with the same IP
 * makes no API call.
 *
 * <p>All mutable state is confined to the worker; {@link #status()} is a volatile snapshot.
 */
public final class DnsPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DnsPublisher.class);
    static final Duration INSYNC_POLL = Duration.ofSeconds(5);
    static final Duration INSYNC_MAX = Duration.ofMinutes(3);

    public record Settings(boolean ipv6, Duration verifyInterval, Backoff backoff, boolean waitForInsync) {
        public static Settings from(FailberryConfig.Dns dns) {
            return new Settings(dns.ipv6(), dns.verifyInterval(),
                    new Backoff(dns.retryInitial(), dns.retryMax(), 2.0, 0.2), dns.route53().waitForInsync());
        }
    }

    /** The link's addresses: what to publish, and the local address requests must leave from. */
    public record LinkAddresses(Inet4Address v4, Optional<Inet6Address> v6, Optional<InetAddress> source) {
    }

    private final DnsBackend backend;
    private final Settings settings;
    private final Scheduler worker;
    private final PublishedStore store;
    private final DnsListener listener;
    private final RandomGenerator random;
    private final AutoCloseable ownedWorker;

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

    private volatile Cancellable verifyTimer = Cancellable.NONE;
    private volatile DnsStatus status;
    private volatile boolean closed;

    public DnsPublisher(DnsBackend backend, Settings settings, Scheduler worker, PublishedStore store,
                        DnsListener listener, RandomGenerator random) {
        this(backend, settings, worker, store, listener, random, null);
    }

    private DnsPublisher(DnsBackend backend, Settings settings, Scheduler worker, PublishedStore store,
                         DnsListener listener, RandomGenerator random, AutoCloseable ownedWorker) {
        this.backend = backend;
        this.settings = settings;
        this.worker = worker;
        this.store = store;
        this.listener = listener;
        this.random = random;
        this.ownedWorker = ownedWorker;
        this.status = DnsStatus.initial(backend.name(), backend.record());
    }

    /** Production: a publisher with its own worker thread {@code failberry-dns}, already started. */
    public static DnsPublisher start(FailberryConfig config, DnsBackend backend, DnsListener listener) {
        ThreadScheduler thread = new ThreadScheduler("failberry-dns");
        var p = new DnsPublisher(backend, Settings.from(config.dns()), thread,
                new PublishedStore(config.stateDir(), thread.time(), backend.name(), backend.record()),
                listener, new SplittableRandom(), thread);
        p.start();
        return p;
    }

    /** Loads the remembered state, builds the SDK client in the background and starts verifying. */
    public void start() {
        worker.execute(this::loadState);
        worker.execute(this::warmUp);
        verifyTimer = worker.scheduleEvery(settings.verifyInterval(), settings.verifyInterval(), this::verify);
    }

    /** The link has these addresses now. Returns at once; publishing happens on the worker. */
    public void ipChanged(Inet4Address v4, Optional<Inet6Address> v6, Optional<InetAddress> source) {
        var link = new LinkAddresses(v4, v6, source);
        worker.execute(() -> onIpChanged(link));
    }

    /** The link is down: stop retrying and verifying an address that is gone (the record is left as it is). */
    public void linkDown() {
        worker.execute(() -> {
            desired = null;
            supersede();
            emit(status.lastError(), false);
        });
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
        Map<RecordType, InetAddress> want = wanted(link);
        if (published.isPresent() && published.get().requested().equals(want)) {
            log.info("dns: {} already published as {} (remembered); no API call until the next verification",
                    backend.record(), describe(published.get().published()));
            lastLoggedError = null;
            emit(Optional.empty(), false);
            return;
        }
        attemptPublish(generation, false);
    }

    private void verify() {
        if (closed || desired == null || retryPending || insyncPending) {
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
            Map<RecordType, InetAddress> toChange = new EnumMap<>(RecordType.class);
            Map<RecordType, InetAddress> holds = new EnumMap<>(RecordType.class);
            if (backend.canRead()) {
                for (var e : want.entrySet()) {
                    Optional<InetAddress> current = backend.read(e.getKey());
                    if (current.filter(e.getValue()::equals).isPresent()) {
                        holds.put(e.getKey(), e.getValue());
                    } else {
                        toChange.put(e.getKey(), e.getValue());
                        if (verifying && published.map(pub -> e.getValue().equals(pub.published().get(e.getKey()))).orElse(false)) {
                            log.warn("dns: {} {} drifted: holds {}, expected {}; repairing", backend.record(), e.getKey(),
                                    current.map(InetAddress::getHostAddress).orElse("nothing"), e.getValue().getHostAddress());
                        }
                    }
                }
            } else {
                toChange.putAll(want);
            }
            if (toChange.isEmpty()) {
                succeeded(want, holds, false, verifying, "already holds " + describe(holds), started);
                return;
            }
            PublishOutcome outcome = backend.publish(toChange, desired.source());
            Map<RecordType, InetAddress> now = new EnumMap<>(RecordType.class);
            now.putAll(holds);
            now.putAll(outcome.published());
            succeeded(want, now, outcome.changed(), verifying, outcome.detail(), started);
            if (outcome.changed() && settings.waitForInsync() && outcome.changeId().isPresent()) {
                insyncPending = true;
                emit(Optional.empty(), true);
                long since = worker.time().nanoTime();
                insyncPoll = worker.schedule(INSYNC_POLL, () -> pollInsync(gen, outcome.changeId().get(), since));
            }
        } catch (DnsException e) {
            failed(gen, e, want, verifying);
        } catch (RuntimeException | LinkageError e) {
            // e.g. the SDK's HTTP client cannot initialise TLS: permanent until something changes
            failed(gen, new DnsException(DnsException.Kind.PERMANENT, "the " + backend.name()
                    + " client could not run: " + AwsErrors.oneLine(e.toString())), want, verifying);
        }
    }

    private void succeeded(Map<RecordType, InetAddress> requested, Map<RecordType, InetAddress> now, boolean changed,
                           boolean verifying, String detail, long startedNanos) {
        long ms = Duration.ofNanos(worker.time().nanoTime() - startedNanos).toMillis();
        String after = attempt > 0 ? " after " + (attempt + 1) + " attempts" : "";
        if (changed) {
            log.info("dns: {} set to {} via {} in {} ms{}: {}", backend.record(), describe(now), backend.name(), ms, after, detail);
        } else if (!verifying || lastLoggedError != null) {
            log.info("dns: {} already holds {} ({}){}; no change needed", backend.record(), describe(now), backend.name(), after);
        } else {
            log.debug("dns: verified {} holds {}", backend.record(), describe(now));
        }
        attempt = 0;
        lastLoggedError = null;
        Instant at = worker.time().now();
        boolean same = published.isPresent() && published.get().requested().equals(requested)
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
        if (e.permanent()) {
            if (!reason.equals(lastLoggedError)) {
                log.error("dns: giving up on publishing {} {}: {}", backend.record(), describe(want), reason);
            }
            lastLoggedError = reason;
            status = copy(status, Optional.of(reason), false, true);
            listener.dnsStatusChanged(status);
            return;
        }
        Duration delay = settings.backoff().delay(attempt, random);
        attempt++;
        if (!reason.equals(lastLoggedError) && attempt == 1) {
            log.warn("dns: publishing {} {} failed, retrying in {} ms: {}", backend.record(), describe(want),
                    delay.toMillis(), reason);
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
        Map<RecordType, InetAddress> want = new EnumMap<>(RecordType.class);
        if (backend.supports(RecordType.A)) {
            want.put(RecordType.A, link.v4());
        }
        if (settings.ipv6() && backend.supports(RecordType.AAAA)) {
            link.v6().filter(Ips::isGlobalV6).ifPresent(v6 -> want.put(RecordType.AAAA, v6));
        }
        return want;
    }

    private void emit(Optional<String> lastError, boolean pending) {
        status = copy(status, lastError, pending, false);
        listener.dnsStatusChanged(status);
    }

    private static DnsStatus copy(DnsStatus s, Optional<String> lastError, boolean pending, boolean gaveUp) {
        return new DnsStatus(s.provider(), s.record(), s.publishedIp(), s.publishedIpv6(), s.lastUpdate(),
                s.lastVerified(), lastError, pending, gaveUp);
    }

    private static DnsStatus withPublished(DnsStatus s, Published p, Optional<Instant> verified) {
        return new DnsStatus(s.provider(), s.record(),
                Optional.ofNullable(p.published().get(RecordType.A)).map(InetAddress::getHostAddress),
                Optional.ofNullable(p.published().get(RecordType.AAAA)).map(InetAddress::getHostAddress),
                Optional.of(p.at()), verified.or(s::lastVerified), s.lastError(), s.pending(), s.gaveUp());
    }

    private static String describe(Map<RecordType, InetAddress> values) {
        return values.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().getHostAddress())
                .collect(Collectors.joining(", "));
    }

    /** Stops timers and closes the SDK client; a call in flight fails quietly. */
    @Override
    public void close() {
        closed = true;
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
