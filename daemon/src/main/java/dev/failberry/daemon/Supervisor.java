package dev.failberry.daemon;

import dev.failberry.status.RecoveryView;
import dev.failberry.status.StatusSnapshot;
import dev.failberry.time.Scheduler;
import dev.failberry.time.TimeSource;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one state machine of the daemon. Components report events (on the supervisor's scheduler); the
 * supervisor alone decides and changes state through {@link #transition}, which logs every move as
 * {@code state OLD -> NEW (reason)} and refuses moves {@link DaemonState} does not allow. After every
 * change it publishes a new immutable {@link StatusSnapshot} that the HTTP listeners read without locks.
 *
 * <p>Threading: everything that changes state runs on {@link #scheduler()}, one task at a time; readers
 * use {@link #snapshot()} from any thread.
 */
public final class Supervisor {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
    /** How often the supervisor proves it is alive; health fails when it misses several beats. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(5);

    private final Scheduler scheduler;
    private final TimeSource time;
    private volatile DaemonState state = DaemonState.STARTING;
    private volatile StatusSnapshot snapshot;
    private volatile long lastHeartbeatNanos;
    private int refusedTransitions;
    private volatile java.util.function.Consumer<String> transitionHook = to -> {};
    private final java.util.List<StateListener> stateListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Hears every change of state once it is made and logged, on the supervisor's thread (keep it short). */
    @FunctionalInterface
    public interface StateListener {
        void changed(DaemonState from, DaemonState to, String reason);
    }

    private volatile java.util.function.Consumer<String> stateLineHook = line -> {};

    public Supervisor(Scheduler scheduler) {
        this.scheduler = scheduler;
        this.time = scheduler.time();
        this.lastHeartbeatNanos = time.nanoTime();
        this.snapshot = new StatusSnapshot(
                DaemonState.STARTING.name(),
                "starting",
                time.now(),
                false,
                "starting",
                null,
                null,
                null,
                RecoveryView.none(),
                null,
                time.now(),
                time.nanoTime());
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public DaemonState state() {
        return state;
    }

    public StatusSnapshot snapshot() {
        return snapshot;
    }

    /** Called with the target state's name (or "refused") on every transition; the daemon counts them. */
    public void onTransition(java.util.function.Consumer<String> hook) {
        transitionHook = hook;
    }

    /**
     * Called with {@link #stateLine()} whenever the state or its reason changes, on the supervisor's
     * thread (the daemon sends it to systemd as {@code STATUS=}).
     */
    public void onStateLine(java.util.function.Consumer<String> hook) {
        stateLineHook = hook;
    }

    /** {@code STATE: reason}, e.g. {@code CONNECTED: link up, traffic verified}. */
    public String stateLine() {
        StatusSnapshot s = snapshot;
        return s.state() + ": " + s.stateReason();
    }

    /** Adds a listener of state changes (the notifications); a move to the same state is no change. */
    public void addStateListener(StateListener listener) {
        stateListeners.add(java.util.Objects.requireNonNull(listener));
    }

    /** Starts the heartbeat that {@link #heartbeatAge()} and the health check rely on. */
    public void startHeartbeat() {
        scheduler.scheduleEvery(HEARTBEAT, HEARTBEAT, () -> lastHeartbeatNanos = time.nanoTime());
    }

    /** How long since the supervisor thread last ran its heartbeat: large means it is wedged. */
    public Duration heartbeatAge() {
        return Duration.ofNanos(heartbeatAgeNanos());
    }

    /** {@link #heartbeatAge()} without allocating (the health check's hot path). */
    public long heartbeatAgeNanos() {
        return Math.max(0, time.nanoTime() - lastHeartbeatNanos);
    }

    /**
     * Moves to {@code target}. A move to the current state only updates the reason. A move that
     * {@link DaemonState#canMoveTo} forbids is refused, logged and counted. Returns whether the state is
     * now {@code target}.
     */
    public boolean transition(DaemonState target, String reason) {
        DaemonState old = state;
        if (old == target) {
            if (!reason.equals(snapshot.stateReason())) {
                publishState(target, reason);
            }
            return true;
        }
        if (!old.canMoveTo(target)) {
            refusedTransitions++;
            transitionHook.accept("refused");
            log.warn("state {} -> {} refused: not an allowed transition (reason was: {})", old, target, reason);
            return false;
        }
        state = target;
        transitionHook.accept(target.name());
        log.info("state {} -> {} ({})", old, target, reason);
        publishState(target, reason);
        for (StateListener l : stateListeners) {
            try {
                l.changed(old, target, reason);
            } catch (RuntimeException e) {
                log.warn("state listener failed on {} -> {}: {}", old, target, e.toString());
            }
        }
        return true;
    }

    /** Number of transitions refused since start (a bug indicator; also counted in failberry_state_transitions_total{to="refused"}). */
    public int refusedTransitions() {
        return refusedTransitions;
    }

    /** Replaces the published snapshot with {@code change(current)}; call on the supervisor's thread. */
    public void publish(UnaryOperator<StatusSnapshot> change) {
        snapshot = change.apply(snapshot);
    }

    private void publishState(DaemonState target, String reason) {
        boolean healthy = target == DaemonState.CONNECTED;
        String why = healthy ? null : unhealthyReason(target, reason);
        snapshot = snapshot.withState(target.name(), reason, time.now(), healthy, why);
        stateLineHook.accept(stateLine());
    }

    private static String unhealthyReason(DaemonState s, String reason) {
        return switch (s) {
            case STARTING -> "starting";
            case MODEM_INIT -> "modem not ready: " + reason;
            case REGISTERING -> "not registered: " + reason;
            case DIALING -> "link down: " + reason;
            case DEGRADED -> "link degraded: " + reason;
            case RECOVERING -> "recovering: " + reason;
            case STOPPING -> "stopping";
            case CONNECTED -> null;
        };
    }
}
