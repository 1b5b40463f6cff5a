package dev.failberry.cli;

import dev.failberry.config.FailberryConfig;
import dev.failberry.daemon.Daemon;
import dev.failberry.modem.ModemPorts;
import dev.failberry.modem.SerialSettings;
import java.time.Duration;

/** Builds a daemon with the production capabilities for a configuration. */
final class DaemonAssembly {
    private DaemonAssembly() {
    }

    static Daemon production(FailberryConfig config) {
        return new Daemon(config);
    }

    /** Where the modem's ports are: the configured paths, or USB discovery for {@code auto}. */
    static ModemPorts ports(FailberryConfig c) {
        if (c.modem().autoPort()) {
            return () -> new ModemPorts.Missing("modem.port = auto needs USB discovery");
        }
        return ModemPorts.fixed(c.modem().port(), c.modem().dataPort());
    }

    static SerialSettings serial(FailberryConfig.Modem m, String path) {
        return new SerialSettings(path, m.baud(), m.flowControl() == FailberryConfig.FlowControl.RTS_CTS,
                Duration.ofMillis(500));
    }
}
