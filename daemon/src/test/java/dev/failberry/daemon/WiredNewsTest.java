package dev.failberry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.daemon.NetBridge.WiredEvents;
import dev.failberry.daemon.NetBridge.WiredNews;
import dev.failberry.net.WiredPath.PathState;
import dev.failberry.notify.EventName;
import dev.failberry.notify.NotifyEvent;
import dev.failberry.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which changes of the wired path become {@code wired-down}/{@code wired-up} events. */
class WiredNewsTest {

    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of("the first verdict after a start is no news", "UP", List.of()),
                Arguments.of("an outage and its end", "UP DOWN UP", List.of("down: r2", "up: r3")),
                Arguments.of("down from the start is news", "DOWN UP", List.of("down: r1", "up: r2")),
                Arguments.of(
                        "unknown in the middle of an outage neither ends nor restarts it",
                        "UP DOWN UNKNOWN DOWN UP",
                        List.of("down: r2", "up: r5")),
                Arguments.of(
                        "an outage that ends while the path was unknown ends at the next verdict",
                        "DOWN UNKNOWN UP",
                        List.of("down: r1", "up: r3")),
                Arguments.of("unknown between two verdicts of up is nothing", "UP UNKNOWN UP UNKNOWN", List.of()),
                Arguments.of(
                        "a path that flaps is news each time",
                        "UP DOWN UP DOWN UP",
                        List.of("down: r2", "up: r3", "down: r4", "up: r5")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void changesBecomeEvents(String name, String changes, List<String> expected) {
        List<String> heard = new ArrayList<>();
        WiredEvents events = WiredEvents.of(r -> heard.add("down: " + r), r -> heard.add("up: " + r));
        WiredNews news = new WiredNews();
        int i = 0;
        for (String to : changes.split(" ")) {
            i++;
            news.changed(PathState.valueOf(to), "r" + i, events);
        }
        assertThat(heard)
                .containsExactlyElementsOf(expected.stream()
                        .map(e -> e.replaceFirst("^(down|up): ", "$1: wired path $1: "))
                        .toList());
    }

    @Test
    void toASinkTheEventsCarryTheTimeTheStateAndTheReason() {
        VirtualTime time = new VirtualTime(Instant.parse("2026-12-01T19:00:00Z"));
        List<NotifyEvent> sent = new ArrayList<>();
        String[] state = {"CONNECTED"};
        WiredEvents events = WiredEvents.toSink(sent::add, time, () -> state[0]);
        WiredNews news = new WiredNews();
        news.changed(PathState.UP, "2 of 2 targets answer", events);
        news.changed(PathState.DOWN, "1 of 2 targets unreachable", events);
        time.advance(Duration.ofMinutes(5));
        state[0] = "DEGRADED";
        news.changed(PathState.UP, "5 rounds in a row passed", events);

        assertThat(sent)
                .extracting(e -> e.name(), NotifyEvent::time, NotifyEvent::state, NotifyEvent::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                EventName.WIRED_DOWN,
                                Instant.parse("2026-12-01T19:00:00Z"),
                                "CONNECTED",
                                "wired path down: 1 of 2 targets unreachable"),
                        org.assertj.core.groups.Tuple.tuple(
                                EventName.WIRED_UP,
                                Instant.parse("2026-12-01T19:05:00Z"),
                                "DEGRADED",
                                "wired path up: 5 rounds in a row passed"));
        assertThat(sent.get(1).nanos() - sent.get(0).nanos())
                .isEqualTo(Duration.ofMinutes(5).toNanos());
    }
}
