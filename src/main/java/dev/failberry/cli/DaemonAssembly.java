package dev.failberry.cli;

import dev.failberry.config.FailberryConfig;
import dev.failberry.daemon.Daemon;
import dev.failberry.daemon.Environment;
import dev.failberry.daemon.Wiring;
import dev.failberry.modem.ModemPorts;
import dev.failberry.modem.SerialSettings;

/** Builds a daemon with the production capabilities for a configuration. */
final class DaemonAssembly {
    private DaemonAssembly() {
    }

    static Daemon production(FailberryConfig config) throws dev.failberry.config.InvalidConfigException {
        return Wiring.assemble(config, Environment.production(config.runtimeDir()));
    }

    static ModemPorts ports(FailberryConfig c) {
        return Wiring.ports(c);
    }

    static SerialSettings serial(FailberryConfig.Modem m, String path) {
        return Wiring.serial(m, path);
    }
}
