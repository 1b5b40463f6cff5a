package dev.failberry.modem;

import dev.failberry.config.FailberryConfig;
import dev.failberry.host.LockHeldException;
import dev.failberry.modem.sms.SmsDialogue;
import dev.failberry.modem.sms.SmsOutcome;
import dev.failberry.time.Backoff;
import dev.failberry.time.Cancellable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AT session: which control port is open, whether pppd has borrowed it, and whether the modem still
 * answers. It opens the port (finding it again after re-enumeration; reopening is retried with a bounded
 * backoff, never a spin), notices it vanish, lends it to pppd on single-port sticks and takes it back, and
 * counts consecutive timeouts like ModemManager's {@code n_consecutive_timeouts}: any reply resets the
 * count; after a timeout it probes at once with a plain {@code AT}; at {@code modem.hung-threshold} it
 * reports the modem hung and probes every poll interval. What to say to the modem is not its business:
 * it reports to the dialogue through {@link Events}.
 *
 * <p>Confined to the {@link ModemThread}: every method checks that it runs there.
 */
final class AtSession {
    private static final Logger log = LoggerFactory.getLogger(AtSession.class);
    private static final Backoff REOPEN = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, 0.1);
    static final Duration RESET_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REOPEN_AFTER_RESET = Duration.ofSeconds(2);

    /** What the session reports to the dialogue, on the modem thread. */
    interface Events {
        /** A fresh port is open (first open, after a vanish, a reset or pppd's turn): start from the top. */
        void opened(String controlPath);

        /** No port to open right now (not plugged in, not enumerated yet). */
        void notFound(String why);

        /** The port exists but cannot be used now (cannot be opened, or the modem is resetting). */
        void absent(String why);

        /** The port exists and another live program holds its lock: not the stick's fault. */
        void busy(String why);

        /** The open port vanished under us (EIO, hang-up). */
        void vanished(String why);

        /** The port is handed to pppd until it is given back. */
        void lent();

        /** The count of consecutive timeouts changed (below the threshold the session probes at once). */
        void timeoutsChanged();

        /** The modem did not answer {@code consecutive} commands in a row: hung. */
        void hung(int consecutive);

        /** A probe after a timeout was answered: carry on ({@code wasHung}: after being reported hung). */
        void answering(boolean wasHung);

        /** An unsolicited line from the open port. */
        void urc(String line);
    }

    private final FailberryConfig.Modem config;
    private final ModemPorts ports;
    private final Function<String, AtPort> portFactory;
    private final ModemThread thread;
    private final AtCommandObserver observer;
    private final Random random = new Random();
    private final Runnable portOpened;
    private Events events;

    private AtPort port;
    /** Until the first attempt to open the port has ended, an SMS waits for it: the daemon is starting. */
    private boolean firstOpenDone;

    private String controlPath;
    private boolean lent;
    private boolean closed;
    private int consecutiveTimeouts;
    private int reopenAttempts;
    private Cancellable next = Cancellable.NONE;

    AtSession(
            FailberryConfig.Modem config,
            ModemPorts ports,
            Function<String, AtPort> portFactory,
            ModemThread thread,
            AtCommandObserver observer,
            Runnable portOpened) {
        this.config = config;
        this.ports = ports;
        this.portFactory = portFactory;
        this.thread = thread;
        this.observer = observer;
        this.portOpened = portOpened;
    }

    /** Wires the listener; once, before the first task runs. */
    void listen(Events listener) {
        this.events = listener;
    }

    // ---- commands (from the monitor's entry points, on the modem thread) ---------------------------

    void start() {
        thread.check();
        closed = false;
        if (port == null || !port.isOpen()) {
            reopenAttempts = 0;
            open();
        }
    }

    /** Closes the port for good (the daemon stops): no "gone" is reported for a port we close ourselves. */
    void close() {
        thread.check();
        closed = true;
        next.cancel();
        drop();
    }

    /** Hands the port to pppd ({@code true}) or takes it back. */
    void lend(boolean lend) {
        thread.check();
        lent = lend;
        if (lend) {
            next.cancel();
            drop();
            events.lent();
        } else if (!closed) {
            reopenAttempts = 0;
            open();
        }
    }

    /** Sends the reset command (when the port is open), then lets the modem vanish and reopens it. */
    void reset(String command, String reason) {
        thread.check();
        if (port != null && port.isOpen()) {
            AtResult r = port.send(command, RESET_TIMEOUT);
            log.info("modem: reset with {} answered {} ({})", command, r.status(), reason);
        } else {
            log.warn("modem: reset not sent, the AT port is not open ({})", reason);
        }
        drop();
        events.absent("resetting (" + command + ")");
        reopenAttempts = 0;
        next(REOPEN_AFTER_RESET, this::open);
    }

    /**
     * Sends one command of the dialogue and keeps the timeout count. Returns null when there was no answer:
     * the port is gone or lent, or the command timed out; the session has then already decided what comes
     * next (probe now, probe later as hung, or reopen), and the caller just stops.
     */
    AtResult send(String command, Duration timeout) {
        thread.check();
        AtPort p = port;
        if (p == null || lent) {
            return null;
        }
        AtResult r = p.send(command, timeout);
        if (r.status() == AtResult.Status.GONE) {
            if (p == port) {
                onGone(p, "read failed");
            }
            return null;
        }
        if (r.status() == AtResult.Status.TIMEOUT) {
            consecutiveTimeouts++;
            if (consecutiveTimeouts >= config.hungThreshold()) {
                if (consecutiveTimeouts == config.hungThreshold()) {
                    log.warn("modem: {} consecutive AT timeouts on {}: hung", consecutiveTimeouts, controlPath);
                }
                events.hung(consecutiveTimeouts);
                next(config.pollInterval(), this::probeHung);
            } else {
                events.timeoutsChanged();
                next(Duration.ZERO, this::probe);
            }
            return null;
        }
        if (consecutiveTimeouts > 0) {
            consecutiveTimeouts = 0;
            events.timeoutsChanged();
        }
        return r;
    }

    /**
     * One command for an admin ({@code failberry modem at}): not counted, and never sent while the port
     * is closed or lent to pppd (then GONE, as the admin API has always answered).
     */
    AtResult admin(String command, Duration timeout) {
        thread.check();
        if (port == null || !port.isOpen() || lent) {
            return AtResult.noReply(command, AtResult.Status.GONE, List.of(), Duration.ZERO);
        }
        return port.send(command, timeout);
    }

    /**
     * Runs one SMS dialogue on the open port, between the dialogue's own commands; not counted towards
     * hung (a slow submission to the network is not a hung modem; the port resynchronises itself after a
     * timeout). While the port is lent to pppd, or pppd has asked for it ({@code portWanted}), nothing is
     * sent and the SMS waits. Before the first attempt to open the port has ended (the daemon's "started"
     * message comes that early) it waits too, and the session says when the port opens. A port that is not
     * there, or that vanishes mid-message, gives one and the same retryable reason, so the notifier logs it
     * once however often it retries.
     */
    SmsOutcome sms(SmsDialogue dialogue, BooleanSupplier portWanted) {
        thread.check();
        if (lent || portWanted.getAsBoolean()) {
            return new SmsOutcome.Waiting(SMS_WAITS);
        }
        AtPort p = port;
        if (p == null && !firstOpenDone && !closed) {
            return new SmsOutcome.Waiting(SMS_PORT_OPENING);
        }
        if (p == null || !p.isOpen()) {
            return new SmsOutcome.Failed(true, SMS_NO_PORT);
        }
        SmsPortChannel channel = new SmsPortChannel(p, portWanted);
        SmsOutcome outcome = dialogue.run(channel);
        if (channel.yielded()) {
            return new SmsOutcome.Waiting(SMS_WAITS);
        }
        if (outcome instanceof SmsOutcome.Failed && !p.isOpen()) {
            return new SmsOutcome.Failed(true, SMS_NO_PORT);
        }
        return outcome;
    }

    static final String SMS_PORT_OPENING = "the modem's AT port is being opened: the SMS goes once it is open";
    static final String SMS_WAITS =
            "the modem's only port carries the mobile link (pppd): the SMS waits until it is free";
    static final String SMS_NO_PORT = "the modem's AT port is not there (vanished, resetting or not plugged in)";

    /** Schedules the session's one next task (poll, retry, probe, reopen), replacing the pending one. */
    void next(Duration delay, Runnable task) {
        thread.check();
        next.cancel();
        if (!closed) {
            next = thread.schedule(delay, task);
        }
    }

    /** Adds the vendor's URCs to the open port's table. */
    void registerUrcs(Consumer<UrcRegistry> vendor) {
        thread.check();
        if (port != null) {
            vendor.accept(port.urcs());
        }
    }

    /** True when the port is open and ours (not lent). */
    boolean ready() {
        thread.check();
        return port != null && port.isOpen() && !lent;
    }

    String controlPath() {
        thread.check();
        return controlPath;
    }

    int consecutiveTimeouts() {
        thread.check();
        return consecutiveTimeouts;
    }

    // ---- the session itself ------------------------------------------------------------------------

    private void open() {
        if (closed || lent) {
            return;
        }
        try {
            openPort();
        } finally {
            firstOpenDone = true;
        }
    }

    private void openPort() {
        ModemPorts.Resolution r = ports.resolve();
        if (r instanceof ModemPorts.Missing m) {
            events.notFound(m.why());
            retryOpen();
            return;
        }
        var found = (ModemPorts.Found) r;
        drop();
        AtPort p = portFactory.apply(found.control());
        p.setCommandObserver(observer);
        p.addUrcListener(line -> thread.execute(() -> {
            if (p == port) {
                events.urc(line);
            }
        }));
        p.addGoneListener(why -> thread.execute(() -> onGone(p, why)));
        try {
            p.open();
        } catch (LockHeldException e) {
            events.busy(e.getMessage());
            retryOpen();
            return;
        } catch (IOException e) {
            events.absent("cannot open " + found.control() + ": " + e.getMessage());
            retryOpen();
            return;
        }
        port = p;
        controlPath = found.control();
        reopenAttempts = 0;
        consecutiveTimeouts = 0;
        events.opened(controlPath);
        if (port == p && p.isOpen()) {
            // after the init sequence (it runs within opened): an SMS that waited for the port may go now
            portOpened.run();
        }
    }

    private void retryOpen() {
        next(REOPEN.delay(reopenAttempts++, random), this::open);
    }

    private void onGone(AtPort p, String why) {
        if (p != port) {
            return;
        }
        drop();
        events.vanished("port vanished (" + why + ")");
        reopenAttempts = 0;
        retryOpen();
    }

    /** After a timeout: a plain AT at once; an answer means carry on where the dialogue was. */
    private void probe() {
        if (send("AT", config.commandTimeout()) != null) {
            events.answering(false);
        }
    }

    private void probeHung() {
        if (send("AT", config.commandTimeout()) != null) {
            log.info("modem: answering again after being hung");
            events.answering(true);
        }
    }

    private void drop() {
        if (port != null) {
            port.close();
            port = null;
        }
    }
}
