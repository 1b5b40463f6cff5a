package dev.failberry.modem;

import dev.failberry.host.UucpLock;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@link SerialLink} that holds the device's UUCP lock ({@code /var/lock/LCK..ttyUSB2}) while it is
 * open, as pppd, minicom and chat do: a second daemon, or {@code failberry modem at} run beside one,
 * learns who has the port instead of taking a busy port for a missing modem. An open refused because
 * of the lock throws {@link dev.failberry.host.LockHeldException} naming the holder.
 */
public final class UucpLockedLink implements SerialLink {
    private final SerialLink link;
    private final Path lockDir;
    private UucpLock lock;

    public UucpLockedLink(SerialLink link, Path lockDir) {
        this.link = link;
        this.lockDir = lockDir;
    }

    @Override
    public synchronized void open() throws IOException {
        close();
        UucpLock l = UucpLock.acquire(lockDir, link.name());
        try {
            link.open();
        } catch (IOException | RuntimeException e) {
            l.close();
            throw e;
        }
        lock = l;
    }

    @Override
    public int read(byte[] buf) throws IOException {
        return link.read(buf);
    }

    @Override
    public void write(byte[] data) throws IOException {
        link.write(data);
    }

    @Override
    public synchronized void close() {
        link.close();
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    @Override
    public String name() {
        return link.name();
    }
}
