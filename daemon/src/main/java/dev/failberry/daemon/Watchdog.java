package dev.failberry.daemon;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catches a wedged daemon: a thread of its own (independent of the supervisor's scheduler) looks at the
 * supervisor's heartbeat every {@link #CHECK} and, when it is older than {@link #LIMIT}, logs one line
 * and halts the JVM so that systemd ({@code Restart=always}) starts a fresh one. {@code /health} has
 * already been failing for most of that time (it fails after four missed 5 s beats), so Route53 has
 * stopped sending traffic here.
 */
final class Watchdog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);
    /** Twelve missed heartbeats. */
    public static final Duration LIMIT = Supervisor.HEARTBEAT.multipliedBy(12);

    static final Duration CHECK = Duration.ofSeconds(10);
    /** The exit status systemd sees (EX_SOFTWARE). */
    static final int EXIT_STATUS = 70;

    private final Supervisor supervisor;
    private final Runnable halt;
    private final Thread thread;
    private volatile boolean running = true;

    public Watchdog(Supervisor supervisor) {
        this(supervisor, () -> Runtime.getRuntime().halt(EXIT_STATUS));
    }

    Watchdog(Supervisor supervisor, Runnable halt) {
        this.supervisor = supervisor;
        this.halt = halt;
        this.thread = new Thread(this::loop, "failberry-watchdog");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(CHECK.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                check();
            }
        }
    }

    /** One look; returns true when it halted (or would have). */
    boolean check() {
        Duration age = supervisor.heartbeatAge();
        if (age.compareTo(LIMIT) <= 0) {
            return false;
        }
        log.error(
                "watchdog: the supervisor has not run for {} s (state {}); halting so that systemd restarts the daemon",
                age.toSeconds(),
                supervisor.state());
        halt.run();
        return true;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
