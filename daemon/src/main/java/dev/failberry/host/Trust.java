package dev.failberry.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a directory can be changed only by this process's user and root. The daemon runs as root:
 * a directory another user can write is one where that user can plant a library for it to load, or a
 * symbolic link for it to write through. The rules are those of OpenSSH's and sudo's path checks: every
 * directory on the real path is owned by root or by us, and none is writable by group or others, except
 * a sticky one such as {@code /tmp} (there, others cannot rename or delete what we create).
 */
public final class Trust {
    private static final int GROUP_WRITE = 0020;
    private static final int OTHER_WRITE = 0002;
    private static final int STICKY = 01000;

    private Trust() {}

    private static final long MY_UID = readUid();

    /** This process's user id (the JVM is never setuid, so real and effective are the same). */
    public static long myUid() {
        return MY_UID;
    }

    /**
     * The owner of {@code /proc/self} is the process's effective user: no extra module and native library
     * to load (jdk.security.auth's UnixSystem took 12-20 ms on a PC); UnixSystem where /proc is missing.
     */
    private static long readUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return new com.sun.security.auth.module.UnixSystem().getUid();
        }
    }

    /**
     * Why {@code dir} is not a directory private to this process's user (owned by it, writable by no one
     * else, on a path no one else can change), as the end of a sentence; empty when it is private. A
     * symbolic link to such a directory is fine: the real path is checked.
     */
    public static Optional<String> privateDirectory(Path dir) {
        try {
            Path real = dir.toRealPath();
            if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(dir + " is not a directory");
            }
            int uid = uid(real);
            long me = myUid();
            if (uid != me) {
                return Optional.of(dir + " is owned by uid " + uid + ", not by this process's user (uid " + me + ")");
            }
            int mode = mode(real);
            if ((mode & (GROUP_WRITE | OTHER_WRITE)) != 0) {
                return Optional.of(dir + " is writable by " + who(mode) + " (mode " + octal(mode) + ")");
            }
            return ancestors(real);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of(dir + " cannot be checked (" + e.getMessage() + ")");
        }
    }

    /**
     * Why files created in {@code dir} could be replaced or preceded by another user, as the end of a
     * sentence; empty when they cannot: {@code dir} and every directory above it are owned by root or by
     * us and writable by no one else unless sticky.
     */
    public static Optional<String> safeParent(Path dir) {
        try {
            Path real = dir.toRealPath();
            if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(dir + " is not a directory");
            }
            Optional<String> self = check(real);
            return self.isPresent() ? self : ancestors(real);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of(dir + " cannot be checked (" + e.getMessage() + ")");
        }
    }

    private static Optional<String> ancestors(Path real) throws IOException {
        for (Path p = real.getParent(); p != null; p = p.getParent()) {
            Optional<String> problem = check(p);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> check(Path p) throws IOException {
        int uid = uid(p);
        long me = myUid();
        if (uid != 0 && uid != me) {
            return Optional.of(p + " is owned by uid " + uid + " (neither root nor this process's user)");
        }
        int mode = mode(p);
        if ((mode & (GROUP_WRITE | OTHER_WRITE)) != 0 && (mode & STICKY) == 0) {
            return Optional.of(
                    p + " is writable by " + who(mode) + " without the sticky bit (mode " + octal(mode) + ")");
        }
        return Optional.empty();
    }

    static int uid(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private static String who(int mode) {
        boolean g = (mode & GROUP_WRITE) != 0;
        boolean o = (mode & OTHER_WRITE) != 0;
        return g && o ? "group and others" : g ? "its group" : "others";
    }

    private static String octal(int mode) {
        return String.format("%04o", mode);
    }
}
