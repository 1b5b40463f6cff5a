package dev.failberry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ParallelStartTest {
    @Test
    void theStepsRunInOrderOnAThreadOfTheirOwnAndAwaitWaitsForTheLast() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        var firstRan = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var started = ParallelStart.begin(List.of(
                () -> {
                    ran.add("first on " + Thread.currentThread().getName());
                    firstRan.countDown();
                },
                () -> {
                    try {
                        assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ran.add("second");
                }));
        // the caller goes on while the steps run (here: the second step waits for it)
        assertThat(firstRan.await(10, TimeUnit.SECONDS)).isTrue();
        ran.add("caller");
        release.countDown();
        started.await();
        assertThat(ran).containsExactly("first on failberry-start", "caller", "second");
    }

    @Test
    void aFailingStepIsLeftToTheMainThreadAndTheNextOneStillRuns() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        ParallelStart.begin(List.of(
                        () -> {
                            throw new IllegalStateException("no provider");
                        },
                        () -> {
                            throw new NoClassDefFoundError("org/xnio/Xnio");
                        },
                        () -> ran.add("third")))
                .await();
        assertThat(ran).containsExactly("third");
    }
}
