package dev.failberry.net;

import dev.failberry.config.FailberryConfig;
import dev.failberry.ppp.ProbeResult;
import dev.failberry.ppp.ProbeResult.Check;
import dev.failberry.ppp.ProbeResult.ProbeState;
import dev.failberry.ppp.ProbeWindow;
import dev.failberry.ppp.Prober;
import dev.failberry.ppp.SourceBinding;
import dev.failberry.status.NetworkView.WiredTarget;
import dev.failberry.status.NetworkView.WiredView;
import dev.failberry.time.Scheduler;
import dev.failberry.time.TimeSource;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does the internet answer through the wired router? A {@link Prober} with {@code wired.probe}'s targets,
 * each probe bound to the wired interface's address (which rule 7105 routes through the wired router, even
 * while the mobile link is the default route: {@link Network#wiredSource()}). A round passes when
 * {@code required} targets answer; the path is DOWN when {@code failures} of the last {@code window} rounds
 * failed, and UP again after {@code window} passing rounds in a row (a clean window).
 *
 * <p>UNKNOWN while nothing is judged: no targets configured, no round judged yet, or no probing possible
 * (the wired interface is absent or has no address, the router is unknown, the rules are not in place).
 * Unknown is never a reason for the wired record's check to fail: the Pi cannot tell, and Route53's own
 * check of that record only reaches the Pi through the wired router anyway.
 *
 * <p>Each change of the path is one log line with its reason and one call of the {@link Listener} (the
 * daemon turns DOWN/UP into the {@code wired-down}/{@code wired-up} events). Threading: as {@link Prober};
 * the state lives on the scheduler's thread, {@link #view} may be read from any thread.
 */
public final class WiredPath implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WiredPath.class);

    public enum PathState {
        UNKNOWN,
        UP,
        DOWN;

        /** {@code up}, {@code down}, {@code unknown}: the status and log form. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Hears the path; on the scheduler's thread. */
    public interface Listener {
        /** Something of the view changed (a round was judged, or the path moved): publish it. */
        void updated();

        /** The path moved from {@code from} to {@code to}; {@code reason} says why in detail (targets, errors). */
        void changed(PathState from, PathState to, String reason);
    }

    private record State(PathState path, String reason, Instant since, ProbeResult last) {}

    private final FailberryConfig.WiredProbe config;
    private final Prober prober;
    private final Prober.Source source;
    private final Scheduler scheduler;
    private final Listener listener;
    private final ExecutorService ownThread;
    private volatile State state;

    WiredPath(
            FailberryConfig.WiredProbe config,
            Prober.Source source,
            Scheduler scheduler,
            Executor executor,
            SourceBinding binding,
            TimeSource ioClock,
            Listener listener,
            ExecutorService ownThread) {
        this.config = config;
        this.source = source;
        this.scheduler = scheduler;
        this.listener = listener;
        this.ownThread = ownThread;
        var spec = new Prober.Spec(
                config.addresses(),
                config.httpUrl(),
                config.interval(),
                config.timeout(),
                config.required(),
                new ProbeWindow.Rules(config.window(), config.failures(), config.window()));
        this.prober = new Prober(spec, scheduler, executor, binding, ioClock, new Prober.Listener() {
            @Override
            public void round(ProbeResult result, ProbeState before) {
                judged(result);
            }

            @Override
            public void unavailable(String reason) {
                cannotProbe(reason);
            }
        });
        this.state = new State(
                PathState.UNKNOWN,
                config.enabled() ? "no round judged yet" : "not checked (wired.probe.targets = [])",
                scheduler.time().now(),
                null);
    }

    /**
     * Production: probes from the wired address that {@code network} vouches for, on a thread of their own
     * (a round of dead targets takes {@code timeout}; it must not wait behind the mobile link's probes).
     */
    public static WiredPath create(FailberryConfig config, Network network, Scheduler scheduler, Listener listener) {
        var probe = config.wired().probe();
        ExecutorService io = probe.enabled()
                ? Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "wired-probe");
                    t.setDaemon(true);
                    return t;
                })
                : null;
        Prober.Source source = () -> {
            Network.WiredSource s = network.wiredSource();
            if (s.address() == null) {
                throw new Prober.Unavailable(s.unavailable());
            }
            try {
                return InetAddress.getByName(s.address()); // a literal: no name lookup
            } catch (UnknownHostException e) {
                throw new Prober.Unavailable("not an address: " + s.address());
            }
        };
        return new WiredPath(
                probe,
                source,
                scheduler,
                io == null ? Runnable::run : io,
                SourceBinding.LINK_ADDRESS,
                TimeSource.SYSTEM,
                listener,
                io);
    }

    /** Starts probing (the first round at once); with no targets the path stays unknown. */
    public void start() {
        if (config.enabled()) {
            prober.start(source);
        }
    }

    public PathState path() {
        return state.path();
    }

    /** {@code base} (interface, gateway, address from {@link Network}) with what the probes say. */
    public WiredView view(WiredView base) {
        State s = state;
        List<WiredTarget> targets = new ArrayList<>();
        if (s.last() != null) {
            for (Check c : s.last().checks()) {
                targets.add(new WiredTarget(
                        c.target(),
                        c.ok(),
                        c.latency() == null ? null : c.latency().toMillis(),
                        c.error()));
            }
        }
        return new WiredView(
                base.interfaceName(),
                base.gateway(),
                base.address(),
                s.path().wire(),
                s.reason(),
                s.since(),
                s.last() == null ? null : s.last().at(),
                config.enabled() ? config.required() : null,
                s.last() == null ? 0 : s.last().failuresInWindow(),
                config.enabled() ? config.window() : 0,
                targets);
    }

    private void judged(ProbeResult r) {
        State before = state;
        PathState to =
                switch (r.state()) {
                    case UNVERIFIED -> PathState.UNKNOWN;
                    case VERIFIED -> PathState.UP;
                    case DEGRADED -> PathState.DOWN;
                };
        if (to == before.path()) {
            String reason = to == PathState.UNKNOWN
                    ? "not judged yet: " + r.failuresInWindow() + " of " + r.window() + " rounds failed so far"
                    : before.reason();
            state = new State(to, reason, before.since(), r);
            listener.updated();
            return;
        }
        String reason = to == PathState.DOWN ? downReason(r) : upReason(r, before.path());
        move(new State(to, reason, r.at(), r));
    }

    private void cannotProbe(String why) {
        State before = state;
        String reason = "not probed: " + why;
        if (before.path() == PathState.UNKNOWN && reason.equals(before.reason())) {
            return;
        }
        if (before.path() == PathState.UNKNOWN) {
            log.info("wired path: unknown ({})", reason);
            state = new State(PathState.UNKNOWN, reason, before.since(), null);
            listener.updated();
            return;
        }
        move(new State(PathState.UNKNOWN, reason, scheduler.time().now(), null));
    }

    private void move(State next) {
        PathState from = state.path();
        state = next;
        if (next.path() == PathState.DOWN) {
            log.warn("wired path: {} -> down ({})", from.wire(), next.reason());
        } else {
            log.info("wired path: {} -> {} ({})", from.wire(), next.path().wire(), next.reason());
        }
        listener.changed(from, next.path(), next.reason());
        listener.updated();
    }

    /** {@code 1 of 2 targets unreachable (2 must answer) in 3 of the last 5 rounds: 192.0.2.20:443: no answer ...}. */
    static String downReason(ProbeResult r) {
        int total = r.checks().size();
        return r.failed() + " of " + total + " target" + (total == 1 ? "" : "s") + " unreachable"
                + (r.required() > 1 ? " (" + r.required() + " must answer)" : "") + " in " + r.failuresInWindow()
                + " of the last " + r.window() + " rounds: " + r.failureSummary();
    }

    static String upReason(ProbeResult r, PathState from) {
        int total = r.checks().size();
        String answering = (total - r.failed()) + " of " + total + " target" + (total == 1 ? "" : "s") + " answer"
                + (r.latency() == null ? "" : " (fastest " + r.latency().toMillis() + " ms)");
        return from == PathState.DOWN ? r.window() + " rounds in a row passed: " + answering : answering;
    }

    @Override
    public void close() {
        prober.stop();
        if (ownThread != null) {
            ownThread.shutdownNow();
        }
    }
}
