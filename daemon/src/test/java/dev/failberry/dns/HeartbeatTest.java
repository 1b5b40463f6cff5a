package dev.failberry.dns;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.failberry.time.VirtualTime;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The heartbeat's timing in virtual time. The sender stands in for the helper process at its boundary
 * (HeartbeatSender: "send one datapoint from this address"); the helper's real PutMetricData over HTTP is
 * SdkProcessBackendTest's, and HeartbeatLabTest's in the network lab.
 */
class HeartbeatTest {
    private static final Duration FIVE_MIN = Duration.ofMinutes(5);

    private final VirtualTime time = new VirtualTime();

    /** Records each beat's virtual time and source; fails, or takes time, as scripted. */
    private final class ScriptedSender implements HeartbeatSender {
        final List<Long> atSeconds = new ArrayList<>();
        final List<Optional<InetAddress>> sources = new ArrayList<>();
        final Deque<DnsException> failures = new ArrayDeque<>();
        Duration takes = Duration.ZERO;

        @Override
        public void beat(Optional<InetAddress> source) throws DnsException {
            atSeconds.add(time.nanoTime() / 1_000_000_000L);
            sources.add(source);
            if (!takes.isZero()) {
                time.advance(takes); // a slow call: the clock moves while the worker is busy
            }
            DnsException f = failures.poll();
            if (f != null) {
                throw f;
            }
        }
    }

    private static Optional<InetAddress> ip(String s) {
        return Optional.of(DnsTestSupport.v4(s));
    }

    @Test
    void beatsOnceAPeriodFromTheSourceWhileTheLinkIsUpAndStopsWhenItGoesDown() {
        var sender = new ScriptedSender();
        var hb = new Heartbeat(sender, time, FIVE_MIN);
        time.runDue();
        assertThat(sender.atSeconds).as("nothing before the link is up").isEmpty();

        hb.linkUp(ip("10.64.1.2"));
        time.advance(Duration.ofMinutes(16));
        assertThat(sender.atSeconds).containsExactly(0L, 300L, 600L, 900L);
        assertThat(sender.sources).containsOnly(ip("10.64.1.2"));
        assertThat(hb.sent()).isEqualTo(4);

        hb.linkDown();
        time.advance(Duration.ofHours(1));
        assertThat(sender.atSeconds)
                .as("silence while the link is down: the alarm notices")
                .hasSize(4);
        assertThat(time.pending()).isZero();

        // back with a new address: beats again at once, from that address; the same address reported again
        // (a new public address behind the same link) changes nothing
        hb.linkUp(ip("10.64.9.9"));
        hb.linkUp(ip("10.64.9.9"));
        time.advance(Duration.ofMinutes(6));
        assertThat(sender.atSeconds.subList(4, sender.atSeconds.size())).containsExactly(4560L, 4860L);
        assertThat(time.pending()).isEqualTo(1);
        assertThat(sender.sources.get(sender.sources.size() - 1)).isEqualTo(ip("10.64.9.9"));
    }

    @Test
    void aFailedBeatIsLoggedOnceAndTriedAgainAtTheNextTickNeverSooner() {
        var sender = new ScriptedSender();
        var hb = new Heartbeat(sender, time, FIVE_MIN);
        sender.failures.add(
                new DnsException(DnsException.Kind.THROTTLED, "CloudWatch PutMetricData failed: Throttling"));
        sender.failures.add(new DnsException(DnsException.Kind.NETWORK, "connect timed out"));
        sender.failures.add(new DnsException(DnsException.Kind.SERVER, "InternalServiceError"));
        try (var log = new DnsTestSupport.LogCapture(Heartbeat.class)) {
            hb.linkUp(ip("10.64.1.2"));
            time.advance(Duration.ofMinutes(21));
            assertThat(sender.atSeconds).containsExactly(0L, 300L, 600L, 900L, 1200L);
            assertThat(hb.failed()).isEqualTo(3);
            assertThat(hb.sent()).isEqualTo(2);
            assertThat(log.lines(Level.WARN))
                    .singleElement()
                    .asString()
                    .contains("CloudWatch heartbeat failed (CloudWatch PutMetricData failed: Throttling)")
                    .contains("every 300 s");
            assertThat(log.lines(Level.INFO)).contains("INFO dns: CloudWatch heartbeat sent again after 3 failed");
        }
    }

