package dev.failberry.daemon;

import dev.failberry.daemon.Capabilities.ModemControl;
import dev.failberry.modem.ModemMonitor;

/** The modem monitor as the controller sees it. */
final class ModemBridge implements ModemControl {
    private final ModemMonitor monitor;

    ModemBridge(ModemMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public void start() {
        monitor.start();
    }

    @Override
    public void checkNow() {
        monitor.checkNow();
    }

    @Override
    public void softReset(String reason) {
        monitor.softReset(reason);
    }

    @Override
    public void close() {
        monitor.close();
    }
}
