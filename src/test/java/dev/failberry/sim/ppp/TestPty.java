package dev.failberry.sim.ppp;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * A pseudo-terminal for tests: the "modem" holds the master, pppd/chat open the slave path as their
 * tty. {@link #vanish()} closes the master, so readers of the slave get EIO/EOF, as when a USB modem
 * disappears. (Test-only stand-in until the modem simulator's PTY is available to this package.)
 */
public final class TestPty implements AutoCloseable {
    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int posix_openpt(int flags);

        int grantpt(int fd);

        int unlockpt(int fd);

        String ptsname(int fd);

        int open(String path, int flags);

        NativeLong read(int fd, byte[] buf, NativeLong count);

        NativeLong write(int fd, byte[] buf, NativeLong count);

        int poll(int[] fds, NativeLong nfds, int timeoutMs);

        int close(int fd);
    }

    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = 0x100;
    private static final int POLLIN = 1;

    private final int master;
    private final int slaveKeepOpen;
    private final String slavePath;
    private volatile boolean closed;

    public TestPty() throws IOException {
        LibC c = LibC.INSTANCE;
        master = c.posix_openpt(O_RDWR | O_NOCTTY);
        if (master < 0 || c.grantpt(master) != 0 || c.unlockpt(master) != 0) {
            throw new IOException("cannot create a pty");
        }
        slavePath = c.ptsname(master);
        slaveKeepOpen = c.open(slavePath, O_RDWR | O_NOCTTY);
        try {
            Process p = new ProcessBuilder("stty", "-F", slavePath, "raw", "-echo").redirectErrorStream(true).start();
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The tty path pppd and chat open, e.g. /dev/pts/3. */
    public String slavePath() {
        return slavePath;
    }

    /** The modem's side: reads return -1 after {@link #vanish()}; waits in poll(2), never spins. */
    public InputStream masterIn() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (!closed) {
                    int[] pfd = {master, POLLIN};
                    int ready = LibC.INSTANCE.poll(pfd, new NativeLong(1), 100);
                    if (ready > 0 && (pfd[1] >>> 16 & POLLIN) != 0) {
                        byte[] buf = new byte[len];
                        long n = LibC.INSTANCE.read(master, buf, new NativeLong(len)).longValue();
                        if (n > 0) {
                            System.arraycopy(buf, 0, b, off, (int) n);
                            return (int) n;
                        }
                    }
                }
                return -1;
            }
        };
    }

    public OutputStream masterOut() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (closed) {
                    throw new IOException("pty closed");
                }
                byte[] buf = java.util.Arrays.copyOfRange(b, off, off + len);
                LibC.INSTANCE.write(master, buf, new NativeLong(len));
            }
        };
    }

    /** The modem disappears: the master closes, the slave's readers see EIO/EOF. */
    public synchronized void vanish() {
        if (!closed) {
            closed = true;
            try {
                Thread.sleep(150); // let the reader leave poll() before the fd number can be reused
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LibC.INSTANCE.close(master);
            LibC.INSTANCE.close(slaveKeepOpen);
        }
    }

    @Override
    public void close() {
        vanish();
    }
}
