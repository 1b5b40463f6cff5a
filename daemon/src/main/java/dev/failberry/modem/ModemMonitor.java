package dev.failberry.modem;

import dev.failberry.config.FailberryConfig;
import dev.failberry.modem.ModemStatus.Condition;
import dev.failberry.modem.sms.SmsDialogue;
import dev.failberry.modem.sms.SmsOutcome;
import dev.failberry.modem.sms.SmsTransport;
import dev.failberry.time.Scheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows the modem's real condition: the capability the supervisor talks to. It is only the door: the
 * {@link AtSession} (the port: open, gone, lent to pppd, timeouts counted) and the {@link ModemDialogue}
 * (what is said to the modem: init, SIM, APN, polling, URCs, as step lists) live on the modem's own
 * thread, and every method here hands its work over to that thread ({@link ModemThread}); nothing here
 * reads their state. A hung modem is reported {@link Condition#HUNG} within about {@code hung-threshold}
 * command timeouts, a vanished port {@link Condition#GONE} as soon as the reader sees it, and a
 * {@link ModemStatus} is published after every change.
 */
public final class ModemMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModemMonitor.class);
    /** What an admin command may take beyond its own timeout once it runs (resynchronisation, framing). */
    private static final Duration ADMIN_SLACK = Duration.ofSeconds(1);
    /** How long an SMS waits for the modem thread to finish what it is doing (a poll round, an init). */
    static final Duration SMS_START_WITHIN = Duration.ofMinutes(2);
    /** Closing the port (the reader thread stops within 2.5 s). */
    private static final Duration CLOSE_TIME = Duration.ofSeconds(3);

    private final FailberryConfig.Modem config;
    private final ModemPorts ports;
    private final ModemThread thread;
    private final AtSession session;
    private final ModemDialogue dialogue;
    /** Set at once (from the supervisor) when pppd is about to get the only port; the modem thread follows. */
    private volatile boolean portWanted;
    /** Told on the modem thread each time the AT port opens (the notifier, so that a waiting SMS goes now). */
    private final List<Runnable> portOpened = new CopyOnWriteArrayList<>();

    /**
     * @param stateDir where the SIM PIN guard keeps what it learnt ({@code state-dir}; see {@link PinGuard})
     */
    public ModemMonitor(
            FailberryConfig.Modem config,
            Path stateDir,
            ModemPorts ports,
            Function<String, AtPort> portFactory,
            Scheduler scheduler,
            Consumer<ModemStatus> listener,
            AtCommandObserver observer) {
        this.config = config;
        this.ports = ports;
        this.thread = new ModemThread(scheduler);
        this.session = new AtSession(config, ports, portFactory, thread, observer, this::portOpened);
        this.dialogue =
                new ModemDialogue(config, session, thread, listener, new PinGuard(stateDir, scheduler.time()::now));
        session.listen(dialogue);
    }

    // ---- commands from the supervisor (any thread; each returns at once) --------------------------

    /** Opens the port (finding it first when {@code modem.port = auto}), then init and polling. */
    public void start() {
        SerialShutdown.opened(this);
        thread.execute(session::start);
    }

    /** A poll round now instead of at the next poll. */
    public void checkNow() {
        thread.execute(dialogue::checkNow);
    }

    /** Sends the vendor's (or the configured) reset command, then waits for the modem to come back. */
    public void softReset(String reason) {
        thread.execute(() -> session.reset(dialogue.resetCommand(), reason));
    }

    /**
     * With a single-port stick pppd needs the AT port: release it while the link is up and take it back
     * afterwards. With a separate data port this does nothing.
     */
    public void lendPortToLink(boolean lend) {
        if (!config.sharedDataPort()) {
            return;
        }
        portWanted = lend;
        thread.execute(() -> session.lend(lend));
    }

    /**
     * The notifier's way to send SMS: {@link #sendSms}, and a word each time the AT port opens, so that an SMS
     * told to wait (the port not opened yet at start, or lent to pppd) goes at once.
     */
    public SmsTransport sms() {
        return new SmsTransport() {
            @Override
            public SmsOutcome run(SmsDialogue dialogue) {
                return sendSms(dialogue);
            }

            @Override
            public void whenPortOpens(Runnable opened) {
                portOpened.add(opened);
            }
        };
    }

    /**
     * Sends one SMS on the AT control port, on the modem thread between its own commands, and waits for
     * the outcome (the notifier's {@code SmsTransport}; called from the notifier's thread, never the
     * supervisor's). {@link SmsOutcome.Waiting} while a single-port stick's port carries the link, or as
     * soon as the link asks for it: an SMS never holds up a dial beyond the step in progress, nor breaks
     * a working link. Blocks for at most {@link #SMS_START_WITHIN} plus the dialogue's own timeouts.
     */
    public SmsOutcome sendSms(SmsDialogue sms) {
        if (portWanted) {
            return new SmsOutcome.Waiting(AtSession.SMS_WAITS); // not even a wait for the modem thread
        }
        AtomicBoolean started = new AtomicBoolean();
        Duration finishWithin = sms.longest().plus(ADMIN_SLACK.multipliedBy(10));
        return thread.call(
                () -> {
                    started.set(true);
                    return session.sms(sms, () -> portWanted);
                },
                SMS_START_WITHIN,
                finishWithin,
                () -> started.get()
                        // it may still be submitting: retrying could send it twice, which is worse than not at all
                        ? new SmsOutcome.Failed(
                                false, "no outcome from the modem within " + finishWithin.toSeconds() + " s")
                        : new SmsOutcome.Failed(
                                true, "the modem thread stayed busy for " + SMS_START_WITHIN.toSeconds() + " s"));
    }

    /**
     * Runs one AT command for an admin ({@code failberry modem at}) on the modem thread, between the
     * dialogue's own commands, and waits for it: GONE while the port is closed or lent to pppd; TIMEOUT,
     * not sent, when the modem thread stayed busy for {@code timeout}. Blocks the calling thread for at
     * most about twice the timeout.
     */
    public AtResult execute(String command, Duration timeout) {
        long start = System.nanoTime();
        return thread.call(() -> session.admin(command, timeout), timeout, timeout.plus(ADMIN_SLACK), () -> {
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            log.info(
                    "modem: admin command {} not sent: the modem thread stayed busy for {} ms",
                    AtRedaction.command(command),
                    waited.toMillis());
            return AtResult.noReply(command, AtResult.Status.TIMEOUT, List.of(), waited);
        });
    }

    /** On the modem thread, after the dialogue ran on a freshly opened port. */
    private void portOpened() {
        for (Runnable r : portOpened) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // the notifier is stopping (its thread takes no more work): nothing waits for the port then
                log.debug("modem: port-open listener failed: {}", e.toString());
            }
        }
    }

    /** The data port of the current session (where pppd dials), or the configured one. */
    public String dataPort() {
        var r = ports.resolve();
        return r instanceof ModemPorts.Found f ? f.data() : config.dataPort();
    }

    /**
     * Closes the port and waits until it is closed, so that the modem thread may be stopped right after
     * (a close still queued would be dropped, leaving the port open) and a port we closed ourselves is
     * never reported as vanished (jSerialComm's own shutdown hook waits for this: {@link SerialShutdown}).
     */
    @Override
    public void close() {
        Duration startWithin = config.commandTimeout().multipliedBy(2).plus(PollSequence.REGISTRATION_TIMEOUT);
        thread.call(
                () -> {
                    session.close();
                    return null;
                },
                startWithin,
                CLOSE_TIME,
                () -> {
                    log.warn(
                            "modem: the modem thread did not close the AT port within {} ms",
                            startWithin.plus(CLOSE_TIME).toMillis());
                    return null;
                });
        SerialShutdown.closed(this);
    }
}
