package dev.failberry.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Starting and ending real process trees (sh and sleep), including one that ignores SIGTERM. */
class ProcessTreeTest {
    /** A shell that ignores SIGTERM and has a child (sleep), as a wedged pppd with its connect script. */
    static Process stubborn() throws IOException {
        Process p = ProcessTree.start(new ProcessBuilder("sh", "-c", "trap '' TERM; sleep 300 & wait; wait"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> p.descendants().findAny().isPresent());
        return p;
    }

    static void assertTreeGone(Process p, List<ProcessHandle> children) {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !p.isAlive() && children.stream().noneMatch(ProcessHandle::isAlive));
        await().atMost(Duration.ofSeconds(5)).until(() -> !ProcessTree.running().contains(p.toHandle()));
    }

    @Test
    void stopKillsATreeThatIgnoresSigterm() throws Exception {
        Process p = stubborn();
        List<ProcessHandle> children = p.descendants().toList();

        long t0 = System.nanoTime();
        assertThat(ProcessTree.stop(p.toHandle(), Duration.ofMillis(300))).isFalse();

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertTreeGone(p, children);
    }

    @Test
    void stopOfACooperativeProcessEndsWithinTheGrace() throws Exception {
        Process p = ProcessTree.start(new ProcessBuilder("sleep", "300"));
        assertThat(ProcessTree.stop(p.toHandle(), Duration.ofSeconds(5))).isTrue();
        assertTreeGone(p, List.of());
    }

    @Test
    void endWaitsForAProcessAskedToQuitThenKillsWhatIsLeft() throws Exception {
        Process cat = ProcessTree.start(new ProcessBuilder("cat"));
        cat.getOutputStream().close();
        assertThat(ProcessTree.end(cat.toHandle(), Duration.ofSeconds(5))).isTrue();

        Process deaf = stubborn();
        List<ProcessHandle> children = deaf.descendants().toList();
        assertThat(ProcessTree.end(deaf.toHandle(), Duration.ofMillis(200))).isFalse();
        assertTreeGone(deaf, children);
    }

    @Test
    void terminateThenKillReachesChildrenSeenBefore() throws Exception {
        Process p = stubborn();
        List<ProcessHandle> seen = ProcessTree.terminate(p.toHandle());
        assertThat(seen).isNotEmpty();
        assertThat(ProcessTree.waitFor(p.toHandle(), Duration.ofMillis(200)))
                .as("SIGTERM is ignored")
                .isFalse();

        ProcessTree.kill(p.toHandle(), seen);

        assertTreeGone(p, seen);
    }

    @Test
    void aChildThatEndsOnEofIsLeftToItsOwner() throws Exception {
        Process cat = ProcessTree.startUntilEof(new ProcessBuilder("cat"));
        assertThat(ProcessTree.running()).doesNotContain(cat.toHandle());
        cat.getOutputStream().close();
        assertThat(ProcessTree.waitFor(cat.toHandle(), Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void theShutdownGuardEndsEveryChildStillRunning() throws Exception {
        Process p = stubborn();
        List<ProcessHandle> children = p.descendants().toList();
        assertThat(ProcessTree.running()).contains(p.toHandle());

        ProcessTree.endAll();

        assertTreeGone(p, children);
    }
}
