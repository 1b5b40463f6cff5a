package dev.failberry.daemon;

import dev.failberry.config.DnsNames;
import dev.failberry.config.FailberryConfig;
import dev.failberry.http.AdminHandler;
import dev.failberry.http.HealthHandler;
import dev.failberry.http.HealthVerdict;
import dev.failberry.http.HttpListeners;
import dev.failberry.metrics.Metrics;
import dev.failberry.systemd.SystemdNotifier;
import dev.failberry.time.ThreadScheduler;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one running daemon: the supervisor on its own thread, metrics, the two HTTP listeners, and the
 * capabilities. {@link #start()} brings them up in order; {@link #close()} stops them in reverse order
 * (listeners first so health turns away new checks, then capabilities, then the supervisor's thread).
 */
public final class Daemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);
    /** Health fails when the supervisor thread missed this many heartbeats. */
    private static final long STALL_LIMIT_NANOS =
            Supervisor.HEARTBEAT.multipliedBy(4).toNanos();

    private final FailberryConfig config;
    private final ThreadScheduler scheduler;
    private final Supervisor supervisor;
    private final Metrics metrics;
    private final AdminHandler admin;
    private final HttpListeners http;
    private final SystemdNotifier systemd;
    private final Deque<AutoCloseable> stopOrder = new ArrayDeque<>();
    private final java.util.List<Runnable> startHooks = new java.util.ArrayList<>();
    private volatile boolean closed;
    private boolean listening;

    public Daemon(FailberryConfig config) {
        this(config, SystemdNotifier.fromEnvironment());
    }

    /** @param systemd where readiness, the state line and watchdog pings go ({@link SystemdNotifier#NONE}: nowhere) */
    public Daemon(FailberryConfig config, SystemdNotifier systemd) {
        this.config = config;
        this.systemd = systemd;
        this.scheduler = new ThreadScheduler("failberry-supervisor");
        this.supervisor = new Supervisor(scheduler);
        supervisor.onStateLine(systemd::status);
        this.metrics = new Metrics(supervisor::snapshot, scheduler.time());
        supervisor.onTransition(to -> metrics.transitions.labelValues(to).inc());
        this.admin = new AdminHandler(supervisor::snapshot, scheduler.time(), metrics);
        var health = new HealthHandler(
                config.health().path(),
                () -> HealthVerdict.of(supervisor.snapshot(), supervisor.heartbeatAgeNanos(), STALL_LIMIT_NANOS),
                config.dns().failover().wiredRecord().map(DnsNames::normalize).orElse(null),
                () -> HealthVerdict.wired(supervisor.snapshot(), supervisor.heartbeatAgeNanos(), STALL_LIMIT_NANOS));
        this.http = new HttpListeners(config.health(), config.admin(), health, admin);
    }

    public Supervisor supervisor() {
        return supervisor;
    }

    public Metrics metrics() {
        return metrics;
    }

    public AdminHandler admin() {
        return admin;
    }

    public FailberryConfig config() {
        return config;
    }

    /**
     * Starts the supervisor's heartbeat, the watchdog and the two listeners, so that {@code /health}
     * answers (503 while starting) before the capabilities are built; throws when a listener cannot bind
     * (port in use), after cleaning up. {@link #start()} does this first if it has not been done.
     */
    public void listen() {
        if (listening) {
            return;
        }
        supervisor.startHeartbeat();
        if (systemd.watchdogInterval().isEmpty()) {
            var watchdog = new Watchdog(supervisor);
            watchdog.start();
            stopOrder.addLast(watchdog);
        }
        try {
            http.start();
        } catch (RuntimeException e) {
            scheduler.close();
            throw e;
        }
        listening = true;
    }

    /**
     * Starts everything: the listeners (unless {@link #listen()} did already), then tells systemd the
     * daemon is ready and runs the start hooks; throws when a listener cannot bind, after cleaning up.
     */
    public void start() {
        listen();
        systemd.ready(supervisor.stateLine());
        if (systemd.watchdogInterval().isPresent()) {
            // systemd kills a JVM that stops pinging, even one too wedged to run our own watchdog thread. Its
            // watchdog runs from READY=1 on: pings before it would only fill the notify socket's short queue
            // (10 datagrams), and a full queue is what could make READY=1 itself fail.
            var pings = systemd.startWatchdog(scheduler, supervisor::heartbeatAgeNanos, STALL_LIMIT_NANOS);
            stopOrder.addLast(pings::cancel);
        }
        config.warnings().forEach(w -> log.warn("config: {}", w));
        startHooks.forEach(scheduler::execute);
    }

    /** Runs {@code hook} on the supervisor's thread once the listeners are up. */
    public void onStart(Runnable hook) {
        startHooks.add(hook);
    }

    /** Registers something to close on shutdown; closed in reverse order of registration. */
    public void closeOnStop(AutoCloseable c) {
        stopOrder.push(c);
    }

    /**
     * Registers what the daemon runs against rather than a part of it (the demo's simulated hardware):
     * closed after every part, so that the modem port is closed by the daemon before the device goes away.
     */
    public void closeAfterStop(AutoCloseable c) {
        stopOrder.addLast(c);
    }

    public InetSocketAddress healthAddress() {
        return http.publicAddress();
    }

    public InetSocketAddress adminAddress() {
        return http.adminAddress();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("shutting down");
        systemd.stopping();
        runOnSupervisor(() -> supervisor.transition(DaemonState.STOPPING, "shutdown requested"));
        http.close();
        while (!stopOrder.isEmpty()) {
            AutoCloseable c = stopOrder.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
        scheduler.close();
        log.info("stopped");
    }

    /** Runs {@code task} on the supervisor thread and waits for it (up to 2 s). */
    public void runOnSupervisor(Runnable task) {
        var done = new java.util.concurrent.CountDownLatch(1);
        scheduler.execute(() -> {
            try {
                task.run();
            } finally {
                done.countDown();
            }
        });
        try {
            done.await(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
