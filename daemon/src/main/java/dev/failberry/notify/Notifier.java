package dev.failberry.notify;

import dev.failberry.config.NotifyConfig;
import dev.failberry.notify.NotifyChannel.Delivery;
import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import dev.failberry.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification capability: the supervisor's {@link EventSink}. {@link #emit} puts the event in a
 * bounded queue and returns; everything else (folding, rate limits, delivery, retries) runs on the
 * {@link Scheduler} given here, one task at a time. In the daemon that is a scheduler of its own, so a
 * webhook that hangs for its timeout or an SMS waiting for the network never delays the supervisor;
 * tests give a {@code VirtualTime}.
 *
 * <p>{@link #status()} may be read from any thread (the HTTP listeners).
 */
public final class Notifier implements EventSink {
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    static final int INBOX = 64;

    private final Scheduler scheduler;
    private final String host;
    private final Set<String> events;
    private final Folding folding;
    private final List<ChannelWorker> workers = new ArrayList<>();
    private final BlockingQueue<NotifyEvent> inbox = new ArrayBlockingQueue<>(INBOX);
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong droppedEvents = new AtomicLong();
    private final String runId =
            HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private long sequence;
    private Cancellable foldTimer = Cancellable.NONE;
    private volatile NotifyStatus status = NotifyStatus.NONE;
    private volatile java.util.function.Consumer<NotifyStatus> onChange = st -> {};

    /**
     * @param host     the name messages carry ({@code host} in the webhook body, after "FailberryPi" in an SMS)
     * @param channels the configured channels; each has its own rate limit from {@code config}
     */
    public Notifier(NotifyConfig config, Scheduler scheduler, String host, List<NotifyChannel> channels) {
        this.scheduler = scheduler;
        this.host = host.replaceAll("[^A-Za-z0-9._-]", "");
        this.events = Set.copyOf(config.events());
        this.folding = new Folding(config.holdDown());
        for (NotifyChannel c : channels) {
            int max = c.name().equals(SmsChannel.NAME)
                    ? config.sms().maxPerHour()
                    : config.webhook().maxPerHour();
            ChannelWorker worker = new ChannelWorker(c, max, config.retryFor(), scheduler, this.host, this::publish);
            workers.add(worker);
            c.whenReady(() -> scheduler.execute(worker::ready));
        }
        publish();
    }

    @Override
    public void emit(NotifyEvent event) {
        if (!inbox.offer(event)) {
            if (droppedEvents.incrementAndGet() == 1) {
                log.warn(
                        "notify: event queue full ({} events): dropping {} (counted in status)",
                        INBOX,
                        event.name().wire());
            }
            return;
        }
        if (drainScheduled.compareAndSet(false, true)) {
            scheduler.execute(this::drain);
        }
    }

    /** The latest status; the event queue's length and drops are read live (the notifier's thread may be busy). */
    public NotifyStatus status() {
        NotifyStatus s = status;
        return new NotifyStatus(
                s.sent(), s.failed(), s.lastError(), s.queueLength() + inbox.size(), droppedEvents.get(), s.channels());
    }

    /**
     * How one channel took a test message.
     *
     * @param result {@code sent}, {@code failed} or {@code waiting} (the channel cannot be used now, e.g.
     *               the modem's only port carries the link)
     * @param detail why it was not sent, else null
     */
    public record TestResult(String channel, String target, String result, String detail) {
        public boolean sent() {
            return result.equals("sent");
        }
    }

    /**
     * Sends a test message ({@code event: test}) on every channel, once each, on the notifier's thread:
     * bypassing folding, {@code notify.events}, the rate limit and retries. Completes with one result per
     * channel once every channel answered (within their own timeouts).
     */
    public CompletableFuture<List<TestResult>> test(TimeSource time, String state, String reason) {
        CompletableFuture<List<TestResult>> done = new CompletableFuture<>();
        NotifyEvent event = NotifyEvent.of(EventName.TEST, time, state, reason);
        scheduler.execute(() -> {
            try {
                Notice n = new Notice(runId + "-" + ++sequence, event, MessageText.line(event, host, 0), 0);
                List<TestResult> results = new ArrayList<>();
                for (ChannelWorker w : workers) {
                    Delivery d = w.test(n);
                    String result =
                            d instanceof Delivery.Sent ? "sent" : d instanceof Delivery.Waiting ? "waiting" : "failed";
                    String detail = d instanceof Delivery.Retry r
                            ? r.reason()
                            : d instanceof Delivery.Failed f
                                    ? f.reason()
                                    : d instanceof Delivery.Waiting wt ? wt.reason() : null;
                    results.add(new TestResult(w.channelName(), w.channelTarget(), result, detail));
                }
                publish();
                done.complete(results);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * Calls {@code listener} with the new status after every change (on the notifier's thread: keep it
     * short; the daemon hands it to the supervisor, which publishes it in {@code /status}).
     */
    public void onChange(java.util.function.Consumer<NotifyStatus> listener) {
        onChange = listener == null ? st -> {} : listener;
    }

    /**
     * The daemon is stopping (a reboot-pending just emitted, a restart): events still in the queue are
     * folded and dispatched, then every queued message gets one more attempt without retries, within
     * {@code within} (a delivery under way may overrun it: the caller stops waiting then). Then
     * {@link #stop()}.
     */
    public void flushAndStop(Duration within) {
        long deadline = scheduler.time().nanoTime() + within.toNanos();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        try {
            scheduler.execute(() -> {
                try {
                    drainScheduled.set(false);
                    for (NotifyEvent e = inbox.poll(); e != null; e = inbox.poll()) {
                        dispatch(folding.accept(e));
                    }
                    dispatch(folding.due(scheduler.time().nanoTime()));
                    workers.forEach(w -> w.flush(deadline));
                    publish();
                } finally {
                    done.countDown();
                }
            });
            if (!done.await(within.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                log.warn(
                        "notify: a delivery was still under way after {} s of stopping; not waiting for it",
                        within.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("notify: could not flush at stop: {}", e.toString());
        }
        stop();
    }

    /** Stops the timers (the daemon is stopping); queued messages are not sent. */
    public void stop() {
        foldTimer.cancel();
        workers.forEach(ChannelWorker::stop);
    }

    private void drain() {
        drainScheduled.set(false);
        for (NotifyEvent e = inbox.poll(); e != null; e = inbox.poll()) {
            dispatch(folding.accept(e));
        }
        dispatch(folding.due(scheduler.time().nanoTime()));
        rearm();
        publish();
    }

    private void tick() {
        dispatch(folding.due(scheduler.time().nanoTime()));
        rearm();
        publish();
    }

    private void rearm() {
        foldTimer.cancel();
        var next = folding.nextDue();
        if (next.isPresent()) {
            long delay = Math.max(0, next.getAsLong() - scheduler.time().nanoTime());
            foldTimer = scheduler.schedule(Duration.ofNanos(delay), this::tick);
        } else {
            foldTimer = Cancellable.NONE;
        }
    }

    private void dispatch(List<Folding.Folded> folded) {
        for (Folding.Folded f : folded) {
            if (!events.contains(f.event().name().wire())) {
                continue;
            }
            Notice n = new Notice(runId + "-" + ++sequence, f.event(), MessageText.line(f.event(), host, 0), 0);
            for (ChannelWorker w : workers) {
                w.offer(n, f.role(), f.outage());
            }
        }
    }

    private void publish() {
        long sent = 0;
        long failed = 0;
        String lastError = null;
        java.time.Instant lastAt = null;
        int queued = 0;
        List<NotifyStatus.ChannelStatus> channels = new ArrayList<>();
        for (ChannelWorker w : workers) {
            var c = w.status();
            channels.add(c);
            sent += c.sent();
            failed += c.failed();
            queued += c.pending();
            if (c.lastErrorAt() != null && (lastAt == null || c.lastErrorAt().isAfter(lastAt))) {
                lastAt = c.lastErrorAt();
                lastError = c.name() + ": " + c.lastError();
            }
        }
        status = new NotifyStatus(sent, failed, lastError, queued, 0, channels);
        try {
            onChange.accept(status());
        } catch (RuntimeException e) {
            log.warn("notify: status listener failed: {}", e.toString());
        }
    }
}
