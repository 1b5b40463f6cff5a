package dev.failberry.host;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Run in a child JVM by the lock tests, standing in for a running daemon: takes the state directory's
 * lock and a device's UUCP lock, prints {@code locked}, and waits until killed. The last argument
 * {@code run} makes its command line look like a daemon's ({@code failberry ... run}).
 */
public final class LockHolderProbe {
    private LockHolderProbe() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        InstanceLock.acquire(Path.of(args[0]));
        UucpLock.acquire(Path.of(args[1]), args[2]);
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
