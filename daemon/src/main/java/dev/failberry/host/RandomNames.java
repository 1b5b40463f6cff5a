package dev.failberry.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Names that another user cannot guess, for temp files and directories created exclusively. Seeded
 * once from the kernel's {@code /dev/urandom}: {@link java.security.SecureRandom} would load the security
 * providers first, measured at 130-300 ms per JVM on a PC (a Pi 2B is several times slower), for a
 * name whose safety comes from the exclusive create anyway (guessing it only makes that create fail).
 */
public final class RandomNames {
    private static final SplittableRandom RANDOM = new SplittableRandom(seed());

    private RandomNames() {}

    /** A fresh name part, e.g. {@code 3kq0v8z1m2x7}. */
    public static synchronized String next() {
        return Long.toUnsignedString(RANDOM.nextLong(), 36);
    }

    private static long seed() {
        try (InputStream in = Files.newInputStream(Path.of("/dev/urandom"))) {
            byte[] b = in.readNBytes(8);
            if (b.length == 8) {
                return ByteBuffer.wrap(b).getLong();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the time and the process id, which another local user can only guess at
        }
        return System.nanoTime() ^ (ProcessHandle.current().pid() << 32) ^ System.identityHashCode(RandomNames.class);
    }
}
