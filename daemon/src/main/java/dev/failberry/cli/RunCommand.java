package dev.failberry.cli;

import dev.failberry.config.FailberryConfig;
import dev.failberry.config.InvalidConfigException;
import dev.failberry.daemon.Daemon;
import dev.failberry.host.SerialNative;
import dev.failberry.host.UucpLock;
import dev.failberry.logging.Logging;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code failberry run}: the daemon, until SIGTERM/SIGINT. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the daemon (what the systemd unit starts).")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return run(config, spec.commandLine().getErr());
    }

    /**
     * The command itself, with its error stream; {@link Main} calls it without picocli for the command line
     * the systemd unit uses ({@link #plainCommandLine}).
     */
    static int run(ConfigOption config, PrintWriter err) throws Exception {
        FailberryConfig c;
        var prepared = ParallelStart.begin();
        try {
            c = config.load();
        } catch (InvalidConfigException e) {
            CheckConfigCommand.printProblems(err, e);
            err.println("failberry: not starting: the configuration is invalid");
            return ExitCode.USAGE;
        } finally {
            prepared.await();
        }
        Logging.setLevel(c.logLevel());
        var refusal = StartChecks.refusal(c, UucpLock.SYSTEM_DIR);
        if (refusal.isPresent()) {
            err.println("failberry: not starting: " + refusal.get());
            return ExitCode.USAGE;
        }
        try {
            // Now, while this is the only thread: loading swaps java.io.tmpdir and user.home for a moment.
            SerialNative.load();
        } catch (java.io.IOException e) {
            err.println("failberry: not starting: " + e.getMessage());
            return ExitCode.USAGE;
        }
        // The listeners first: /health answers (503 while starting) before the modem, pppd, DNS and USB
        // parts are built, as systemd and Route53's health checker see a daemon that is there.
        Daemon daemon = new Daemon(c);
        try {
            daemon.listen();
        } catch (RuntimeException e) {
            err.println("failberry: could not start: " + Main.describe(rootCause(e)));
            daemon.close();
            return ExitCode.UNREACHABLE;
        }
        try {
            DaemonAssembly.wire(daemon, c);
        } catch (InvalidConfigException e) {
            CheckConfigCommand.printProblems(err, e);
            daemon.close();
            return ExitCode.USAGE;
        }
        return runUntilSignal(err, daemon);
    }

    /**
     * The configuration option of {@code args} when they are {@code run}, {@code run --config FILE} or
     * {@code run --config=FILE} and picocli would read them exactly so (no {@code @argument-file}, no FILE
     * that looks like an option or is no path); otherwise empty, and picocli parses them.
     *
     * <p>Why: picocli's classes are Java 5 class files, which the class-data archive cannot hold, so the
     * JVM reads and verifies its ~170 classes at every start, and building the command model loads
     * ~190 more (its converters reach into {@code java.sql}): about a sixth of the CPU time before the
     * daemon's first {@code /health} answer (measured with bench/start.sh). Every other command line,
     * {@code --help} and every usage error included, still goes through picocli.
     */
    static Optional<ConfigOption> plainCommandLine(String[] args) {
        if (args.length == 0 || !args[0].equals("run")) {
            return Optional.empty();
        }
        String file;
        if (args.length == 1) {
            file = null;
        } else if (args.length == 2 && args[1].startsWith("--config=")) {
            file = args[1].substring("--config=".length());
        } else if (args.length == 3 && args[1].equals("--config")) {
            file = args[2];
        } else {
            return Optional.empty();
        }
        var option = new ConfigOption();
        if (file != null) {
            if (file.isEmpty() || file.startsWith("-") || file.startsWith("@")) {
                return Optional.empty();
            }
            try {
                option.file = Path.of(file);
            } catch (InvalidPathException e) {
                return Optional.empty();
            }
        }
        return Optional.of(option);
    }

    /** Starts the daemon and blocks until the JVM is asked to stop; the shutdown hook stops it in order. */
    static int runUntilSignal(PrintWriter err, Daemon daemon) throws InterruptedException {
        try {
            daemon.start();
        } catch (RuntimeException e) {
            err.println("failberry: could not start: " + Main.describe(rootCause(e)));
            daemon.close();
            return ExitCode.UNREACHABLE;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            daemon.close();
                            stopped.countDown();
                        },
                        "failberry-shutdown"));
        stopped.await();
        return ExitCode.OK;
    }

    static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
