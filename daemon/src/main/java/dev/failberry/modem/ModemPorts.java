package dev.failberry.modem;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the modem's ports are right now: explicit paths from the config, or found by discovery. */
@FunctionalInterface
public interface ModemPorts {
    /** The outcome of one look. */
    sealed interface Resolution {}

    /** Control (AT) port and the port pppd dials on (may be the same). */
    record Found(String control, String data) implements Resolution {}

    /** Not there (yet); {@code why} is shown in status. */
    record Missing(String why) implements Resolution {}

    Resolution resolve();

    /** Explicit paths: found when the control port's device node exists. */
    static ModemPorts fixed(String control, String data) {
        return () -> Files.exists(Path.of(control))
                ? new Found(control, data)
                : new Missing(control + " does not exist (modem unplugged or not enumerated yet)");
    }
}
