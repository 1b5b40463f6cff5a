package dev.failberry.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;
import org.opentest4j.TestAbortedException;

/**
 * The network lab of one test class. Before the class's own {@code @BeforeAll} it skips the class with one
 * line saying why when the lab cannot run here ({@link NetLab#missing()}, then the class's own
 * {@link #requires requirements}), and otherwise makes a scratch directory and the lab. The class then adds
 * what is its own (namespace addresses, stand-ins, nft tables, its daemons) and hands each thing to the
 * extension as soon as it exists; after the class everything is closed in the reverse order (daemons and
 * stand-ins, then the lab with its namespaces and whatever still runs in them, then the scratch directory),
 * also when the set-up failed halfway. A failing test, or a failing {@code @BeforeAll}, prints the log tail
 * of every daemon the extension watches.
 *
 * <pre>
 *   &#64;RegisterExtension
 *   static final LabExtension fixture = new LabExtension();
 * </pre>
 * The field must be static (JUnit honours class-level callbacks of static extensions only). It may sit in an
 * abstract base class for its subclasses: the lab belongs to the class that is running, one at a time.
 */
final class LabExtension
        implements BeforeAllCallback,
                BeforeEachCallback,
                AfterEachCallback,
                AfterAllCallback,
                TestWatcher,
                LifecycleMethodExecutionExceptionHandler {
    private record Requirement(BooleanSupplier met, String skipLine) {}

    private final List<Requirement> requirements = new ArrayList<>();
    private final Deque<AutoCloseable> atEndOfClass = new ArrayDeque<>();
    private final Deque<AutoCloseable> atEndOfTest = new ArrayDeque<>();
    private final List<LabDaemon> classDaemons = new ArrayList<>();
    private final List<LabDaemon> testDaemons = new ArrayList<>();
    private Class<?> running;
    private NetLab lab;
    private Path scratch;
    private long startedNanos;

    /** Skips the class with {@code skipLine} unless {@code met} (checked after the lab's own requirements). */
    LabExtension requires(BooleanSupplier met, String skipLine) {
        requirements.add(new Requirement(met, skipLine));
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        if (running != null) {
            throw new IllegalStateException(
                    testClass.getSimpleName() + ": the lab of " + running.getSimpleName() + " is still open");
        }
        Assumptions.assumeTrue(
                NetLab.missing().isEmpty(),
                () -> "network lab skipped: " + NetLab.missing().orElse(""));
        for (Requirement r : requirements) {
            Assumptions.assumeTrue(r.met().getAsBoolean(), r.skipLine());
        }
        running = testClass;
        startedNanos = System.nanoTime();
        Path dir = Files.createTempDirectory("failberry-lab-" + testClass.getSimpleName() + "-");
        scratch = dir;
        closeAtEnd(() -> LabFiles.delete(dir));
        lab = closeAtEnd(NetLab.create()); // a lab that fails to build removes what it made
    }

    /** The lab; from the class's {@code @BeforeAll} on. */
    NetLab lab() {
        if (lab == null) {
            throw new IllegalStateException("no lab yet: register LabExtension in a static field");
        }
        return lab;
    }

    /** The class's scratch directory, removed after the class; from the class's {@code @BeforeAll} on. */
    Path scratch() {
        if (scratch == null) {
            throw new IllegalStateException("no scratch directory yet: register LabExtension in a static field");
        }
        return scratch;
    }

    /** Closes {@code resource} after the class, before what was registered earlier (the lab, the scratch directory). */
    <T extends AutoCloseable> T closeAtEnd(T resource) {
        atEndOfClass.push(resource);
        return resource;
    }

    /** A daemon for the rest of the class: its log tail when a test fails, killed after the class. */
    LabDaemon daemon(LabDaemon daemon) {
        classDaemons.add(closeAtEnd(daemon));
        return daemon;
    }

    /**
     * A daemon for the running test only: its log tail when the test fails, stopped after the test as systemd
     * stops it (SIGTERM, a stop that takes over 30 s fails the test), then closed.
     */
    LabDaemon daemonForThisTest(LabDaemon daemon) {
        testDaemons.add(daemon);
        atEndOfTest.push(() -> {
            try {
                if (daemon.started()) {
                    daemon.stop();
                }
            } finally {
                daemon.close();
            }
        });
        return daemon;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        testDaemons.clear(); // the last test's, stopped after it and kept only for its log tail
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        closeInTurn(atEndOfTest);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        printLogTails();
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        if (!(throwable instanceof TestAbortedException)) {
            printLogTails();
        }
        throw throwable;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (running != context.getRequiredTestClass()) {
            return; // skipped, or refused because another class held the lab
        }
        try {
            closeInTurn(atEndOfTest);
            closeInTurn(atEndOfClass);
        } finally {
            System.out.printf(
                    "lab %s: %d ms in all%n", running.getSimpleName(), (System.nanoTime() - startedNanos) / 1_000_000);
            running = null;
            lab = null;
            scratch = null;
            classDaemons.clear();
            testDaemons.clear();
        }
    }

    private void printLogTails() {
        for (LabDaemon d : classDaemons) {
            System.err.println(d.logTail());
        }
        for (LabDaemon d : testDaemons) {
            System.err.println(d.logTail());
        }
    }

    /** Closes all of {@code resources}, last registered first, even when some fail; throws the first failure. */
    private static void closeInTurn(Deque<AutoCloseable> resources) throws Exception {
        Throwable first = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception | AssertionError e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof Exception e) {
            throw e;
        }
        if (first instanceof AssertionError e) {
            throw e;
        }
    }
}
