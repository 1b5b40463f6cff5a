package dev.failberry.host;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Loads jSerialComm's native library so that no other user can have chosen the code that runs.
 *
 * <p>Why: when its class is first used, jSerialComm 2.11.4 ({@code SerialPort}'s static initializer)
 * loads, in this order, {@code <jSerialComm.library.path>/...}, {@code libjSerialComm.so} from
 * {@code java.library.path}, an already extracted {@code <java.io.tmpdir>/jSerialComm/<appid>/2.11.4/
 * libjSerialComm.so}, the same under {@code <user.home>/.jSerialComm/}, and only then extracts its own
 * copy there, making the directories and the file writable by everyone. With the JVM's default
 * {@code /tmp}, any local user could plant the library that {@code failberry modem at} run as root then
 * loads; and its start-up clean-up deletes, following links, whatever is under
 * {@code <java.io.tmpdir>/jSerialComm/}.
 *
 * <p>So, before the class is first initialised: a fresh directory with mode 0700 and an unpredictable
 * name is created in {@code java.io.tmpdir} (which must be trusted: {@link Trust#safeParent}); while
 * the class initialises, {@code java.io.tmpdir} and {@code user.home} name that directory, so that
 * every place jSerialComm looks at or writes to is inside it; then both are restored and the directory
 * is deleted (the loaded library stays mapped). Entries of {@code java.library.path} must be trusted
 * too, and so must {@code jSerialComm.library.path} when an administrator sets it. The properties are
 * swapped only for that moment: call {@link #load()} early (the daemon does before starting threads);
 * {@code JSerialCommLink} calls it again before each open, which costs nothing once loaded.
 */
public final class SerialNative {
    static final String SERIAL_PORT_CLASS = "com.fazecast.jSerialComm.SerialPort";
    static final String LIBRARY_PATH = "jSerialComm.library.path";
    private static final String PREFIX = "failberry-native-";
    private static boolean loaded;

    private SerialNative() {}

    /**
     * Loads the library (once per JVM) as described above; throws with one sentence when a directory it
     * would be loaded from could be written by another user, or when it cannot be loaded at all.
     */
    public static synchronized void load() throws IOException {
        if (loaded) {
            return;
        }
        Optional<String> unsafe = untrustedLibraryPath();
        if (unsafe.isPresent()) {
            throw refused(unsafe.get());
        }
        Path base = Path.of(System.getProperty("java.io.tmpdir", "/tmp"));
        Optional<String> baseProblem = Trust.safeParent(base);
        if (baseProblem.isPresent()) {
            throw refused(baseProblem.get() + " (java.io.tmpdir)");
        }
        Path dir = privateDirectory(base);
        Map<String, String> saved = new LinkedHashMap<>();
        try {
            swap(saved, "java.io.tmpdir", dir.toString());
            swap(saved, "user.home", dir.toString());
            Class.forName(SERIAL_PORT_CLASS, true, SerialNative.class.getClassLoader());
            loaded = true;
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IOException("cannot load the serial port library: " + firstLine(e), e);
        } finally {
            saved.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
            deleteTree(dir);
        }
    }

    /** A new directory in {@code base}, mode 0700, created exclusively (mkdir fails on anything there). */
    private static Path privateDirectory(Path base) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return Files.createDirectory(
                        base.resolve(PREFIX + RandomNames.next()),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                if (attempt == 5) {
                    throw taken;
                }
            }
        }
    }

    /** Whether {@link #load()} has succeeded in this JVM. */
    public static synchronized boolean isLoaded() {
        return loaded;
    }

    /**
     * Why a directory the library could be loaded from before ours is not trusted: every existing entry
     * of {@code java.library.path} (from {@code LD_LIBRARY_PATH} too) and {@code jSerialComm.library.path}.
     */
    static Optional<String> untrustedLibraryPath() {
        String manual = System.getProperty(LIBRARY_PATH, "");
        if (!manual.isEmpty()) {
            Optional<String> p = trustedEntry(manual, LIBRARY_PATH);
            if (p.isPresent()) {
                return p;
            }
        }
        for (String entry : System.getProperty("java.library.path", "").split(File.pathSeparator, -1)) {
            Optional<String> p = trustedEntry(entry, "java.library.path");
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> trustedEntry(String entry, String property) {
        if (entry.isEmpty() || !Path.of(entry).isAbsolute()) {
            return Optional.of(property + " has the relative entry \"" + entry + "\" (the current directory)");
        }
        Path p = Path.of(entry);
        if (!Files.exists(p)) {
            return Optional.empty();
        }
        // A library directory must not be writable by others even when sticky: anyone may add a file.
        Optional<String> parent = Trust.safeParent(p);
        if (parent.isPresent()) {
            return Optional.of(parent.get() + " (" + property + ")");
        }
        try {
            int mode = Trust.mode(p.toRealPath());
            if ((mode & 0022) != 0) {
                return Optional.of(p + " is writable by other users (" + property + ")");
            }
        } catch (IOException e) {
            return Optional.of(p + " cannot be checked (" + property + ": " + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    private static IOException refused(String why) {
        return new IOException("refusing to load the serial port library: " + why);
    }

    private static void swap(Map<String, String> saved, String key, String value) {
        saved.put(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    private static String firstLine(Throwable e) {
        Throwable t = e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // a leftover empty private directory in a temp directory is harmless
        }
    }
}
