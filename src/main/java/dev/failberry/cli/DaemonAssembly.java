package dev.failberry.cli;

import dev.failberry.config.FailberryConfig;
import dev.failberry.daemon.Daemon;

/** Builds a daemon with the production capabilities for a configuration. */
final class DaemonAssembly {
    private DaemonAssembly() {
    }

    static Daemon production(FailberryConfig config) {
        return new Daemon(config);
    }
}
