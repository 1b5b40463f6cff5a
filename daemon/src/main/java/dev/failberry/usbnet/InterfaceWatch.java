package dev.failberry.usbnet;

import dev.failberry.proc.CommandRunner;
import dev.failberry.proc.ProcessTree;
import dev.failberry.time.Backoff;
import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches network interfaces and their addresses, event-driven: {@code ip -o monitor link address}
 * runs as a child process (an argument array, no shell) and each line it prints updates a
 * {@link NetState}; nothing polls files. Each time the monitor starts, {@code ip -o link show} and
 * {@code ip -o addr show} give the state it starts from (the monitor is started first, so no change
 * falls between the two; a line seen twice changes nothing). When the monitor dies it is started again
 * after a backoff ({@code backoff}, attempt count reset by a run of {@link #STABLE}); the first death
 * of a run is logged once with its exit status, further ones at debug level.
 *
 * <p>Threads: one reader thread per monitor process; the state lives on {@code scheduler}, where the
 * listener is called. The wiring picks the stick's interface out of the state (by name, found with
 * {@link StickInterfaces}).
 */
final class InterfaceWatch implements AutoCloseable {
    /** A monitor that ran this long before it died starts the backoff over. */
    static final Duration STABLE = Duration.ofSeconds(30);

    private static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(InterfaceWatch.class);

    private final Path ip;
    private final Scheduler scheduler;
    private final Backoff backoff;
    private final Consumer<NetState> listener;
    private final CommandRunner runner = new CommandRunner();
    private final Random random = new Random();
    // the fields below are used on the scheduler thread; process and restart are also read by close()
    private NetState state = NetState.EMPTY;
    private int generation;
    private int attempts;
    private long startedAt;
    private boolean troubleLogged;
    private volatile Process process;
    private volatile Cancellable restart = Cancellable.NONE;
    private volatile boolean closed;

    /**
     * @param ip       the iproute2 executable
     * @param listener called on {@code scheduler} with the new state after every change
     */
    public InterfaceWatch(Path ip, Scheduler scheduler, Backoff backoff, Consumer<NetState> listener) {
        this.ip = ip;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.listener = listener;
    }

    /** Starts watching (on the scheduler). */
    public void start() {
        scheduler.execute(this::launch);
    }

    /** The state as last seen; call on the scheduler. */
    public NetState state() {
        return state;
    }

    private void launch() {
        if (closed) {
            return;
        }
        int gen = ++generation;
        Process p;
        try {
            p = ProcessTree.start(new ProcessBuilder(List.of(ip.toString(), "-o", "monitor", "link", "address"))
                    .redirectErrorStream(true));
            p.getOutputStream().close();
        } catch (IOException e) {
            died(gen, "cannot start " + ip + " (" + e.getMessage() + ")");
            return;
        }
        process = p;
        startedAt = scheduler.time().nanoTime();
        Thread reader = new Thread(() -> read(p, gen), "ip-monitor");
        reader.setDaemon(true);
        reader.start();
        NetState snapshot = NetState.EMPTY;
        for (List<String> args : List.of(List.of("-o", "link", "show"), List.of("-o", "addr", "show"))) {
            List<String> command = new java.util.ArrayList<>(List.of(ip.toString()));
            command.addAll(args);
            CommandRunner.Result r = runner.run(command, SNAPSHOT_TIMEOUT);
            if (!r.ok()) {
                LOG.warn("interfaces: {} (the watch goes on with the monitor's events)", r.describe());
                continue;
            }
            for (String line : r.output().split("\n")) {
                Optional<IpEvent> e = IpMonitorParser.parse(line);
                if (e.isPresent()) {
                    snapshot = snapshot.apply(e.get());
                }
            }
        }
        update(snapshot);
    }

    private void read(Process p, int gen) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Optional<IpEvent> e = IpMonitorParser.parse(line);
                e.ifPresent(event -> scheduler.execute(() -> {
                    if (gen == generation) {
                        update(state.apply(event));
                    }
                }));
            }
        } catch (IOException e) {
            // the process went away: below
        }
        int code;
        try {
            code = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        scheduler.execute(() -> died(gen, ip.getFileName() + " monitor exited with status " + code));
    }

    private void update(NetState next) {
        if (!next.equals(state)) {
            state = next;
            listener.accept(next);
        }
    }

    private void died(int gen, String reason) {
        if (closed || gen != generation) {
            return;
        }
        process = null;
        long now = scheduler.time().nanoTime();
        if (startedAt != 0 && now - startedAt >= STABLE.toNanos()) {
            attempts = 0;
            troubleLogged = false;
        }
        Duration delay = backoff.delay(attempts++, random);
        if (!troubleLogged) {
            LOG.warn(
                    "interfaces: {}; restarting it in {} ms (backoff, not logged again until it runs {} s)",
                    reason,
                    delay.toMillis(),
                    STABLE.toSeconds());
            troubleLogged = true;
        } else {
            LOG.debug("interfaces: {}; restarting it in {} ms", reason, delay.toMillis());
        }
        startedAt = 0;
        restart = scheduler.schedule(delay, this::launch);
    }

    @Override
    public void close() {
        closed = true;
        restart.cancel();
        Process p = process;
        if (p != null) {
            ProcessTree.terminate(p.toHandle()).forEach(ProcessHandle::destroy);
        }
    }
}
