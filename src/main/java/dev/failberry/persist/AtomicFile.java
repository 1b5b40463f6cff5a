package dev.failberry.persist;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Properties;

/**
 * Small state files written so that a power cut leaves either the old or the new content, never a
 * torn file: write a temp file beside the target, fsync it, rename over the target, fsync the
 * directory. State is stored as Java properties text (readable with {@code cat} over SSH).
 */
public final class AtomicFile {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private AtomicFile() {
    }

    /**
     * Writes {@code content} to {@code target} atomically. An interrupt does not abandon the write (a
     * daemon being stopped interrupts its threads exactly when its state is saved for the last time; an
     * interruptible channel would then throw ClosedByInterruptException and lose the state): the
     * content goes through a plain stream, and a pending interrupt is set aside for the directory sync
     * and restored afterwards.
     */
    public static void write(Path target, byte[] content) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            writeNow(target, content);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void writeNow(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
        try (var out = new java.io.FileOutputStream(tmp.toFile())) {
            out.write(content);
            out.getFD().sync();
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        fsyncDirectory(dir);
    }

    public static void writeProperties(Path target, Properties props, String comment) throws IOException {
        var out = new java.io.StringWriter();
        props.store(out, comment);
        write(target, out.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads a properties file; empty when it does not exist. Throws when it exists but is unreadable. */
    public static Optional<Properties> readProperties(Path source) throws IOException {
        if (!Files.exists(source)) {
            return Optional.empty();
        }
        var props = new Properties();
        try (var in = Files.newInputStream(source)) {
            props.load(in);
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed state file " + source + ": " + e.getMessage(), e);
        }
        return Optional.of(props);
    }

    /**
     * Moves a corrupt state file aside (as {@code NAME.corrupt-<time>}) so that it can be inspected and
     * is not read again. Returns where it went.
     */
    public static Path setAside(Path corrupt, Instant now) throws IOException {
        Path aside = corrupt.resolveSibling(corrupt.getFileName() + ".corrupt-" + STAMP.format(now));
        Files.move(corrupt, aside, StandardCopyOption.REPLACE_EXISTING);
        return aside;
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Some filesystems do not allow opening a directory; the rename itself is still atomic.
        }
    }
}
