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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The heartbeat's timing in virtual time. The sender stands in for the helper process at its boundary
 * (HeartbeatSender: "send one datapoint from this address"); the helper's real PutMetricData over HTTP is
 * SdkProcessBackendTest's and HeartbeatHelperTest's.
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
