package dev.failberry.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.testutil.LogCapture;
import dev.failberry.time.Backoff;
import dev.failberry.time.VirtualTime;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An SDK client that cannot even start (an Error, e.g. TLS initialisation) must not become a trace loop. */
class BrokenClientTest {
    @TempDir
    Path state;

    @Test
    void aClientThatCannotStartIsOnePermanentErrorNotAStackTracePerRetry() throws Exception {
        var time = new VirtualTime();
        int[] calls = {0};
        DnsBackend broken = new DnsBackend() {
            @Override
            public String name() {
                return "route53";
            }

            @Override
            public String record() {
                return "lte.home.example.com";
            }

            @Override
            public boolean supports(RecordType type) {
                return type == RecordType.A;
            }

            @Override
            public boolean canRead() {
                return true;
            }

            @Override
            public Optional<InetAddress> read(RecordType type) {
                calls[0]++;
                throw new NoClassDefFoundError("Could not initialize class sun.security.ssl.SSLContextImpl$TLSContext");
            }

            @Override
            public PublishOutcome publish(Map<RecordType, InetAddress> values, Optional<InetAddress> source) {
                throw new NoClassDefFoundError("never reached");
            }

            @Override
            public void close() {}
        };
        List<DnsStatus> seen = new ArrayList<>();
        var settings = new DnsPublisher.Settings(
                false,
                Duration.ofMinutes(10),
                new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5), 2.0, 0.0),
                false);
        try (var log = LogCapture.of(DnsPublisher.class)) {
            var publisher = new DnsPublisher(
                    broken,
                    settings,
                    time,
                    new PublishedStore(state, time, "route53", "lte.home.example.com"),
                    seen::add,
                    new Random(1));
            publisher.start();
            publisher.ipChanged(
                    (Inet4Address) InetAddress.getByName("198.51.100.7"), Optional.empty(), Optional.empty());
            time.advance(Duration.ofHours(3));
            assertThat(log.anyThrowable()).isFalse();
            assertThat(log.messages().stream().filter(m -> m.contains("could not run")))
                    .hasSize(1);
        }
        assertThat(seen.get(seen.size() - 1).lastError()).get().asString().contains("client could not run");
        assertThat(seen.get(seen.size() - 1).gaveUp()).isTrue();
        // permanent: retried once per verify interval, not in a backoff storm
        assertThat(calls[0]).isLessThanOrEqualTo(3 * 6 + 1);
    }
}
