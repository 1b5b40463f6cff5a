package dev.failberry.ppp;

import java.nio.file.Path;

/**
 * Where pppd's files live: our generated chat script (runtime dir), pppd's pid files
 * ({@code <pidDir>/ppp-failberry.pid}) and UUCP tty locks ({@code <lockDir>/LCK..ttyUSB0}). Tests and
 * {@code demo} point pidDir/lockDir at temporary directories the fake pppd also uses.
 */
public record PppPaths(Path runtimeDir, Path pidDir, Path lockDir) {

    public static PppPaths system(Path runtimeDir) {
        return new PppPaths(runtimeDir, Path.of("/var/run"), Path.of("/var/lock"));
    }

    public Path chatScript() {
        return runtimeDir.resolve("chat-" + PppOptions.LINK_NAME);
    }

    public Path pidFile() {
        return pidDir.resolve("ppp-" + PppOptions.LINK_NAME + ".pid");
    }

    public Path lockFile(String tty) {
        return lockDir.resolve("LCK.." + Path.of(tty).getFileName());
    }
}