    @Test
    void eachBeatReportsItsStatusFailuresWithTheirReasonUntilOneGetsThrough() {
        var sender = new ScriptedSender();
        List<HeartbeatStatus> reported = new ArrayList<>();
        var hb = new Heartbeat(sender, time, FIVE_MIN, reported::add);
        assertThat(hb.status()).isEqualTo(HeartbeatStatus.initial(FIVE_MIN));
        sender.failures.add(new DnsException(DnsException.Kind.NETWORK, "connect timed out"));

        hb.linkUp(ip("10.64.1.2"));
        time.runDue();
        assertThat(reported)
                .singleElement()
                .isEqualTo(new HeartbeatStatus(FIVE_MIN, 0, 1, Optional.empty(), Optional.of("connect timed out")));

        time.advance(FIVE_MIN);
        assertThat(reported).hasSize(2);
        assertThat(reported.get(1))
                .as("a success clears the reason and stamps the time")
                .isEqualTo(new HeartbeatStatus(FIVE_MIN, 1, 1, Optional.of(time.now()), Optional.empty()));
        assertThat(hb.status()).isEqualTo(reported.get(1));
    }

    @Test
    void aSlowCallSkipsTheTickItMissedInsteadOfPilingUp() {
        var sender = new ScriptedSender();
        sender.takes = Duration.ofMinutes(7); // longer than a period: e.g. a hung connect
        var hb = new Heartbeat(sender, time, FIVE_MIN);
        hb.linkUp(ip("10.64.1.2"));
        time.advance(Duration.ofMinutes(31));
        // calls start at 0, 10, 20, 30 min: the ticks at 5, 15, 25 fell inside a call and were skipped
        assertThat(sender.atSeconds).containsExactly(0L, 600L, 1200L, 1800L);
        assertThat(time.pending()).isEqualTo(1);
    }

    @Test
    void withoutTheLinksAddressThereIsNoBeatRatherThanOneThroughTheWiredRouter() {
        var sender = new ScriptedSender();
        var hb = new Heartbeat(sender, time, FIVE_MIN);
        try (var log = new DnsTestSupport.LogCapture(Heartbeat.class)) {
            hb.linkUp(Optional.empty());
            time.advance(Duration.ofMinutes(30));
            assertThat(sender.atSeconds).isEmpty();
            assertThat(time.pending()).isZero();
            assertThat(log.lines(Level.WARN)).singleElement().asString().contains("no local address");
        }
    }

    /**
     * The call has left when the link goes down: the supervisor's linkDown (and a linkUp with the link's new
     * address) reach the worker while it still waits in beat(), so they run after the call returns, as on the
     * one worker thread in production. The failure is counted and logged once; the tick the returning beat
     * arms is cancelled; nothing runs while the link is down; the new link beats at once from its address.
     */
    @Test
    void aBeatInFlightWhenTheLinkGoesDownFailsOnceThenSilenceThenBeatsFromTheNewAddressAtOnce() {
        List<Long> at = new ArrayList<>();
        List<Optional<InetAddress>> from = new ArrayList<>();
        Heartbeat[] hb = new Heartbeat[1];
        HeartbeatSender sender = source -> {
            at.add(time.nanoTime() / 1_000_000_000L);
            from.add(source);
            if (at.size() == 2) {
                time.advance(Duration.ofSeconds(10)); // the call hangs: nothing else is due meanwhile
                hb[0].linkDown(); // queued behind this call
                throw new DnsException(
                        DnsException.Kind.NETWORK, "CloudWatch PutMetricData could not reach the endpoint: gone");
            }
        };
        List<HeartbeatStatus> reported = new ArrayList<>();
        hb[0] = new Heartbeat(sender, time, FIVE_MIN, reported::add);
        try (var log = new DnsTestSupport.LogCapture(Heartbeat.class)) {
            hb[0].linkUp(ip("10.64.1.2"));
            time.advance(Duration.ofMinutes(6));
            assertThat(at).containsExactly(0L, 300L);
            assertThat(hb[0].failed()).isEqualTo(1);
            assertThat(hb[0].sent()).isEqualTo(1);
            assertThat(time.pending())
                    .as("the tick the failed beat armed was cancelled")
                    .isZero();

            time.advance(Duration.ofHours(1));
            assertThat(at).as("silence while the link is down").hasSize(2);
            assertThat(reported).as("one report per beat, none while down").hasSize(2);
            assertThat(reported.get(1).lastError())
                    .hasValue("CloudWatch PutMetricData could not reach the endpoint: gone");

            hb[0].linkUp(ip("10.64.9.9"));
            time.advance(Duration.ofMinutes(11));
            assertThat(at.subList(2, at.size()))
                    .as("at once, then the fixed rate from the new link's start")
                    .containsExactly(3960L, 4260L, 4560L);
            assertThat(from.subList(2, from.size())).containsOnly(ip("10.64.9.9"));
            assertThat(time.pending()).isEqualTo(1);
            assertThat(hb[0].failed()).isEqualTo(1);
            assertThat(hb[0].status().lastError()).isEmpty();
            assertThat(log.lines(Level.WARN))
                    .singleElement()
                    .asString()
                    .contains(
                            "CloudWatch heartbeat failed (CloudWatch PutMetricData could not reach the endpoint: gone)");
            assertThat(log.lines(Level.INFO)).contains("INFO dns: CloudWatch heartbeat sent again after 1 failed");
        }
    }

