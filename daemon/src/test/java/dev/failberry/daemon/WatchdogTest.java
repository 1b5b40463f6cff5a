package dev.failberry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.testutil.LogCapture;
import dev.failberry.time.VirtualTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WatchdogTest {
    @Test
    void haltsOnlyWhenTheSupervisorStoppedBeating() {
        var time = new VirtualTime();
        var supervisor = new Supervisor(time);
        supervisor.startHeartbeat();
        var halts = new AtomicInteger();
        var watchdog = new Watchdog(supervisor, halts::incrementAndGet);

        time.advance(Duration.ofHours(2));
        assertThat(watchdog.check()).isFalse();

        // the supervisor's thread wedges: time passes but no task runs any more
        var wedged = new Supervisor(time);
        var dog = new Watchdog(wedged, halts::incrementAndGet);
        time.advance(Duration.ofSeconds(59));
        assertThat(dog.check()).isFalse();
        try (var log = LogCapture.of(Watchdog.class)) {
            time.advance(Duration.ofSeconds(2));
            assertThat(dog.check()).isTrue();
            assertThat(log.messages())
                    .containsExactly("ERROR watchdog: the supervisor has not run for 61 s (state "
                            + "STARTING); halting so that systemd restarts the daemon");
        }
        assertThat(halts).hasValue(1);
    }
}
