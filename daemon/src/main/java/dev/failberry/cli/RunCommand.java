package dev.failberry.cli;

import dev.failberry.config.FailberryConfig;
import dev.failberry.config.InvalidConfigException;
import dev.failberry.daemon.Daemon;
import dev.failberry.host.SerialNative;
import dev.failberry.host.UucpLock;
import dev.failberry.logging.Logging;
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
        FailberryConfig c;
        try {
            c = config.load();
        } catch (InvalidConfigException e) {
            CheckConfigCommand.printProblems(spec.commandLine().getErr(), e);
            spec.commandLine().getErr().println("failberry: not starting: the configuration is invalid");
            return ExitCode.USAGE;
        }
        Logging.setLevel(c.logLevel());
        var refusal = StartChecks.refusal(c, UucpLock.SYSTEM_DIR);
        if (refusal.isPresent()) {
            spec.commandLine().getErr().println("failberry: not starting: " + refusal.get());
            return ExitCode.USAGE;
        }
        try {
            // Now, while this is the only thread: loading swaps java.io.tmpdir and user.home for a moment.
            SerialNative.load();
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println("failberry: not starting: " + e.getMessage());
            return ExitCode.USAGE;
        }
        // The listeners first: /health answers (503 while starting) before the modem, pppd, DNS and USB
        // parts are built, as systemd and Route53's health checker see a daemon that is there.
        Daemon daemon = new Daemon(c);
        try {
            daemon.listen();
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("failberry: could not start: " + Main.describe(rootCause(e)));
            daemon.close();
            return ExitCode.UNREACHABLE;
        }
        try {
            DaemonAssembly.wire(daemon, c);
        } catch (InvalidConfigException e) {
            CheckConfigCommand.printProblems(spec.commandLine().getErr(), e);
            daemon.close();
            return ExitCode.USAGE;
        }
        return runUntilSignal(spec, daemon);
    }

    /** Starts the daemon and blocks until the JVM is asked to stop; the shutdown hook stops it in order. */
    static int runUntilSignal(CommandSpec spec, Daemon daemon) throws InterruptedException {
        try {
            daemon.start();
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("failberry: could not start: " + Main.describe(rootCause(e)));
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
