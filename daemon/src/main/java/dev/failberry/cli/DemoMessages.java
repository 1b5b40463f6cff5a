package dev.failberry.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/** What {@code demo} says when its machine is in the way, and its clean-up. */
final class DemoMessages {
    private DemoMessages() {}

    /** A file-system failure in words (the JDK's message is often only the path). */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Empty when {@code port} can be listened on at {@code bind} now; else the sentence naming the port
     * and the option that changes it. Port 0 (any free port) is always free.
     */
    static Optional<String> busyPort(String bind, int port, String option) {
        if (port == 0) {
            return Optional.empty();
        }
        try (var s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(bind), port));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("port " + port + " on " + bind + " is in use (" + e.getMessage()
                    + "): another demo or daemon may be running; choose another with " + option + " N.");
        }
    }

    /**
     * Removes {@code dir} and everything under it; what cannot be removed or read stays, and nothing is
     * thrown: it runs last, when the demo stops or fails, and must not replace the reason with its own.
     */
    static void deleteQuietly(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    delete(file); // an unreadable directory goes if it is empty
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) {
                    delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // only thrown by the visitor, which throws nothing
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // left behind; the directory's name says what it was
        }
    }
}
