package dev.failberry.dns;

import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat of {@code dns.failover.mobile-check = cloudwatch}: while the mobile link is up, one
 * datapoint every {@code interval}, sent from the link's own address ({@link HeartbeatSender}); none while
 * it is down, so that the alarm (missing data = breaching) takes the mobile record out of service when the
 * link or the whole Pi is gone.
 *
 * <p>Beats keep a fixed rate from the moment the link came up: the next one is due at the next multiple of
 * {@code interval} after the last one finished, so a slow call never makes two beats run back to back and
 * beats never pile up (a tick missed while a call hung is skipped, not caught up; CloudWatch needs one
 * datapoint per period, not more). A failed beat (throttled, refused, the network) is logged once when the
 * failures start and once when a beat gets through again, and is simply retried at the next tick. Runs on
 * the caller's {@link Scheduler} (the DNS publisher's worker); all state is confined to it.
 */
final class Heartbeat {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final HeartbeatSender sender;
    private final Scheduler worker;
    private final long intervalNanos;

    // Confined to the worker.
    private Cancellable next = Cancellable.NONE;
    private Optional<InetAddress> source = Optional.empty();
    private long startedNanos;
    private int generation;
    private boolean running;
    private boolean failing;
    private long sent;
    private long failed;

    Heartbeat(HeartbeatSender sender, Scheduler worker, Duration interval) {
        this.sender = sender;
        this.worker = worker;
        this.intervalNanos = interval.toNanos();
    }

    /**
     * The link is up with this local address: beat now, then every interval. The same address again (a new
     * public address behind the same link) changes nothing: the beats already leave from it.
     */
    void linkUp(Optional<InetAddress> source) {
        worker.execute(() -> {
            if (source.isEmpty()) {
                // unbound, the beat would leave through the wired router and vouch for a link it never used
                log.warn("dns: no CloudWatch heartbeat: the link reported no local address to send it from");
                return;
            }
            if (running && source.equals(this.source)) {
                return;
            }
            running = true;
            next.cancel();
            this.source = source;
            startedNanos = worker.time().nanoTime();
            int gen = ++generation;
            beat(gen);
        });
    }

    /** The link is down: no beats until it is up again (the alarm then notices the silence). */
    void linkDown() {
        worker.execute(() -> {
            running = false;
            next.cancel();
            next = Cancellable.NONE;
            generation++;
        });
    }

    void close() {
        linkDown();
        if (sender instanceof CloudWatchHeartbeat inProcess) {
            inProcess.close();
        }
    }

    /** Datapoints CloudWatch accepted and beats that failed (status, tests). Worker thread only. */
    long sent() {
        return sent;
    }

    long failed() {
        return failed;
    }

    private void beat(int gen) {
        if (gen != generation) {
            return;
        }
        try {
            sender.beat(source);
            sent++;
            if (failing) {
                log.info("dns: CloudWatch heartbeat sent again after {} failed", failed);
                failing = false;
            }
        } catch (DnsException e) {
            failed++;
            if (!failing) {
                log.warn(
                        "dns: CloudWatch heartbeat failed ({}); trying again every {} s, logged again once it works",
                        e.getMessage(),
                        intervalNanos / 1_000_000_000L);
                failing = true;
            }
        }
        if (gen == generation) {
            next = worker.schedule(Duration.ofNanos(untilNextTick(worker.time().nanoTime())), () -> beat(gen));
        }
    }

    /** Nanoseconds from {@code now} to the next multiple of the interval since the link came up (never 0). */
    long untilNextTick(long now) {
        long elapsed = now - startedNanos;
        long ticks = elapsed / intervalNanos + 1;
        return startedNanos + ticks * intervalNanos - now;
    }
}
