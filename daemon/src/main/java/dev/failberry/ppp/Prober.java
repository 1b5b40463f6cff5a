package dev.failberry.ppp;

import dev.failberry.config.FailberryConfig;
import dev.failberry.config.HostPort;
import dev.failberry.ppp.ProbeResult.Check;
import dev.failberry.ppp.ProbeResult.ProbeState;
import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import dev.failberry.time.TimeSource;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Rounds of probes from a source address, judged k-of-n ({@link ProbeWindow}): every {@code interval} a
 * round of TCP connects (and an optional HTTP 204 check), all at once, each from a socket bound by
 * {@link SourceBinding}. A round passes when {@code required} of its checks answer. The mobile link's
 * {@link LinkProbe} and the wired path's checker are both this, with their own rules.
 *
 * <p>The source address is asked for at every round ({@link Source}), on the probe thread: a source that
 * cannot be used now (the wired interface vanished, its router is unknown) makes no probe at all, never
 * an unbound one; the judgement is then forgotten ({@link Listener#unavailable}) and starts afresh when
 * probing is possible again.
 *
 * <p>Threading: the schedule and the judgement run on the scheduler; the blocking checks on
 * {@code executor} (a dedicated thread in production, a direct executor in tests), one round at a time (a
 * round still running when the next is due skips that one). Latency is measured on {@code ioClock}, the
 * real clock: it measures real I/O.
 */
public final class Prober {
    /**
     * What to probe and how to judge it.
     *
     * @param required checks of a round that must answer for the round to pass
     */
    public record Spec(
            List<HostPort> targets,
            Optional<URI> httpUrl,
            Duration interval,
            Duration timeout,
            int required,
            ProbeWindow.Rules rules) {
        public Spec {
            targets = List.copyOf(targets);
        }

        public boolean enabled() {
            return !targets.isEmpty() || httpUrl.isPresent();
        }

        /**
         * The mobile link's rules ({@code ppp.probe}): one answering check passes a round, and {@code failures}
         * passing rounds in a row verify a degraded link again.
         */
        public static Spec of(FailberryConfig.Probe p) {
            return new Spec(
                    p.targets(),
                    p.httpUrl(),
                    p.interval(),
                    p.timeout(),
                    1,
                    new ProbeWindow.Rules(p.window(), p.failures(), p.failures()));
        }
    }

    /** The address probes come from, asked for at every round on the probe thread. */
    @FunctionalInterface
    public interface Source {
        /** The address to probe from now; throws {@link Unavailable} with the reason when there is none. */
        InetAddress address() throws Unavailable;
    }

    /** No probing possible now, and why (one line, for the status and the log). */
    public static final class Unavailable extends Exception {
        public Unavailable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Hears every judged round and every round that could not be made; on the scheduler's thread. */
    public interface Listener {
        /** A round was judged; {@code before} is the state before it (a change when it differs from the result's). */
        void round(ProbeResult result, ProbeState before);

        /** No round could be made ({@code reason}); the judgement was reset to UNVERIFIED. */
        default void unavailable(String reason) {}
    }

    private final Spec spec;
    private final Scheduler scheduler;
    private final Executor executor;
    private final SourceBinding binding;
    private final TimeSource ioClock;
    private final Listener listener;

    // scheduler-thread state
    private final ProbeWindow window;
    private Cancellable ticker = Cancellable.NONE;
    private Source source;
    private int generation;
    private boolean inFlight;
    private volatile ProbeResult last;

    public Prober(
            Spec spec,
            Scheduler scheduler,
            Executor executor,
            SourceBinding binding,
            TimeSource ioClock,
            Listener listener) {
        this.spec = spec;
        this.scheduler = scheduler;
        this.executor = executor;
        this.binding = binding;
        this.ioClock = ioClock;
        this.listener = listener;
        this.window = new ProbeWindow(spec.rules());
    }

    public Spec spec() {
        return spec;
    }

    /** Starts afresh (history cleared, UNVERIFIED); the first round runs at once. Nothing when disabled. */
    public void start(Source from) {
        scheduler.execute(() -> {
            stopNow();
            if (!spec.enabled()) {
                return;
            }
            source = from;
            int gen = ++generation;
            ticker = scheduler.scheduleEvery(Duration.ZERO, spec.interval(), () -> tick(gen));
        });
    }

    public void stop() {
        scheduler.execute(this::stopNow);
    }

    /** The last judged round, or null (none yet, or reset since). */
    public ProbeResult last() {
        return last;
    }

    private void stopNow() {
        ticker.cancel();
        ticker = Cancellable.NONE;
        generation++;
        window.reset();
        inFlight = false;
        source = null;
    }

    private void tick(int gen) {
        if (gen != generation || inFlight || source == null) {
            return;
        }
        inFlight = true;
        Source from = source;
        try {
            executor.execute(() -> runRound(gen, from));
        } catch (RejectedExecutionException e) {
            inFlight = false; // shutting down
        }
    }

    private void runRound(int gen, Source from) {
        InetAddress address;
        try {
            address = from.address();
        } catch (Unavailable u) {
            scheduler.execute(() -> unavailable(gen, u.getMessage()));
            return;
        } catch (RuntimeException e) {
            scheduler.execute(() -> unavailable(gen, "cannot find the source address: " + e));
            return;
        }
        List<Check> checks;
        try {
            checks = RoundChecks.run(spec.targets(), spec.httpUrl(), address, binding, spec.timeout(), ioClock);
        } catch (RuntimeException e) {
            // a bug must not leave the round in flight for ever (no probe would run again)
            scheduler.execute(() -> unavailable(gen, "probe round failed: " + e));
            return;
        }
        scheduler.execute(() -> record(gen, checks));
    }

    private void unavailable(int gen, String reason) {
        if (gen != generation) {
            return;
        }
        inFlight = false;
        window.reset();
        last = null;
        listener.unavailable(reason);
    }

    private void record(int gen, List<Check> checks) {
        if (gen != generation) {
            return;
        }
        inFlight = false;
        int answered = 0;
        Duration latency = null;
        for (Check c : checks) {
            if (c.ok()) {
                answered++;
                latency = latency == null || c.latency().compareTo(latency) < 0 ? c.latency() : latency;
            }
        }
        boolean ok = answered >= spec.required();
        ProbeState before = window.state();
        ProbeState after = window.record(ok);
        ProbeResult result = new ProbeResult(
                scheduler.time().now(),
                ok,
                latency,
                checks,
                window.failures(),
                spec.rules().window(),
                after,
                spec.required());
        last = result;
        listener.round(result, before);
    }
}
