package dev.failberry.systemd;

import com.sun.jna.LastErrorException;
import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd how the daemon is doing, as sd_notify(3) does, for a {@code Type=notify} unit:
 * {@code READY=1} once the listeners answer, {@code STATUS=} with the state line (shown by
 * {@code systemctl status}) on every change, {@code WATCHDOG=1} every half of {@code WATCHDOG_USEC}
 * while the supervisor's heartbeat is fresh (so that systemd kills a wedged JVM, even one whose own
 * threads can no longer run), and {@code STOPPING=1} on shutdown.
 *
 * <p>Without {@code NOTIFY_SOCKET} (a shell, {@code demo}, a container) every call does nothing and
 * nothing native is loaded. A message that cannot be sent is logged once per reason; the daemon runs
 * on (systemd then either times out the start or the watchdog, and restarts it: the right outcome for
 * a daemon that cannot reach its supervisor).
 */
public final class SystemdNotifier {
    private static final Logger log = LoggerFactory.getLogger(SystemdNotifier.class);
    private static final int MAX_STATUS = 200;
    private static final int EAGAIN = 11;
    private static final long RETRY_PAUSE_MS = 20;
    private static final Duration SURELY = Duration.ofSeconds(2);
    /** Does nothing: not started by systemd, or {@code NOTIFY_SOCKET} unusable. */
    public static final SystemdNotifier NONE = new SystemdNotifier(null, null, null);

    private final String target;
    private final Duration watchdogInterval;
    private final UnixDatagram socket;
    private volatile String lastFailure;

    private SystemdNotifier(String target, Duration watchdogInterval, UnixDatagram socket) {
        this.target = target;
        this.watchdogInterval = watchdogInterval;
        this.socket = socket;
    }

    /** From the daemon's own environment and process id. */
    public static SystemdNotifier fromEnvironment() {
        return fromEnvironment(System.getenv(), ProcessHandle.current().pid());
    }

    /**
     * From {@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC} and {@code WATCHDOG_PID} as systemd sets them:
     * the watchdog is ours when {@code WATCHDOG_USEC} is a positive number and {@code WATCHDOG_PID}, if
     * set, is {@code pid}.
     */
    public static SystemdNotifier fromEnvironment(Map<String, String> env, long pid) {
        String target = env.get("NOTIFY_SOCKET");
        if (target == null || target.isEmpty()) {
            return NONE;
        }
        Duration every = watchdogInterval(env.get("WATCHDOG_USEC"), env.get("WATCHDOG_PID"), pid);
        try {
            return new SystemdNotifier(target, every, new UnixDatagram(target));
        } catch (IllegalArgumentException | LastErrorException | UnsatisfiedLinkError e) {
            log.error(
                    "systemd: cannot notify NOTIFY_SOCKET={} ({}); readiness and watchdog pings are off, so a "
                            + "Type=notify unit will time out",
                    target,
                    e.getMessage());
            return NONE;
        }
    }

    /** Half of {@code WATCHDOG_USEC} (sd_watchdog_enabled(3)), or null when the watchdog is not ours. */
    static Duration watchdogInterval(String usec, String watchdogPid, long pid) {
        if (usec == null || watchdogPid != null && !watchdogPid.equals(Long.toString(pid))) {
            return null;
        }
        try {
            long micros = Long.parseLong(usec.trim());
            return micros > 0 ? Duration.ofNanos(micros * 1000 / 2) : null;
        } catch (NumberFormatException e) {
            log.warn("systemd: ignoring WATCHDOG_USEC={}: not a number of microseconds", usec);
            return null;
        }
    }

    public boolean enabled() {
        return socket != null;
    }

    /** How often {@link #startWatchdog} pings: half of {@code WATCHDOG_USEC}; empty when systemd does not watch. */
    public Optional<Duration> watchdogInterval() {
        return Optional.ofNullable(watchdogInterval);
    }

    /** {@code READY=1} with the current state line. */
    public void ready(String stateLine) {
        sendSurely("READY=1\nSTATUS=" + clean(stateLine));
    }

    /** {@code STATUS=<line>}: what {@code systemctl status} shows. */
    public void status(String stateLine) {
        send("STATUS=" + clean(stateLine));
    }

    /** {@code STOPPING=1}: the daemon is shutting down on purpose. */
    public void stopping() {
        sendSurely("STOPPING=1");
    }

    /** {@code WATCHDOG=1}. */
    void watchdog() {
        send("WATCHDOG=1");
    }

    /**
     * Pings the watchdog every {@link #watchdogInterval()} from {@code scheduler} (the supervisor's own
     * thread: a wedged supervisor sends nothing) and only while {@code heartbeatAgeNanos} is at most
     * {@code limitNanos} (a supervisor whose heartbeat stopped is as good as wedged). Does nothing when
     * systemd does not watch.
     */
    public Cancellable startWatchdog(Scheduler scheduler, LongSupplier heartbeatAgeNanos, long limitNanos) {
        if (watchdogInterval == null || socket == null) {
            return Cancellable.NONE;
        }
        log.info(
                "systemd watchdog on: a ping every {} ms while the supervisor's heartbeat is fresh",
                watchdogInterval.toMillis());
        return scheduler.scheduleEvery(Duration.ZERO, watchdogInterval, () -> {
            if (heartbeatAgeNanos.getAsLong() <= limitNanos) {
                watchdog();
            }
        });
    }

    /** One line of printable text: a newline in a reason must not become a second assignment. */
    static String clean(String line) {
        String s = line == null ? "" : line.replaceAll("[\\p{Cntrl}]", " ");
        return s.length() > MAX_STATUS ? s.substring(0, MAX_STATUS) : s;
    }

    /**
     * READY=1 and STOPPING=1 must arrive (a lost READY=1 makes systemd kill the service at its start
     * timeout): while the socket's queue is full (EAGAIN: PID 1 busy) they are tried again every
     * {@value #RETRY_PAUSE_MS} ms for up to {@link #SURELY}; a status line or a ping is tried once.
     */
    private void sendSurely(String message) {
        long deadline = System.nanoTime() + SURELY.toNanos();
        while (socket != null) {
            try {
                sent(message);
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EAGAIN || System.nanoTime() >= deadline) {
                    failed(message, e);
                    return;
                }
            }
            try {
                Thread.sleep(RETRY_PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void send(String message) {
        if (socket == null) {
            return;
        }
        try {
            sent(message);
        } catch (LastErrorException e) {
            failed(message, e);
        }
    }

    private void sent(String message) {
        socket.send(message.getBytes(StandardCharsets.UTF_8));
        if (lastFailure != null) {
            log.info("systemd: notifying {} works again", target);
            lastFailure = null;
        }
    }

    private void failed(String message, LastErrorException e) {
        String why = e.getMessage();
        if (!why.equals(lastFailure)) {
            lastFailure = why;
            log.warn(
                    "systemd: could not notify {} ({}): {}",
                    target,
                    message.lines().findFirst().orElse(""),
                    why);
        }
    }
}
