package dev.failberry.dns;

import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
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
 * failures start and once when a beat gets through again, and is simply retried at the next tick. A beat in
 * flight when the link goes down fails as soon as its source address is gone ({@link BoundSdkHttpClient}
 * abandons it), counts and logs like any failure, and the tick it arms is cancelled by {@link #linkDown},
 * which the worker runs right after it. Runs on the caller's {@link Scheduler} (the DNS publisher's
 * worker); all state is confined to it.
 */
final class Heartbeat {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final HeartbeatSender sender;
    private final Scheduler worker;
    private final long intervalNanos;
    private final Consumer<HeartbeatStatus> report;

    // Confined to the worker.
    private Cancellable next = Cancellable.NONE;
    private Optional<InetAddress> source = Optional.empty();
    private long startedNanos;
    private int generation;
    private boolean running;
    private boolean failing;
    private HeartbeatStatus status;

    Heartbeat(HeartbeatSender sender, Scheduler worker, Duration interval) {
        this(sender, worker, interval, s -> {});
    }

    /** {@code report} gets the status after each beat, on the worker (it hands it over and returns). */
    Heartbeat(HeartbeatSender sender, Scheduler worker, Duration interval, Consumer<HeartbeatStatus> report) {
        this.sender = sender;
        this.worker = worker;
        this.intervalNanos = interval.toNanos();
        this.report = report;
        this.status = HeartbeatStatus.initial(interval);
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
        return status.sent();
    }

    long failed() {
        return status.failed();
    }

    /** Worker thread only (others get it through {@code report}). */
    HeartbeatStatus status() {
        return status;
    }

    private void beat(int gen) {
        if (gen != generation) {
            return;
        }
        try {
            sender.beat(source);
            status = new HeartbeatStatus(
                    status.interval(),
                    status.sent() + 1,
                    status.failed(),
                    Optional.of(worker.time().now()),
                    Optional.empty());
            if (failing) {
                log.info("dns: CloudWatch heartbeat sent again after {} failed", status.failed());
                failing = false;
            }
        } catch (DnsException e) {
            status = new HeartbeatStatus(
                    status.interval(),
                    status.sent(),
                    status.failed() + 1,
                    status.lastSent(),
                    Optional.of(e.getMessage()));
            if (!failing) {
                log.warn(
                        "dns: CloudWatch heartbeat failed ({}); trying again every {} s, logged again once it works",
                        e.getMessage(),
                        intervalNanos / 1_000_000_000L);
                failing = true;
            }
        }
        report.accept(status);
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
