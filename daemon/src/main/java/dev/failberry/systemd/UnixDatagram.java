package dev.failberry.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Sends datagrams to one AF_UNIX socket: the three libc calls sd_notify(3) makes, through JNA's direct
 * mapping (JDK 17's Unix-domain channels are stream-only, JEP 380; JNA is already on the class path).
 * libc rather than libsystemd's own {@code sd_notify}: nothing more to load, and the same on every
 * Linux, with or without systemd installed. Constants: Linux on x86-64, arm and aarch64.
 *
 * <p>The address is a path ({@code /run/systemd/notify}) or, with a leading {@code @}, a name in the
 * abstract namespace, as systemd's {@code NOTIFY_SOCKET} gives it. JNA's native part is loaded the first
 * time this class is used, so a daemon not started by systemd never loads it.
 */
final class UnixDatagram implements AutoCloseable {
    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 02000000;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_NOSIGNAL = 0x4000;
    /** {@code sizeof(struct sockaddr_un.sun_path)} on Linux. */
    static final int SUN_PATH = 108;

    static {
        Native.register(UnixDatagram.class, Platform.C_LIBRARY_NAME);
    }

    private static native int socket(int domain, int type, int protocol) throws LastErrorException;

    private static native NativeLong sendto(int fd, byte[] buf, NativeLong len, int flags, byte[] addr, int addrLen)
            throws LastErrorException;

    private static native int close(int fd);

    private final byte[] address;
    private final int addressLength;
    private final int fd;

    /**
     * Opens an unbound datagram socket (close-on-exec: pppd and the helpers must not inherit it) for
     * sending to {@code target}.
     *
     * @throws IllegalArgumentException when {@code target} is neither an absolute path nor {@code @name},
     *                                  or too long for {@code sockaddr_un}
     * @throws LastErrorException       when the socket cannot be created
     */
    UnixDatagram(String target) {
        this.address = new byte[2 + SUN_PATH];
        this.addressLength = sockaddr(target, address);
        this.fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    }

    /**
     * Fills {@code out} with a {@code struct sockaddr_un} for {@code target} and returns its length: for a
     * path, up to and including the terminating NUL; for an abstract name, the leading NUL and the name.
     */
    static int sockaddr(String target, byte[] out) {
        boolean abstractName = target.startsWith("@");
        if (!abstractName && !target.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute path or an @abstract name");
        }
        byte[] name = (abstractName ? target.substring(1) : target).getBytes(StandardCharsets.UTF_8);
        int used = name.length + 1;
        if (used > SUN_PATH || (abstractName && name.length == 0)) {
            throw new IllegalArgumentException("empty, or longer than an AF_UNIX address can be");
        }
        ByteBuffer.wrap(out).order(ByteOrder.nativeOrder()).putShort((short) AF_UNIX);
        System.arraycopy(name, 0, out, abstractName ? 3 : 2, name.length);
        return 2 + used;
    }

    /**
     * Sends {@code message} as one datagram without blocking (a receiver that does not read must not
     * stall the caller, the supervisor's thread).
     *
     * @throws LastErrorException with the errno when it could not be sent
     */
    void send(byte[] message) {
        sendto(fd, message, new NativeLong(message.length), MSG_DONTWAIT | MSG_NOSIGNAL, address, addressLength);
    }

    @Override
    public void close() {
        close(fd);
    }
}
