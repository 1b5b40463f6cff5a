package dev.failberry.modem.discovery;

import java.util.List;

/** The outcome of port discovery: a modem, or a typed reason why there is none (yet). */
public sealed interface DiscoveryResult {
    /** Why no modem was found. */
    enum Reason {
        /** No USB device matches the configured (or any known) modem vendor. */
        NO_DEVICE,
        /** The modem is present in mass-storage (CD-ROM) mode; usb_modeswitch normally switches it within ~20 s. */
        STORAGE_MODE,
        /** The modem is present but its drivers have not created ttys yet (still enumerating, or no driver bound). */
        NO_TTY_YET,
        /** The configured interface number has no tty on the modem. */
        NO_SUCH_INTERFACE,
        /** An explicitly configured port path does not exist. */
        PORT_MISSING
    }

    /** A modem. {@code notes} say what was ambiguous (several candidates, fallback port choice). */
    record Found(DiscoveredModem modem, List<String> notes) implements DiscoveryResult {
        public Found {
            notes = List.copyOf(notes);
        }
    }

    /** No modem, with the reason and one clear message. */
    record NotFound(Reason reason, String message) implements DiscoveryResult {}

    default boolean found() {
        return this instanceof Found;
    }
}
