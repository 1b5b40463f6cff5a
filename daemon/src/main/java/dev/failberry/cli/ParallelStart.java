package dev.failberry.cli;

import dev.failberry.http.HttpListeners;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What {@code failberry run} prepares on a second thread while its main thread reads and checks the
 * configuration: logback's set-up and the HTTP stack's classes, neither of which needs the configuration.
 * The main thread {@link #await awaits} it before it goes on (the native serial library is loaded next,
 * which must happen while no other thread runs: {@code SerialNative} says why).
 *
 * <p>Why: those two are about a third of the CPU time before the first {@code /health} answer, and the
 * configuration about another third (bench/start.sh); on a Raspberry Pi's four cores they overlap. A
 * step that fails is not reported, and the next one still runs: the main thread meets the same failure
 * where it is handled.
 */
final class ParallelStart {
    /** The production steps: logback, then XNIO and jboss-logging. */
    static final List<Runnable> STEPS = List.of(LoggerFactory::getILoggerFactory, HttpListeners::prepare);

    private final Thread thread;

    private ParallelStart(Thread thread) {
        this.thread = thread;
    }

    /** Starts the production steps. */
    static ParallelStart begin() {
        return begin(STEPS);
    }

    /** Starts {@code steps}, in order, on a thread of their own. */
    static ParallelStart begin(List<Runnable> steps) {
        var thread = new Thread(() -> steps.forEach(ParallelStart::quietly), "failberry-start");
        thread.setDaemon(true);
        thread.start();
        return new ParallelStart(thread);
    }

    private static void quietly(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | LinkageError e) {
            // the main thread meets it again where it is handled, and reports it there
        }
    }

    /** Waits until every step has ended, so that the caller's is again the only thread of the start. */
    void await() throws InterruptedException {
        thread.join();
    }
}
