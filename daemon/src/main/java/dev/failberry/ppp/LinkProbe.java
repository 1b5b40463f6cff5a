package dev.failberry.ppp;

import dev.failberry.config.FailberryConfig;
import dev.failberry.ppp.ProbeResult.ProbeState;
import dev.failberry.time.Scheduler;
import dev.failberry.time.TimeSource;
import java.net.InetAddress;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies that traffic really flows over the link: a {@link Prober} with {@code ppp.probe}'s targets,
 * each check from a socket bound to the link's source address ({@link SourceBinding}). A round succeeds
 * when at least one check succeeds.
 *
 * <p>Hysteresis (like mwan3, {@link ProbeWindow}): the link is DEGRADED when {@code failures} of the last
 * {@code window} rounds failed. It is VERIFIED again after {@code failures} consecutive successful rounds;
 * the window is then cleared, so a new degradation needs {@code failures} fresh failed rounds (no flapping
 * on old history). The first successful round verifies a fresh link.
 *
 * <p>Threading: as {@link Prober}; the listener hears each round and each change on the scheduler.
 */
final class LinkProbe {
    private static final Logger log = LoggerFactory.getLogger(LinkProbe.class);

    private final Prober prober;

    public LinkProbe(
            FailberryConfig.Probe config,
            Scheduler scheduler,
            Executor executor,
            SourceBinding binding,
            PppListener listener) {
        this(config, scheduler, executor, binding, listener, TimeSource.SYSTEM);
    }

    LinkProbe(
            FailberryConfig.Probe config,
            Scheduler scheduler,
            Executor executor,
            SourceBinding binding,
            PppListener listener,
            TimeSource ioClock) {
        this.prober = new Prober(
                Prober.Spec.of(config),
                scheduler,
                executor,
                binding,
                ioClock,
                (result, before) -> report(listener, result, before));
    }

    /** Starts probing a fresh link (history cleared, state UNVERIFIED); the first round runs at once. */
    public void start(InetAddress localIp) {
        prober.start(() -> localIp);
    }

    public void stop() {
        prober.stop();
    }

    /** The last round, or null. */
    public ProbeResult last() {
        return prober.last();
    }

    private static void report(PppListener listener, ProbeResult result, ProbeState before) {
        listener.probeResult(result);
        if (before == result.state()) {
            return;
        }
        if (result.state() == ProbeState.DEGRADED) {
            String reason = result.failuresInWindow() + " of the last " + result.window() + " probe rounds failed ("
                    + result.failureSummary() + ")";
            log.warn("link degraded: {}", reason);
            listener.linkDegraded(result, reason);
        } else {
            log.info(
                    "link verified: probe latency {} ms",
                    result.latency() == null ? "?" : result.latency().toMillis());
            listener.linkVerified(result);
        }
    }
}
