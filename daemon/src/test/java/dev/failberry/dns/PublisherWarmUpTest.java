package dev.failberry.dns;

import static dev.failberry.dns.DnsTestSupport.v4;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.time.VirtualTime;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client is got ready at start and whenever the link goes down, before the new address arrives. */
class PublisherWarmUpTest {
    @TempDir
    Path stateDir;

    @Test
    void warmsUpAtStartAndOnEveryLinkDownButNotAfterClose() {
        var backend = new SdkProcessProtocolTest.Scripted();
        VirtualTime time = new VirtualTime();
        var p = new DnsPublisher(
                backend,
                new DnsPublisher.Settings(
                        false,
                        Duration.ofMinutes(10),
                        new dev.failberry.time.Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5), 2.0, 0.2),
                        false),
                time,
                new PublishedStore(stateDir, time, backend.name(), backend.record()),
                DnsListener.NONE,
                new SplittableRandom(1));
        p.start();
        time.runDue();
        assertThat(backend.calls).containsExactly("warm");

        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.runDue();
        p.linkDown();
        time.runDue();
        assertThat(backend.calls)
                .containsExactly(
                        "warm",
                        "read A",
                        "publish " + Map.<RecordType, InetAddress>of(RecordType.A, v4("198.51.100.7")) + " from -",
                        "warm");

        p.close();
        p.linkDown();
        time.runDue();
        assertThat(backend.calls).last().isEqualTo("warm");
        assertThat(backend.calls).hasSize(4);
    }
}
