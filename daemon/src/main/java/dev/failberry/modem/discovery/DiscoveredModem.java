package dev.failberry.modem.discovery;

import java.nio.file.Path;

/**
 * A modem found by {@link PortDiscovery}: its USB ids (empty for a port given by path that is not a USB
 * device, e.g. a simulator's pseudo-terminal), USB path ({@code 1-1.3}, or "" when unknown), the control
 * (AT) port and the data (PPP) port (the same path when the modem has only one usable port), and a
 * one-line description saying how the ports were chosen.
 */
public record DiscoveredModem(
        String vendorId, String productId, String usbPath, Path controlPort, Path dataPort, String description) {

    public boolean sharedPort() {
        return controlPort.equals(dataPort);
    }
}
