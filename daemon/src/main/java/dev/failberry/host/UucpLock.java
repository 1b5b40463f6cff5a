package dev.failberry.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The UUCP lock of a serial device, as pppd ({@code lock}), minicom and chat honour it:
 * {@code /var/lock/LCK..ttyUSB2} created exclusively, holding the owner's pid in HDB format (ten
 * characters right-aligned and a newline). A lock whose pid no longer runs is stale and replaced, as
 * pppd does, so a process killed with -9 leaves nothing that stops the next one.
 *
 * <p>The name is that of the real device ({@code /dev/failberry-modem} and
 * {@code /dev/serial/by-id/...} resolve to {@code ttyUSB2}), which is what pppd and minicom lock when
 * given the device; a live lock under the symbolic link's own name counts too. Like pppd's, the check
 * and the replacement of a stale lock are two steps: two processes replacing the same stale lock in the
 * same instant could both succeed (the state directory's {@link InstanceLock} rules out two daemons).
 */
public final class UucpLock implements AutoCloseable {
    /** Where Debian's pppd, minicom and lockdev put them ({@code /var/lock} is {@code /run/lock}). */
    public static final Path SYSTEM_DIR = Path.of("/var/lock");

    private static final int ATTEMPTS = 3;

    private final Path file;
    private final long pid;

    private UucpLock(Path file, long pid) {
        this.file = file;
        this.pid = pid;
    }

    /** {@code LCK..ttyUSB2} for {@code /dev/ttyUSB2} or a link to it. */
    static String lockName(Path device) {
        return "LCK.." + device.getFileName();
    }

    /**
     * Locks {@code device} for this process; throws {@link LockHeldException} naming the live process that
     * holds it. A lock directory this process cannot write (a user without access to /var/lock) is no
     * reason to refuse: the lock is advisory, and then only a live holder stops us.
     */
    public static UucpLock acquire(Path lockDir, String device) throws IOException {
        long me = ProcessHandle.current().pid();
        Path given = Path.of(device);
        Path real = realDevice(given);
        if (!real.getFileName().equals(given.getFileName())) {
            Optional<Long> other = liveHolder(lockDir.resolve(lockName(given)), me);
            if (other.isPresent()) {
                throw held(device, other.get());
            }
        }
        Path file = lockDir.resolve(lockName(real));
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (FileChannel ch = FileChannel.open(
                    file,
                    java.util.Set.of(
                            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")))) {
                ch.write(ByteBuffer.wrap(String.format("%10d\n", me).getBytes(StandardCharsets.US_ASCII)));
                return new UucpLock(file, me);
            } catch (FileAlreadyExistsException exists) {
                Optional<Long> holder = readPid(file);
                if (holder.isPresent() && holder.get() == me) {
                    return new UucpLock(file, me);
                }
                if (holder.isPresent() && Processes.alive(holder.get())) {
                    throw held(device, holder.get());
                }
                // Stale (its process is gone, or no pid at all, as pppd reads it): replace it.
                Files.deleteIfExists(file);
            } catch (IOException cannotWrite) {
                if (!Files.isDirectory(lockDir) || !Files.isWritable(lockDir)) {
                    Optional<Long> other = liveHolder(file, me);
                    if (other.isPresent()) {
                        throw held(device, other.get());
                    }
                    return new UucpLock(null, me);
                }
                throw cannotWrite;
            }
        }
        throw new IOException("cannot take the lock " + file + " (it keeps reappearing)");
    }

    /** The live process other than this one that holds {@code device}'s lock, if any. */
    public static Optional<Long> holder(Path lockDir, String device) {
        long me = ProcessHandle.current().pid();
        Path given = Path.of(device);
        Optional<Long> h = liveHolder(lockDir.resolve(lockName(realDevice(given))), me);
        return h.isPresent() ? h : liveHolder(lockDir.resolve(lockName(given)), me);
    }

    private static Optional<Long> liveHolder(Path file, long me) {
        return readPid(file).filter(p -> p != me && Processes.alive(p));
    }

    private static Path realDevice(Path device) {
        try {
            return device.toRealPath();
        } catch (IOException | RuntimeException e) {
            return device; // not there (yet): its own name
        }
    }

    /** The pid in a lock file: HDB ("      1234\n") or as pppd's atoi reads others; empty if none. */
    static Optional<Long> readPid(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buf = ByteBuffer.allocate(32);
            ch.read(buf);
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
            int end = 0;
            while (end < text.length() && end < 18 && Character.isDigit(text.charAt(end))) {
                end++;
            }
            long pid = end == 0 ? 0 : Long.parseLong(text.substring(0, end));
            return pid > 0 ? Optional.of(pid) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // a symbolic link or unreadable: pppd would read it as no pid, i.e. stale
            return Optional.empty();
        }
    }

    private static LockHeldException held(String device, long pid) {
        return new LockHeldException(device + " is locked by " + Processes.describe(pid), pid);
    }

    /** Where the lock is; empty when the lock directory could not be written (see {@link #acquire}). */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** Removes the lock if it is still ours. */
    @Override
    public void close() {
        if (file != null && readPid(file).orElse(0L) == pid) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a lock naming a process that has ended is stale for everyone
            }
        }
    }
}
