package dev.failberry.cli;

import dev.failberry.config.FailberryConfig;
import dev.failberry.daemon.Wiring;
import dev.failberry.host.InstanceLock;
import dev.failberry.host.Processes;
import dev.failberry.host.Trust;
import dev.failberry.host.UucpLock;
import dev.failberry.modem.ModemPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code failberry run} makes sure of before it starts anything: its state and runtime
 * directories are its own and no one else can write them, it is the only daemon on this
 * state directory (the lock is then held until the process ends, however it ends) and on this modem
 * (no other failberry daemon holds the control port's UUCP lock). A refusal is one sentence; the
 * daemon then exits 2, which systemd does not restart.
 */
final class StartChecks {
    /** Held for the life of the process; never released by hand. */
    private static final List<InstanceLock> HELD = new ArrayList<>();

    private StartChecks() {}

    /** The reason not to start, or empty after taking the state directory's lock. */
    static synchronized Optional<String> refusal(FailberryConfig config, Path uucpLockDir) {
        for (var dir : new Object[][] {{"state", config.stateDir()}, {"runtime", config.runtimeDir()}}) {
            Optional<String> unsafe = unsafeDirectory((String) dir[0], (Path) dir[1]);
            if (unsafe.isPresent()) {
                return unsafe;
            }
        }
        InstanceLock lock;
        try {
            lock = InstanceLock.acquire(config.stateDir());
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
        Optional<String> modem = otherDaemonOnModem(config, uucpLockDir);
        if (modem.isPresent()) {
            try {
                lock.close();
            } catch (IOException ignored) {
                // released when the process exits, which it is about to do
            }
            return modem;
        }
        HELD.add(lock);
        return Optional.empty();
    }

    /**
     * The daemon (root) writes its state and pppd's chat script there: a directory another user can
     * write, or that is not the daemon user's own, lets that user redirect those writes (issue 21).
     * A missing one is created, mode 0750 (what systemd's StateDirectory= and RuntimeDirectory= make).
     */
    static Optional<String> unsafeDirectory(String role, Path dir) {
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
            }
        } catch (IOException e) {
            return Optional.of("cannot create the " + role + " directory " + dir + ": " + e.getMessage());
        }
        return Trust.privateDirectory(dir)
                .map(why -> "unsafe " + role + " directory: " + why
                        + "; it must belong to the daemon's user and be writable by no one else (e.g. chmod 0750)");
    }

    private static Optional<String> otherDaemonOnModem(FailberryConfig config, Path uucpLockDir) {
        if (!(Wiring.ports(config).resolve() instanceof ModemPorts.Found found)) {
            return Optional.empty(); // not there yet: its lock is taken when the port is opened
        }
        for (String port : new String[] {found.control(), found.data()}) {
            if (port == null) {
                continue;
            }
            Optional<Long> daemon = UucpLock.holder(uucpLockDir, port).flatMap(Processes::failberryDaemon);
            if (daemon.isPresent()) {
                return Optional.of("another failberry daemon (" + Processes.describe(daemon.get())
                        + ") is using the modem port " + port + "; stop it first");
            }
        }
        return Optional.empty();
    }
}
