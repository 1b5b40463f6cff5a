package dev.failberry.persist;

import dev.failberry.host.RandomNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Small state files written so that a power cut leaves either the old or the new content, never a
 * torn file: write a temp file beside the target, fsync it, rename over the target, fsync the
 * directory. State is stored as Java properties text (readable with {@code cat} over SSH).
 *
 * <p>The temp file has an unpredictable name ({@code .NAME.<random>.tmp}) and is created exclusively
 * without following links: a file or symbolic link planted beside the target (the old predictable
 * {@code .NAME.tmp} was one) makes root write nowhere but here. The daemon also refuses to start when
 * another user could write the directory (see {@code Trust}).
 */
public final class AtomicFile {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Set<OpenOption> CREATE_NEW =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    /** Largest state file read; the daemon's are under 1 KiB. */
    public static final int MAX_STATE_BYTES = 64 * 1024;
    /** An interrupt closes a channel mid-write; one that comes again and again is given up on. */
    private static final int ATTEMPTS = 3;

    private AtomicFile() {}

    /**
     * Writes {@code content} to {@code target} atomically. An interrupt does not abandon the write (a
     * daemon being stopped interrupts its threads exactly when its state is saved for the last time):
     * a pending interrupt is set aside for the write and restored afterwards, and a write whose channel
     * an interrupt closed (ClosedByInterruptException) is done again with a new temp file.
     */
    public static void write(Path target, byte[] content) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    writeNow(target, content);
                    return;
                } catch (ClosedByInterruptException e) {
                    Thread.interrupted(); // cleared again for the next attempt, restored below
                    interrupted = true;
                    if (attempt == ATTEMPTS) {
                        throw e;
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void writeNow(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String name = target.getFileName().toString();
        removeLeftovers(dir, name);
        Path tmp = dir.resolve("." + name + "." + RandomNames.next() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, CREATE_NEW)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        fsyncDirectory(dir);
    }

    /**
     * Temp files of this target left by a write that a crash or power cut interrupted (and the old
     * predictable {@code .NAME.tmp}): deleted, never followed. Each state file has one writer.
     */
    private static void removeLeftovers(Path dir, String name) {
        String prefix = "." + name + ".";
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(
                dir,
                p -> p.getFileName().toString().startsWith(prefix)
                        && p.getFileName().toString().endsWith(".tmp"))) {
            for (Path p : entries) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // the write below does not depend on it
        }
    }

    public static void writeProperties(Path target, Properties props, String comment) throws IOException {
        var out = new java.io.StringWriter();
        props.store(out, comment);
        write(target, out.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Reads a properties file; empty when it does not exist. Throws when it exists but is unreadable,
     * malformed, or larger than {@link #MAX_STATE_BYTES}: a state file is a few lines, and a large one
     * (30 MB of NULs after a file-system fault) must not cost the daemon its small heap at start. Only
     * that many bytes are ever read.
     */
    public static Optional<Properties> readProperties(Path source) throws IOException {
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        byte[] bytes;
        try (var in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(MAX_STATE_BYTES + 1);
        }
        if (bytes.length > MAX_STATE_BYTES) {
            throw new IOException("state file " + source + " is larger than " + MAX_STATE_BYTES + " bytes ("
                    + Files.size(source) + ")");
        }
        var props = new Properties();
        try {
            props.load(new java.io.ByteArrayInputStream(bytes));
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
