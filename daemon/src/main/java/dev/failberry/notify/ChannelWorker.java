package dev.failberry.notify;

import dev.failberry.notify.NotifyChannel.Delivery;
import dev.failberry.notify.NotifyStatus.ChannelStatus;
import dev.failberry.time.Backoff;
import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's outbox, confined to the notifier's scheduler thread: the rate limit, a bounded queue
 * delivered in order, retries with backoff until {@code retryFor}, and counters. A failing channel logs
 * one line per distinct reason (and one when it works again), not one per attempt. A channel that
 * answers {@link Delivery.Waiting} is asked again when it says it is ready ({@link #ready}), or at the
 * latest after {@link #WAIT_RECHECK}.
 */
final class ChannelWorker {
    private static final Logger log = LoggerFactory.getLogger(ChannelWorker.class);
    static final int MAX_QUEUE = 32;
    static final Duration WAIT_RECHECK = Duration.ofSeconds(30);
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(10), 2.0, 0.2);

    private record Pending(Notice notice, long queuedNanos) {}

    private final NotifyChannel channel;
    private final RateLimit rate;
    private final Duration retryFor;
    private final Scheduler scheduler;
    private final String host;
    private final Runnable onChange;
    private final Random random = new Random();
    private final Deque<Pending> queue = new ArrayDeque<>();
    private final Set<String> toldOutages = new HashSet<>();

    private Cancellable timer = Cancellable.NONE;
    private boolean armed;
    private boolean stopped;
    private int attempt;
    private int droppedSinceQueued;
    private long sent;
    private long failed;
    private long retries;
    private long rateLimited;
    private String lastError;
    private Instant lastErrorAt;
    private Instant lastSentAt;
    private String waiting;
    private String loggedReason;
    /** Failed attempts since the last delivery (across given-up messages), for the "works again" line. */
    private int failedSinceSent;

    ChannelWorker(
            NotifyChannel channel,
            int maxPerHour,
            Duration retryFor,
            Scheduler scheduler,
            String host,
            Runnable onChange) {
        this.channel = channel;
        this.rate = new RateLimit(maxPerHour);
        this.retryFor = retryFor;
        this.scheduler = scheduler;
        this.host = host;
        this.onChange = onChange;
    }

    /** Queues {@code notice} unless the rate limit drops it; the end of an outage whose start went out always goes. */
    void offer(Notice notice, Folding.Role role, String outage) {
        long now = scheduler.time().nanoTime();
        if (role == Folding.Role.END && toldOutages.remove(outage)) {
            rate.force(now);
        } else if (!rate.tryAcquire(now)) {
            rateLimited++;
            droppedSinceQueued++;
            log.info(
                    "notify {}: {} not sent: more than the allowed messages per hour",
                    channel.name(),
                    notice.event().name().wire());
            return;
        } else if (role == Folding.Role.START) {
            toldOutages.add(outage);
        }
        if (queue.size() >= MAX_QUEUE) {
            Pending oldest = queue.poll();
            failed++;
            error("queue full: dropped the oldest message ("
                    + oldest.notice().event().name().wire() + ")");
        }
        queue.add(new Pending(notice.withDropped(droppedSinceQueued, host), now));
        droppedSinceQueued = 0;
        if (!armed) {
            arm(Duration.ZERO);
        }
    }

    /**
     * The channel may be usable now (the modem's AT port opened): a message waiting for it is tried at once
     * instead of at the recheck. Nothing happens unless the head of the queue is waiting; a message in
     * retry backoff keeps its backoff.
     */
    void ready() {
        if (stopped || !armed || waiting == null) {
            return;
        }
        timer.cancel();
        arm(Duration.ZERO);
    }

    private void arm(Duration delay) {
        armed = true;
        timer = scheduler.schedule(delay, this::attempt);
    }

    private void attempt() {
        armed = false;
        Pending head = queue.peek();
        if (head == null) {
            return;
        }
        long now = scheduler.time().nanoTime();
        if (now - head.queuedNanos() > retryFor.toNanos()) {
            queue.poll();
            failed++;
            attempt = 0;
            log.warn(
                    "notify {} {}: gave up on {} after {} of retries (last error: {})",
                    channel.name(),
                    channel.target(),
                    head.notice().event().name().wire(),
                    MessageText.duration(retryFor.toSeconds()),
                    lastError);
            error("gave up after " + MessageText.duration(retryFor.toSeconds()) + ": " + lastError);
            next();
            return;
        }
        Delivery d;
        try {
            d = channel.deliver(head.notice());
        } catch (RuntimeException e) {
            d = new Delivery.Retry("internal error: " + e);
        }
        if (d instanceof Delivery.Sent) {
            queue.poll();
            sent++;
            lastSentAt = scheduler.time().now();
            waiting = null;
            if (loggedReason != null) {
                log.info(
                        "notify {} {}: delivered again after {} failed attempt(s)",
                        channel.name(),
                        channel.target(),
                        failedSinceSent);
                loggedReason = null;
            }
            failedSinceSent = 0;
            log.info(
                    "notify {} {}: sent {} ({})",
                    channel.name(),
                    channel.target(),
                    head.notice().event().name().wire(),
                    head.notice().id());
            attempt = 0;
            next();
        } else if (d instanceof Delivery.Retry r) {
            retries++;
            failedSinceSent++;
            waiting = null;
            error(r.reason());
            logOnce(r.reason(), "not delivered, retrying with backoff");
            arm(BACKOFF.delay(attempt++, random));
            onChange.run();
        } else if (d instanceof Delivery.Failed f) {
            queue.poll();
            failed++;
            waiting = null;
            attempt = 0;
            error(f.reason());
            log.warn(
                    "notify {} {}: {} not delivered and not retried: {}",
                    channel.name(),
                    channel.target(),
                    head.notice().event().name().wire(),
                    f.reason());
            loggedReason = null;
            next();
        } else if (d instanceof Delivery.Waiting w) {
            if (!w.reason().equals(waiting)) {
                log.info("notify {}: waiting: {}", channel.name(), w.reason());
            }
            waiting = w.reason();
            arm(WAIT_RECHECK);
            onChange.run();
        }
    }

    private void next() {
        if (!queue.isEmpty()) {
            arm(Duration.ZERO);
        }
        onChange.run();
    }

    private void error(String reason) {
        lastError = reason;
        lastErrorAt = scheduler.time().now();
    }

    private void logOnce(String reason, String what) {
        if (reason.equals(loggedReason)) {
            log.debug("notify {}: {}: {}", channel.name(), what, reason);
        } else {
            log.warn("notify {} {}: {}: {}", channel.name(), channel.target(), what, reason);
            loggedReason = reason;
        }
    }

    /**
     * Delivers {@code notice} once, now, ahead of the queue and outside the rate limit, without retries
     * ({@code failberry notify test}): what the admin asked for, and an answer within the channel's own
     * timeouts. Counted like any message (a refusal or a retryable failure counts as failed).
     */
    Delivery test(Notice notice) {
        Delivery d;
        try {
            d = channel.deliver(notice);
        } catch (RuntimeException e) {
            d = new Delivery.Failed("internal error: " + e);
        }
        if (d instanceof Delivery.Sent) {
            sent++;
            lastSentAt = scheduler.time().now();
            log.info("notify {} {}: sent test message ({})", channel.name(), channel.target(), notice.id());
        } else if (d instanceof Delivery.Retry r) {
            failed++;
            error(r.reason());
            log.warn("notify {} {}: test message not delivered: {}", channel.name(), channel.target(), r.reason());
        } else if (d instanceof Delivery.Failed f) {
            failed++;
            error(f.reason());
            log.warn("notify {} {}: test message not delivered: {}", channel.name(), channel.target(), f.reason());
        } else if (d instanceof Delivery.Waiting w) {
            log.info("notify {} {}: test message not sent now: {}", channel.name(), channel.target(), w.reason());
        }
        return d;
    }

    /**
     * The daemon is stopping: what is queued gets one more attempt each, in order, without retries, while
     * the monotonic clock is before {@code deadlineNanos} (checked between messages). A message that could
     * not go stays queued and is lost with the process; the log says how many.
     */
    void flush(long deadlineNanos) {
        timer.cancel();
        armed = false;
        while (!queue.isEmpty() && scheduler.time().nanoTime() < deadlineNanos) {
            Pending head = queue.peek();
            Delivery d;
            try {
                d = channel.deliver(head.notice());
            } catch (RuntimeException e) {
                d = new Delivery.Failed("internal error: " + e);
            }
            if (d instanceof Delivery.Sent) {
                queue.poll();
                sent++;
                lastSentAt = scheduler.time().now();
                log.info(
                        "notify {} {}: sent {} ({}) while stopping",
                        channel.name(),
                        channel.target(),
                        head.notice().event().name().wire(),
                        head.notice().id());
            } else if (d instanceof Delivery.Failed f) {
                queue.poll();
                failed++;
                error(f.reason());
            } else {
                break; // retrying or waiting cannot finish before the daemon is gone
            }
        }
        if (!queue.isEmpty()) {
            log.warn(
                    "notify {} {}: {} message(s) not sent before the daemon stopped (last error: {})",
                    channel.name(),
                    channel.target(),
                    queue.size(),
                    lastError);
        }
    }

    String channelName() {
        return channel.name();
    }

    String channelTarget() {
        return channel.target();
    }

    int pending() {
        return queue.size();
    }

    ChannelStatus status() {
        return new ChannelStatus(
                channel.name(),
                channel.target(),
                sent,
                failed,
                retries,
                rateLimited,
                queue.size(),
                lastError,
                lastErrorAt,
                lastSentAt,
                waiting);
    }

    void stop() {
        stopped = true;
        timer.cancel();
    }
}
