package dev.failberry.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.testutil.LookupRecorder;
import dev.failberry.usbnet.IpEvent;
import dev.failberry.usbnet.IpMonitorParser;
import dev.failberry.usbnet.NetState;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/** {@code ip -o monitor} lines (the iproute2 6.1 capture, mutated): consistent events, no name lookups. */
@AddLifecycleHook(FuzzCampaign.class)
class IpMonitorFuzzTest {
    static final List<String> LINES = capture();

    static List<String> capture() {
        try (InputStream in = IpMonitorFuzzTest.class.getResourceAsStream("/hilink/ip-monitor-iproute2-6.1.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<String> lines() {
        return TextMutator.around(LINES);
    }

    @Property(tries = 1000, seed = "18019")
    void linesGiveConsistentEventsWithoutLookups(@ForAll("lines") String line) {
        try (LookupRecorder dns = LookupRecorder.install()) {
            Optional<IpEvent> e = IpMonitorParser.parse(line);
            e.ifPresent(ev -> {
                assertThat(ev.index()).isPositive();
                if (ev instanceof IpEvent.Link l) {
                    assertThat(l.name()).isNotBlank().doesNotContainAnyWhitespaces();
                } else if (ev instanceof IpEvent.Address a) {
                    assertThat(a.prefix()).isBetween(0, a.address() instanceof Inet4Address ? 32 : 128);
                }
                assertThat(NetState.EMPTY.apply(ev)).isNotNull();
            });
            assertThat(dns.drain()).isEmpty();
        }
    }
}
