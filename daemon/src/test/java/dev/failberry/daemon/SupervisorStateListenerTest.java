package dev.failberry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.time.VirtualTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SupervisorStateListenerTest {
    @Test
    void hearsEveryRealTransitionAfterItIsPublishedAndNothingElse() {
        var sup = new Supervisor(new VirtualTime());
        List<String> heard = new ArrayList<>();
        sup.addStateListener((from, to, reason) -> heard.add(from + "->" + to + " (" + reason + ") published="
                + sup.snapshot().state()));
        sup.transition(DaemonState.CONNECTED, "refused: never allowed from STARTING");
        sup.transition(DaemonState.MODEM_INIT, "port opened");
        sup.transition(DaemonState.MODEM_INIT, "another reason, same state");
        sup.transition(DaemonState.REGISTERING, "initialised");
        assertThat(heard)
                .containsExactly(
                        "STARTING->MODEM_INIT (port opened) published=MODEM_INIT",
                        "MODEM_INIT->REGISTERING (initialised) published=REGISTERING");
    }
}
