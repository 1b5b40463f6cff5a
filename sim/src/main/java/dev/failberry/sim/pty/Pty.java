package dev.failberry.sim.pty;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A Unix98 pseudo-terminal pair made with a thin JNA binding to libc (no pty4j). The simulator
 * owns the master side; the daemon opens {@link #slavePath()} like any tty.
 *
 * <p>Linux behaviour this class relies on:
 * <ul>
 *   <li>{@code posix_openpt}+{@code grantpt}+{@code unlockpt} create /dev/pts/N; the node lives as
 *       long as the master fd is open. N is reused once freed.</li>
 *   <li>When no fd of the slave is open, reads on the master fail with EIO and poll reports
 *       POLLHUP. So the pty keeps its own slave fd open: the daemon may close and reopen its end without
 *       the simulator seeing an error. A modem in a data call wants to see exactly that (closing the port
 *       drops DTR, and with {@code &D2} the modem hangs up): {@link #releaseSlave()} lets go of our fd
 *       and {@link #read} then reports {@link #HANGUP} once the last client has closed the port;
 *       {@link #holdSlave()} takes it again.</li>
 *   <li>Termios belongs to the tty, not to an fd: {@code cfmakeraw} on our slave fd turns off the
 *       line discipline's echo and CR/LF translation for everyone (the simulator does V.250 echo
 *       itself). A client that sets its own termios (jSerialComm sets raw mode too) overrides it.</li>
 *   <li>Closing the master hangs the slave up: the daemon's reads then return EIO (or EOF at once,
 *       forever), which is exactly what an unplugged USB modem looks like.</li>
 *   <li>Bytes written to the master while nobody reads the slave queue in the slave's input
 *       buffer; writes are bounded by a timeout so a simulator never blocks on a full buffer.</li>
 * </ul>
 * A self-pipe wakes threads blocked in {@code poll()} when the pty is closed, so readers stop
 * without periodic wake-ups and fds are never closed under a thread still polling them.
 */
public final class Pty implements Closeable {
    private static final LibC C = LibC.INSTANCE;
    /** {@link #read} result: every client closed the slave while we did not hold it (see {@link #releaseSlave()}). */
    public static final int HANGUP = -2;

    private final int master;
    private final Object keeperLock = new Object();
    private int slaveKeeper; // guarded by keeperLock; -1 while released
    private final int wakeRead;
    private final int wakeWrite;
    private final String slavePath;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;
    private volatile Path link;

    private Pty(int master, int slaveKeeper, int wakeRead, int wakeWrite, String slavePath) {
        this.master = master;
        this.slaveKeeper = slaveKeeper;
        this.wakeRead = wakeRead;
        this.wakeWrite = wakeWrite;
        this.slavePath = slavePath;
    }

    /** Opens a new master/slave pair with the slave in raw mode. */
    public static Pty open() throws IOException {
        int m = C.posix_openpt(LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC);
        if (m < 0) {
            throw error("posix_openpt");
        }
        int s = -1;
        int[] pipe = {-1, -1};
        try {
            if (C.grantpt(m) != 0) {
                throw error("grantpt");
            }
            if (C.unlockpt(m) != 0) {
                throw error("unlockpt");
            }
            byte[] name = new byte[128];
            int rc = C.ptsname_r(m, name, new NativeLong(name.length));
            if (rc != 0) {
                throw new IOException("ptsname_r failed: " + C.strerror(rc));
            }
            String path = Native.toString(name, StandardCharsets.US_ASCII.name());
            s = C.open(path, LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC);
            if (s < 0) {
                throw error("open " + path);
            }
            byte[] termios = new byte[LibC.TERMIOS_SIZE];
            if (C.tcgetattr(s, termios) != 0) {
                throw error("tcgetattr " + path);
            }
            C.cfmakeraw(termios);
            if (C.tcsetattr(s, LibC.TCSANOW, termios) != 0) {
                throw error("tcsetattr " + path);
            }
            if (C.pipe2(pipe, LibC.O_CLOEXEC | LibC.O_NONBLOCK) != 0) {
                throw error("pipe2");
            }
            return new Pty(m, s, pipe[0], pipe[1], path);
        } catch (IOException | RuntimeException e) {
            closeQuietly(pipe[0]);
            closeQuietly(pipe[1]);
            closeQuietly(s);
            closeQuietly(m);
            throw e;
        }
    }

    /** The slave device, e.g. {@code /dev/pts/7}. */
    public String slavePath() {
        return slavePath;
    }

    public boolean isClosed() {
        return closed;
    }

    /** The symlink made by {@link #linkAs(Path)}, or null. */
    public Path link() {
        return link;
    }

    /**
     * Creates or atomically replaces a symlink pointing at the slave (e.g. {@code <tmp>/ttyUSB2}),
     * the way udev keeps /dev/serial/by-id stable. It is removed again by {@link #close()}.
     */
    public void linkAs(Path linkPath) throws IOException {
        Path tmp = linkPath.resolveSibling(
                "." + linkPath.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, Paths.get(slavePath));
        Files.move(tmp, linkPath, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        this.link = linkPath;
    }

    /**
     * Lets go of our own slave fd, so that the last client closing the port is seen as a hang-up
     * ({@link #HANGUP} from {@link #read}). Harmless when already released.
     */
    public void releaseSlave() {
        synchronized (keeperLock) {
            if (slaveKeeper >= 0 && !closed) {
                C.close(slaveKeeper);
                slaveKeeper = -1;
            }
        }
    }

    /** Holds a slave fd of our own again (after {@link #releaseSlave()}), so clients may come and go. */
    public void holdSlave() throws IOException {
        synchronized (keeperLock) {
            if (slaveKeeper >= 0 || closed) {
                return;
            }
            int s = C.open(slavePath, LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC);
            if (s < 0) {
                throw error("open " + slavePath);
            }
            slaveKeeper = s;
        }
    }

    /**
     * Reads from the master. Returns the number of bytes read, 0 when {@code timeoutMs} passed
     * without data (negative timeout: wait until data or close), -1 once the pty is closed, or
     * {@link #HANGUP} when the slave was released and its last client closed it (the bytes that client
     * wrote are read first).
     */
    public int read(byte[] buf, int off, int len, int timeoutMs) throws IOException {
        lock.readLock().lock();
        try {
            if (closed) {
                return -1;
            }
            int ready = pollFor(LibC.POLLIN, timeoutMs);
            if (ready == HANGUP) {
                return released() ? HANGUP : -1;
            }
            if (ready <= 0) {
                return ready;
            }
            byte[] tmp = new byte[len];
            long n = C.read(master, tmp, new NativeLong(len)).longValue();
            if (n < 0) {
                int errno = Native.getLastError();
                if (errno == LibC.EINTR || errno == LibC.EAGAIN) {
                    return 0;
                }
                if (errno == LibC.EIO) {
                    return released() ? HANGUP : -1;
                }
                throw new IOException("read " + slavePath + " master: " + C.strerror(errno));
            }
            if (n == 0) {
                return -1;
            }
            System.arraycopy(tmp, 0, buf, off, (int) n);
            return (int) n;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Writes all bytes to the master, waiting at most {@code timeoutMs} for room. Returns the
     * number written (less than {@code len} if the slave's input queue stayed full).
     */
    public int write(byte[] buf, int off, int len, int timeoutMs) throws IOException {
        lock.readLock().lock();
        try {
            int done = 0;
            while (done < len) {
                if (closed) {
                    throw new IOException("pty " + slavePath + " closed");
                }
                int ready = pollFor(LibC.POLLOUT, timeoutMs);
                if (ready < 0) {
                    throw new IOException("pty " + slavePath + " closed");
                }
                if (ready == 0) {
                    return done;
                }
                byte[] tmp = new byte[len - done];
                System.arraycopy(buf, off + done, tmp, 0, tmp.length);
                long n = C.write(master, tmp, new NativeLong(tmp.length)).longValue();
                if (n < 0) {
                    int errno = Native.getLastError();
                    if (errno == LibC.EINTR || errno == LibC.EAGAIN) {
                        continue;
                    }
                    throw new IOException("write " + slavePath + " master: " + C.strerror(errno));
                }
                done += (int) n;
            }
            return done;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A blocking stream over the master; read() returns -1 after {@link #close()}. */
    public InputStream inputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n;
                do {
                    n = Pty.this.read(b, off, len, -1);
                } while (n == 0);
                return n;
            }
        };
    }

    /** A stream over the master; each write waits up to 1 s for room, then fails. */
    public OutputStream outputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (Pty.this.write(b, off, len, 1000) < len) {
                    throw new InterruptedIOException("pty " + slavePath + ": slave input queue full");
                }
            }
        };
    }

    /**
     * Closes master, our slave fd and the symlink. Threads blocked in read/write return at once;
     * the daemon's next read on the slave fails (EIO), like an unplugged modem.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        C.write(wakeWrite, new byte[] {1}, new NativeLong(1));
        lock.writeLock().lock();
        try {
            closeQuietly(master);
            synchronized (keeperLock) {
                closeQuietly(slaveKeeper);
                slaveKeeper = -1;
            }
            closeQuietly(wakeRead);
            closeQuietly(wakeWrite);
        } finally {
            lock.writeLock().unlock();
        }
        Path l = link;
        if (l != null) {
            try {
                if (Files.isSymbolicLink(l)
                        && Files.readSymbolicLink(l).toString().equals(slavePath)) {
                    Files.deleteIfExists(l);
                }
            } catch (IOException e) {
                // the link was replaced or removed by someone else: nothing to clean up
            }
        }
    }

    @Override
    public String toString() {
        return "Pty[" + slavePath + (closed ? ", closed]" : "]");
    }

    private boolean released() {
        synchronized (keeperLock) {
            return slaveKeeper < 0 && !closed;
        }
    }

    /** 1 = ready, 0 = timeout or EINTR, -1 = closed (woken through the pipe), HANGUP = no slave fd open. */
    private int pollFor(short events, int timeoutMs) throws IOException {
        Memory fds = new Memory(16);
        fds.setInt(0, master);
        fds.setShort(4, events);
        fds.setShort(6, (short) 0);
        fds.setInt(8, wakeRead);
        fds.setShort(12, LibC.POLLIN);
        fds.setShort(14, (short) 0);
        int rc = C.poll(fds, new NativeLong(2), timeoutMs);
        if (rc < 0) {
            int errno = Native.getLastError();
            if (errno == LibC.EINTR) {
                return 0;
            }
            throw new IOException("poll " + slavePath + ": " + C.strerror(errno));
        }
        if (closed || fds.getShort(14) != 0) {
            return -1;
        }
        if (rc == 0) {
            return 0;
        }
        short revents = fds.getShort(6);
        if ((revents & events) != 0) {
            return 1;
        }
        if ((revents & LibC.POLLHUP) != 0) {
            return HANGUP;
        }
        if ((revents & (LibC.POLLERR | LibC.POLLNVAL)) != 0) {
            return -1;
        }
        return 0;
    }

    private static IOException error(String what) {
        int errno = Native.getLastError();
        return new IOException(what + " failed: " + C.strerror(errno) + " (errno " + errno + ")");
    }

    private static void closeQuietly(int fd) {
        if (fd >= 0) {
            C.close(fd);
        }
    }
}
