package dev.failberry.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One daemon per state directory: an exclusive lock on {@code <state-dir>/failberry.lock}, held for the
 * life of the process. It is a kernel record lock ({@code FileChannel.lock}, fcntl), so it dies with the
 * process however it ends (kill -9, power cut): no stale lock is ever left to clean up. The file holds
 * the holder's pid, for the message that names it; the file itself is never deleted (deleting a lock
 * file lets two processes each lock a different file of the same name).
 *
 * <p>POSIX record locks belong to the process, and closing ANY descriptor of the file releases them; so
 * within one JVM the locks taken here are remembered and {@link #holder} answers from memory instead of
 * opening the file again.
 */
public final class InstanceLock implements AutoCloseable {
    static final String FILE = "failberry.lock";
    private static final Map<Path, InstanceLock> HELD = new ConcurrentHashMap<>();
    private static final int ATTEMPTS = 5;
    /** Created if missing, read and written, never through a symbolic link. */
    private static final Set<OpenOption> CREATE_RW = Set.of(
            StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code stateDir} (which must exist) and writes this process's pid into it; throws
     * {@link LockHeldException} naming the process that holds it.
     */
    public static InstanceLock acquire(Path stateDir) throws IOException {
        Path file = stateDir.toRealPath().resolve(FILE);
        synchronized (HELD) {
            if (HELD.containsKey(file)) {
                throw held(stateDir, ProcessHandle.current().pid());
            }
            FileChannel ch = FileChannel.open(
                    file,
                    CREATE_RW,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            try {
                for (int attempt = 1; ; attempt++) {
                    FileLock lock = ch.tryLock();
                    if (lock != null) {
                        ch.truncate(0);
                        ch.write(
                                ByteBuffer.wrap(
                                        (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
                                0);
                        ch.force(false);
                        InstanceLock l = new InstanceLock(file, ch, lock);
                        HELD.put(file, l);
                        return l;
                    }
                    if (attempt == ATTEMPTS) {
                        throw held(stateDir, readPid(ch).orElse(0L));
                    }
                    // A `failberry` command checking the lock holds it shared for an instant: try again.
                    Thread.sleep(100);
                }
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            } catch (InterruptedException e) {
                ch.close();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while taking the lock of " + stateDir, e);
            }
        }
    }

    /**
     * The pid of the process holding {@code stateDir}'s lock now, without taking it; empty when no one
     * holds it or the file cannot be read (then the daemon's own checks still apply).
     */
    public static Optional<Long> holder(Path stateDir) {
        try {
            Path file = stateDir.toRealPath().resolve(FILE);
            if (HELD.containsKey(file)) {
                return Optional.of(ProcessHandle.current().pid());
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                FileLock probe = ch.tryLock(0, Long.MAX_VALUE, true);
                if (probe != null) {
                    probe.release();
                    return Optional.empty();
                }
                return Optional.of(readPid(ch).orElse(0L));
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | OverlappingFileLockException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> readPid(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(32);
        ch.read(buf, 0);
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static LockHeldException held(Path stateDir, long pid) {
        String who =
                pid > 0 ? "another failberry daemon (" + Processes.describe(pid) + ")" : "another failberry daemon";
        return new LockHeldException(
                who + " is running with the state directory " + stateDir + "; stop it first (systemctl stop failberry)",
                pid);
    }

    /** Releases the lock (a process that ends releases it anyway). */
    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            HELD.remove(file, this);
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
