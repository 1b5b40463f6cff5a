package dev.failberry.ppp;

import dev.failberry.config.FailberryConfig;
import dev.failberry.persist.AtomicFile;
import dev.failberry.proc.ChildEnvironment;
import dev.failberry.proc.CommandRunner;
import dev.failberry.proc.ProcessTree;
import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns pppd as a child process. The supervisor says when the link is wanted ({@link #start},
 * {@link #stop}) and may force a redial ({@link #redial}); this class dials, parses pppd's stdout
 * ({@code nodetach}), reports up/down/IP changes through {@link PppListener}, redials by itself with
 * the bounded {@link RedialBackoff} (the bottom of the recovery policy: every dial the supervisor asks
 * for starts it over, and it never escalates), kills a pppd that gets no IP within {@code ppp.connect-timeout}, stops pppd with
 * SIGTERM then SIGKILL after {@code ppp.stop-grace} (descendants too), and at each dial terminates a
 * stale pppd of a previous run.
 *
 * <p>Threading: all state lives on the given {@link Scheduler} (one task at a time). One reader thread
 * per pppd run reads its merged stdout/stderr line by line and posts each line to the scheduler.
 */
public final class PppLink implements LinkDriver {
    private static final Logger log = LoggerFactory.getLogger(PppLink.class);
    /** How long to wait for DNS lines after the remote IP line when usepeerdns is on. */
    static final Duration DNS_SETTLE = Duration.ofSeconds(1);

    private final FailberryConfig.Modem modem;
    private final FailberryConfig.Ppp ppp;
    private final PppPaths paths;
    private final Scheduler scheduler;
    private final PppListener listener;
    private final Supplier<PppdVersion> version;

    // scheduler-thread state
    private boolean wanted;
    private String tty;
    private PppRun run;
    private final RedialBackoff backoff;
    private Cancellable backoffTimer = Cancellable.NONE;
    private LinkInfo lastLink;
    private int reconnects;
    private int dials;
    private LinkDown lastDown;
    private PppState state = PppState.IDLE;
    private volatile PppStatus status;
    private volatile boolean closed;
    private volatile Process current;

    public PppLink(
            FailberryConfig.Modem modem,
            FailberryConfig.Ppp ppp,
            PppPaths paths,
            Scheduler scheduler,
            PppListener listener) {
        this(
                modem,
                ppp,
                paths,
                scheduler,
                listener,
                RandomGenerator.getDefault(),
                () -> PppdVersion.detect(ppp.pppd(), new CommandRunner()));
    }

    public PppLink(
            FailberryConfig.Modem modem,
            FailberryConfig.Ppp ppp,
            PppPaths paths,
            Scheduler scheduler,
            PppListener listener,
            RandomGenerator random,
            Supplier<PppdVersion> version) {
        this.modem = modem;
        this.ppp = ppp;
        this.paths = paths;
        this.scheduler = scheduler;
        this.listener = listener;
        this.version = version;
        this.backoff = new RedialBackoff(ppp.redial().backoff(), random);
        this.status = new PppStatus(PppState.IDLE, scheduler.time().now(), "not started", null, null, null, 0, 0);
    }

    /**
     * The link is wanted (modem registered): dial on {@code dataPort} now unless already dialling or up.
     * The redial backoff starts over: the supervisor has just changed something (registered, reset, cycled).
     */
    @Override
    public void start(String dataPort) {
        scheduler.execute(() -> {
            wanted = true;
            tty = dataPort;
            if (state == PppState.IDLE || state == PppState.FAILED) {
                backoff.reset();
                dial();
            }
        });
    }

    /** The link is no longer wanted: stop pppd (SIGTERM, SIGKILL after the grace) and do not redial. */
    @Override
    public void stop() {
        stop(null);
    }

    /** {@link #stop()}, saying why (e.g. "USB power cycle"): shown as "stopped by the daemon: why". */
    @Override
    public void stop(String why) {
        scheduler.execute(() -> {
            wanted = false;
            backoffTimer.cancel();
            if (run != null) {
                terminate(PppdExit.STOPPED, false, why);
            } else if (state != PppState.IDLE) {
                setState(PppState.IDLE, "stopped");
            }
        });
    }

    /**
     * Redial now (the ladder's redial rung): hang up a running pppd and dial again at once, or skip a
     * pending backoff. The redial backoff starts over, so a failed dial after it is retried soon.
     */
    @Override
    public void redial() {
        scheduler.execute(() -> {
            if (!wanted) {
                return;
            }
            backoff.reset();
            if (run != null) {
                terminate(PppdExit.STOPPED, true, "redial");
            } else {
                backoffTimer.cancel();
                dial();
            }
        });
    }

    @Override
    public PppStatus status() {
        return status;
    }

    private void dial() {
        backoffTimer.cancel();
        if (closed || !wanted || run != null) {
            return;
        }
        StalePppd.clean(paths, tty, ppp.stopGrace());
        List<String> command;
        try {
            AtomicFile.write(paths.chatScript(), ChatScript.render(modem, ppp).getBytes(StandardCharsets.US_ASCII));
            command = PppOptions.arguments(modem, ppp, version.get(), tty, paths.chatScript());
        } catch (IOException | IllegalArgumentException e) {
            ended(null, new LinkDown(PppdExit.START_FAILED, -1, e.getMessage(), false, Duration.ZERO, null));
            return;
        }
        Process process;
        try {
            process = ProcessTree.start(
                    ChildEnvironment.minimal(new ProcessBuilder(command)).redirectErrorStream(true));
            process.getOutputStream().close();
        } catch (IOException e) {
            ended(null, new LinkDown(PppdExit.START_FAILED, -1, e.getMessage(), false, Duration.ZERO, null));
            return;
        }
        dials++;
        current = process;
        PppRun r = new PppRun(process);
        run = r;
        log.info("pppd started (pid {}) on {}", process.pid(), tty);
        setState(PppState.DIALING, "dialling on " + tty);
        r.connectTimer = scheduler.schedule(ppp.connectTimeout(), () -> connectTimedOut(r));
        Thread reader = new Thread(() -> read(r), "pppd-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Reader thread: lines to the scheduler, then the exit status after EOF. */
    private void read(PppRun r) {
        try (var in = new BufferedReader(new InputStreamReader(r.process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String l = line;
                scheduler.execute(() -> onLine(r, l));
            }
        } catch (IOException e) {
            log.debug("pppd output closed: {}", e.getMessage());
        }
        int exit;
        try {
            exit = r.process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        scheduler.execute(() -> onExit(r, exit));
    }

    private void onLine(PppRun r, String line) {
        if (r != run) {
            return;
        }
        var event = PppdOutputParser.parse(line);
        if (event.isEmpty()) {
            if (!line.isBlank()) {
                log.debug("pppd: {}", line);
                r.lastLine = line.strip();
            }
            return;
        }
        log.info("pppd: {}", line.strip());
        PppdEvent e = event.get();
        if (e instanceof PppdEvent.UsingInterface u) {
            r.iface = u.name();
        } else if (e instanceof PppdEvent.Connect c) {
            r.iface = c.iface();
            r.device = c.device();
        } else if (e instanceof PppdEvent.LocalIp ip) {
            String before = r.local;
            r.local = ip.address();
            if (r.up != null && !ip.address().equals(before)) {
                announceUp(r);
            }
        } else if (e instanceof PppdEvent.RemoteIp ip) {
            r.remote = ip.address();
            if (r.local != null && r.up == null) {
                if (ppp.usePeerDns()) {
                    r.settleTimer = scheduler.schedule(DNS_SETTLE, () -> linkUp(r));
                } else {
                    linkUp(r);
                }
            }
        } else if (e instanceof PppdEvent.Dns d) {
            r.dns.add(d.address());
            if (!d.primary() && r.local != null && r.remote != null && r.up == null) {
                linkUp(r);
            }
        } else if (e instanceof PppdEvent.ModemHangup
                || e instanceof PppdEvent.LcpTerminatedByPeer
                || e instanceof PppdEvent.EchoTimeout
                || e instanceof PppdEvent.HangupSignal
                || e instanceof PppdEvent.LinkDisconnected) {
            linkLosing(r, line);
        } else if (e instanceof PppdEvent.ConnectScriptFailed) {
            r.noteCause(line);
            r.endingOnItsOwn |= r.killReason == null;
        } else if (e instanceof PppdEvent.TerminatingOnSignal) {
            r.noteCause(line);
        }
    }

    private void linkLosing(PppRun r, String line) {
        r.noteCause(line);
        r.endingOnItsOwn |= r.killReason == null;
        if (state == PppState.CONNECTED) {
            setState(PppState.DISCONNECTING, line.strip());
        }
    }

    private void linkUp(PppRun r) {
        if (r != run || r.up != null || r.local == null) {
            return;
        }
        r.settleTimer.cancel();
        r.connectTimer.cancel();
        r.up = scheduler.time().nanoTime();
        if (lastLink != null) {
            reconnects++;
        }
        announceUp(r);
        r.stableTimer = scheduler.schedule(ppp.redial().stableAfter(), () -> {
            if (run == r && backoff.attempt() != 0) {
                log.info(
                        "link stable for {} s: redial backoff reset",
                        ppp.redial().stableAfter().toSeconds());
            }
            if (run == r) {
                backoff.reset();
            }
        });
    }

    private void announceUp(PppRun r) {
        LinkInfo info = new LinkInfo(
                r.iface != null ? r.iface : ppp.interfaceName(),
                r.device != null ? r.device : tty,
                r.local,
                r.remote,
                r.dns,
                scheduler.time().now());
        LinkInfo previous = lastLink;
        lastLink = info;
        r.info = info;
        setState(PppState.CONNECTED, "local IP " + info.localIp());
        listener.linkUp(info);
        if (previous != null && !previous.localIp().equals(info.localIp())) {
            log.info("link IP changed {} -> {}", previous.localIp(), info.localIp());
            listener.ipChanged(previous, info);
        }
    }

    private void connectTimedOut(PppRun r) {
        if (r == run && r.up == null && r.killReason == null) {
            log.warn(
                    "pppd got no IP address within {} s; killing it",
                    ppp.connectTimeout().toSeconds());
            terminate(PppdExit.CONNECT_TIMEOUT, false, null);
        }
    }

    /** SIGTERM now, SIGKILL (pppd and descendants) after the stop grace. */
    private void terminate(PppdExit why, boolean redialAfter, String detail) {
        PppRun r = run;
        r.redialAfter |= redialAfter;
        if (r.killReason != null) {
            return;
        }
        r.killReason = why;
        r.killDetail = detail;
        setState(PppState.DISCONNECTING, why.text());
        // SIGTERM through the handle, so pppd's last lines can still be read
        r.children.addAll(ProcessTree.terminate(r.process.toHandle()));
        r.killTimer = scheduler.schedule(ppp.stopGrace(), () -> {
            if (r.process.isAlive()) {
                log.warn(
                        "pppd (pid {}) ignored SIGTERM for {} ms; killing it",
                        r.process.pid(),
                        ppp.stopGrace().toMillis());
                forceKill(r);
            }
        });
    }

    private static void forceKill(PppRun r) {
        ProcessTree.kill(r.process.toHandle(), r.children);
    }

    private void onExit(PppRun r, int exitStatus) {
        if (r != run) {
            return;
        }
        r.cancelTimers();
        // what pppd left running (a connect script that outlived it) goes with it
        ProcessTree.kill(r.process.toHandle(), r.children);
        current = null;
        PppdExit reason = PppdExit.attribute(exitStatus, r.killReason, r.endingOnItsOwn);
        boolean ours = reason == r.killReason;
        Duration upFor =
                r.up == null ? Duration.ZERO : Duration.ofNanos(scheduler.time().nanoTime() - r.up);
        ended(
                r,
                new LinkDown(
                        reason,
                        exitStatus,
                        r.cause != null ? r.cause : r.lastLine,
                        r.up != null,
                        upFor,
                        ours ? r.killDetail : null));
    }

    private void ended(PppRun r, LinkDown down) {
        run = null;
        lastDown = down;
        log.info("link down: {}", down.describe());
        listener.linkDown(down);
        if (!wanted || closed) {
            setState(PppState.IDLE, down.describe());
        } else if (r != null && r.redialAfter) {
            setState(PppState.DIALING, "redial requested");
            dial();
        } else if (down.reason().fatal()) {
            log.error("pppd cannot work here ({}); not redialling until told to", down.describe());
            setState(PppState.FAILED, down.describe());
        } else {
            int attempt = backoff.attempt();
            Duration delay = backoff.next();
            setState(PppState.BACKOFF, down.describe());
            log.info("redial {} in {} ms", attempt + 1, delay.toMillis());
            listener.redialScheduled(attempt, delay);
            backoffTimer = scheduler.schedule(delay, this::dial);
        }
    }

    private void setState(PppState next, String reason) {
        PppState before = state;
        state = next;
        LinkInfo link = next == PppState.CONNECTED && run != null ? run.info : null;
        status = new PppStatus(
                next,
                before == next ? status.since() : scheduler.time().now(),
                reason,
                link,
                lastLink,
                lastDown,
                reconnects,
                dials);
        if (before != next) {
            log.info("ppp {} -> {} ({})", before, next, reason);
            listener.stateChanged(before, next, reason);
        }
    }

    /**
     * Stops for good and waits (at most stop-grace plus a second) until pppd and its descendants are gone.
     * Safe from any thread, including a shutdown hook; does not need the scheduler to run.
     */
    @Override
    public void close() {
        closed = true;
        stop();
        Process p = current;
        if (p == null) {
            return;
        }
        if (!ProcessTree.stop(p.toHandle(), ppp.stopGrace())) {
            log.warn(
                    "pppd (pid {}) ignored SIGTERM for {} ms; killed it",
                    p.pid(),
                    ppp.stopGrace().toMillis());
        }
    }
}
