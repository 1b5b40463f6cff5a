package dev.failberry.ppp;

import dev.failberry.config.FailberryConfig;
import dev.failberry.config.HostPort;
import dev.failberry.http.client.BoundHttpClient;
import dev.failberry.ppp.ProbeResult.Check;
import dev.failberry.ppp.ProbeResult.ProbeState;
import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import dev.failberry.time.TimeSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies that traffic really flows over the link: every {@code ppp.probe.interval} a round of TCP
 * connects to {@code ppp.probe.targets} (and an HTTP 204 check when {@code http-url} is set), each from
 * a socket bound to the link's source address ({@link SourceBinding}). A round succeeds when at least
 * one check succeeds.
 *
 * <p>Hysteresis (like mwan3): the link is DEGRADED when {@code failures} of the last {@code window}
 * rounds failed. It is VERIFIED again after {@code failures} consecutive successful rounds; the window
 * is then cleared, so a new degradation needs {@code failures} fresh failed rounds (no flapping on old
 * history). The first successful round verifies a fresh link.
 *
 * <p>Threading: the schedule runs on the scheduler; the blocking checks run on {@code executor} (one
 * dedicated thread in production; a direct executor in tests), one round at a time; results are
 * recorded back on the scheduler. Latency is measured on the real clock (it measures real I/O).
 */
public final class LinkProbe {
    private static final Logger log = LoggerFactory.getLogger(LinkProbe.class);

    private final FailberryConfig.Probe config;
    private final Scheduler scheduler;
    private final Executor executor;
    private final SourceBinding binding;
    private final PppListener listener;
    private final TimeSource ioClock;
    private final BoundHttpClient http;

    // scheduler-thread state
    private final Deque<Boolean> window = new ArrayDeque<>();
    private Cancellable ticker = Cancellable.NONE;
    private InetAddress linkIp;
    private int generation;
    private boolean inFlight;
    private int consecutiveOk;
    private ProbeState state = ProbeState.UNVERIFIED;
    private volatile ProbeResult last;

    public LinkProbe(FailberryConfig.Probe config, Scheduler scheduler, Executor executor, SourceBinding binding,
            PppListener listener) {
        this(config, scheduler, executor, binding, listener, TimeSource.SYSTEM);
    }

    LinkProbe(FailberryConfig.Probe config, Scheduler scheduler, Executor executor, SourceBinding binding,
            PppListener listener, TimeSource ioClock) {
        this.config = config;
        this.scheduler = scheduler;
        this.executor = executor;
        this.binding = binding;
        this.listener = listener;
        this.ioClock = ioClock;
        this.http = new BoundHttpClient(config.timeout());
    }

    /** Starts probing a fresh link (history cleared, state UNVERIFIED); the first round runs at once. */
    public void start(InetAddress localIp) {
        scheduler.execute(() -> {
            stopNow();
            if (!config.enabled()) {
                return;
            }
            linkIp = localIp;
            int gen = ++generation;
            ticker = scheduler.scheduleEvery(Duration.ZERO, config.interval(), () -> tick(gen));
        });
    }

    public void stop() {
        scheduler.execute(this::stopNow);
    }

    /** The last round, or null. */
    public ProbeResult last() {
        return last;
    }

    private void stopNow() {
        ticker.cancel();
        ticker = Cancellable.NONE;
        generation++;
        window.clear();
        consecutiveOk = 0;
        inFlight = false;
        state = ProbeState.UNVERIFIED;
        linkIp = null;
    }

    private void tick(int gen) {
        if (gen != generation || inFlight || linkIp == null) {
            return;
        }
        inFlight = true;
        InetAddress ip = linkIp;
        executor.execute(() -> {
            List<Check> checks = runChecks(ip);
            scheduler.execute(() -> record(gen, checks));
        });
    }

    List<Check> runChecks(InetAddress ip) {
        List<Check> checks = new ArrayList<>();
        for (HostPort target : config.targets()) {
            checks.add(tcp(ip, target));
        }
        config.httpUrl().ifPresent(url -> checks.add(http(ip, url)));
        return checks;
    }

    private Check tcp(InetAddress ip, HostPort target) {
        String name = target.host() + ":" + target.port();
        long start = ioClock.nanoTime();
        try (Socket s = binding.boundSocket(ip)) {
            s.connect(new InetSocketAddress(target.host(), target.port()), (int) config.timeout().toMillis());
            return new Check(name, true, Duration.ofNanos(ioClock.nanoTime() - start), null);
        } catch (IOException | RuntimeException e) {
            return new Check(name, false, null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private Check http(InetAddress ip, java.net.URI url) {
        long start = ioClock.nanoTime();
        try {
            var response = http.get(url, Optional.of(binding.sourceFor(ip)));
            if (response.status() != 204) {
                return new Check(url.toString(), false, null, "HTTP " + response.status() + " instead of 204");
            }
            return new Check(url.toString(), true, Duration.ofNanos(ioClock.nanoTime() - start), null);
        } catch (IOException | RuntimeException e) {
            return new Check(url.toString(), false, null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private void record(int gen, List<Check> checks) {
        if (gen != generation) {
            return;
        }
        inFlight = false;
        boolean ok = checks.stream().anyMatch(Check::ok);
        Duration latency = checks.stream().filter(Check::ok).map(Check::latency).min(Duration::compareTo).orElse(null);
        window.addLast(ok);
        while (window.size() > config.window()) {
            window.removeFirst();
        }
        consecutiveOk = ok ? consecutiveOk + 1 : 0;
        int failures = (int) window.stream().filter(b -> !b).count();
        ProbeState before = state;
        if (state != ProbeState.DEGRADED && failures >= config.failures()) {
            state = ProbeState.DEGRADED;
        } else if (state == ProbeState.DEGRADED && consecutiveOk >= config.failures()) {
            state = ProbeState.VERIFIED;
            window.clear();
            window.addLast(true);
            failures = 0;
        } else if (state == ProbeState.UNVERIFIED && ok) {
            state = ProbeState.VERIFIED;
        }
        ProbeResult result = new ProbeResult(scheduler.time().now(), ok, latency, checks, failures, config.window(), state);
        last = result;
        listener.probeResult(result);
        if (before != state) {
            if (state == ProbeState.DEGRADED) {
                String reason = failures + " of the last " + config.window() + " probe rounds failed ("
                        + result.failureSummary() + ")";
                log.warn("link degraded: {}", reason);
                listener.linkDegraded(result, reason);
            } else {
                log.info("link verified: probe latency {} ms", latency == null ? "?" : latency.toMillis());
                listener.linkVerified(result);
            }
        }
    }
}
