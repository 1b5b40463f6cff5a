package dev.failberry.cli;

import dev.failberry.config.FailberryConfig;
import dev.failberry.daemon.Daemon;
import dev.failberry.daemon.Environment;
import dev.failberry.daemon.Wiring;
import dev.failberry.modem.ModemPorts;
import dev.failberry.modem.SerialSettings;

/** Builds a daemon with the production capabilities for a configuration. */
final class DaemonAssembly {
    private DaemonAssembly() {}

    /** The production capabilities built into {@code daemon}, which may already be listening. */
    static void wire(Daemon daemon, FailberryConfig config) throws dev.failberry.config.InvalidConfigException {
        Wiring.wire(daemon, config, Environment.production(config.runtimeDir()));
    }

    static ModemPorts ports(FailberryConfig c) {
        return Wiring.ports(c);
    }

    static SerialSettings serial(FailberryConfig.Modem m, String path) {
        return Wiring.serial(m, path);
    }
}
