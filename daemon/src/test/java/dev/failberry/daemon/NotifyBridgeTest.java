package dev.failberry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.daemon.NotifyBridge.WiredPath;
import dev.failberry.notify.EventName;
import dev.failberry.notify.NotifyEvent;
import dev.failberry.status.PppView;
import dev.failberry.time.VirtualTime;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The webhook's source address ("through whichever link works") and the emit seams for wired and budget. */
class NotifyBridgeTest {

    private static PppView ppp(String state, String ip) {
        return new PppView(state, "ppp0", ip, null, null, null, null, 0, null, null, null);
    }

    @ParameterizedTest(name = "wired {0}, link {1} {2} -> {3}")
    @CsvSource(
            nullValues = "-",
            value = {
                // wired  , link state, local ip    , source
                "DOWN     , up        , 10.64.12.7  , 10.64.12.7", // the wired internet died: through the mobile link
                "DOWN     , up        , 2001:db8::7 , 2001:db8:0:0:0:0:0:7",
                "DOWN     , dialing   , -           , -", // no link either: the table decides (SMS is the way)
                "DOWN     , backoff   , 10.64.12.7  , -",
                "UP       , up        , 10.64.12.7  , -", // wired works: never the metered link
                "UNKNOWN  , up        , 10.64.12.7  , -", // not checked: the routing table decides
            })
    void theSourceIsTheMobileLinkOnlyWhileTheWiredPathIsKnownDown(
            WiredPath wired, String state, String ip, String source) {
        Optional<InetAddress> chosen = NotifyBridge.webhookSource(wired, ppp(state, ip));
        assertThat(chosen.map(InetAddress::getHostAddress).orElse(null)).isEqualTo(source);
    }

    @Test
    void noPppPartYetMeansTheRoutingTableDecides() {
        assertThat(NotifyBridge.webhookSource(WiredPath.DOWN, null)).isEmpty();
    }

    @Test
    void wiredSeamsEmitOncePerChangeWithTheSupervisorsState() {
        VirtualTime time = new VirtualTime();
        Supervisor sup = new Supervisor(time);
        NotifyBridge bridge = new NotifyBridge(sup);
        List<NotifyEvent> events = new CopyOnWriteArrayList<>();
        bridge.attach(events::add);

        bridge.wiredUp("first round answered"); // unknown -> up is no news
        bridge.wiredDown("no answer from 192.0.2.1:443 through 192.168.1.1 for 3 rounds");
        bridge.wiredDown("still no answer");
        bridge.wiredUp("answering again");

        assertThat(events).extracting(NotifyEvent::name).containsExactly(EventName.WIRED_DOWN, EventName.WIRED_UP);
        assertThat(events.get(0).reason()).isEqualTo("no answer from 192.0.2.1:443 through 192.168.1.1 for 3 rounds");
        assertThat(events.get(0).state()).isEqualTo("STARTING");
        assertThat(bridge.wiredPath()).isEqualTo(WiredPath.UP);
    }

    @Test
    void aSinkThatThrowsNeverBreaksTheCaller() {
        NotifyBridge bridge = new NotifyBridge(new Supervisor(new VirtualTime()));
        bridge.attach(e -> {
            throw new IllegalStateException("journal full");
        });
        bridge.emit(EventName.STARTED, "daemon started", java.util.Map.of());
    }
}