    /**
     * The same on a real worker thread: the sender blocks until the test releases it, the link goes down and
     * comes back with a new address meanwhile, and the late call then succeeds (CloudWatch had it). It counts
     * as sent, the tick it armed for the old link is cancelled, and the new link beats at once from its own
     * address: one beat per call, nothing caught up.
     */
    @Test
    void aBeatThatReturnsAfterTheLinkWentDownAndCameBackArmsNothingForTheOldLink() throws Exception {
        var inCall = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        List<Optional<InetAddress>> from = new java.util.concurrent.CopyOnWriteArrayList<>();
        HeartbeatSender sender = source -> {
            from.add(source);
            if (from.size() == 1) {
                inCall.countDown();
                try {
                    assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DnsException(DnsException.Kind.NETWORK, "interrupted");
                }
            }
        };
        var hb = new Heartbeat(sender, time, FIVE_MIN);
        hb.linkUp(ip("10.64.1.2"));
        Thread worker = new Thread(time::runDue, "test-dns-worker");
        worker.start();
        assertThat(inCall.await(10, TimeUnit.SECONDS)).isTrue();
        hb.linkDown(); // from the supervisor's thread, while the worker waits in the call
        hb.linkUp(ip("10.64.9.9"));
        release.countDown();
        worker.join(10_000);
        assertThat(worker.isAlive()).isFalse();

        assertThat(from).containsExactly(ip("10.64.1.2"), ip("10.64.9.9"));
        assertThat(hb.sent()).isEqualTo(2);
        assertThat(hb.failed()).isZero();
        assertThat(time.pending()).as("only the new link's next tick").isEqualTo(1);
        time.advance(Duration.ofMinutes(16));
        assertThat(from).hasSize(5);
        assertThat(from.subList(1, from.size())).containsOnly(ip("10.64.9.9"));
        assertThat(time.pending()).isEqualTo(1);
    }

    /** Down while the call hangs, the call then succeeds: counted as sent, no beat until the link is back. */
    @Test
    void aBeatThatSucceedsAfterTheLinkWentDownIsCountedAndTheSilenceHolds() {
        List<Long> at = new ArrayList<>();
        Heartbeat[] hb = new Heartbeat[1];
        hb[0] = new Heartbeat(
                source -> {
                    at.add(time.nanoTime() / 1_000_000_000L);
                    if (at.size() == 1) {
                        time.advance(Duration.ofMinutes(7)); // longer than a period; nothing is armed meanwhile
                        hb[0].linkDown(); // queued behind this call
                    }
                },
                time,
                FIVE_MIN);
        hb[0].linkUp(ip("10.64.1.2"));
        time.advance(Duration.ofHours(1));
        assertThat(at).containsExactly(0L);
        assertThat(hb[0].sent()).isEqualTo(1);
        assertThat(hb[0].failed()).isZero();
        assertThat(time.pending()).isZero();
    }

    @ParameterizedTest(name = "started {0}s, now {1}s -> next beat in {2}s")
    @CsvSource({
        "0, 0, 300",
        "0, 1, 299",
        "0, 299, 1",
        "0, 300, 300",
        "0, 301, 299",
        "0, 1000, 200",
        "100, 100, 300",
        "100, 450, 250",
    })
    void nextTickIsTheNextMultipleOfTheIntervalSinceTheLinkCameUp(long started, long now, long expected) {
        var hb = new Heartbeat(new ScriptedSender(), time, FIVE_MIN);
        time.advance(Duration.ofSeconds(started));
        hb.linkUp(ip("10.64.1.2"));
        time.runDue();
        long s = 1_000_000_000L;
        assertThat(hb.untilNextTick(started * s + (now - started) * s) / s).isEqualTo(expected);
    }
}
