package dev.failberry.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What systemd listens on: a bound AF_UNIX datagram socket, at a path or an abstract {@code @name}, as the
 * tests' stand-in for PID 1. {@link #received()} drains it without blocking (tests await with Awaitility).
 */
final class NotifySocket implements AutoCloseable {
    private static final int EAGAIN = 11;

    static {
        Native.register(NotifySocket.class, Platform.C_LIBRARY_NAME);
    }

    private static native int socket(int domain, int type, int protocol) throws LastErrorException;

    private static native int bind(int fd, byte[] addr, int addrLen) throws LastErrorException;

    private static native NativeLong recv(int fd, byte[] buf, NativeLong len, int flags) throws LastErrorException;

    private static native int close(int fd);

    private final String name;
    private final int fd;
    private final List<String> messages = new ArrayList<>();

    /** Binds {@code name}: an absolute path (removed on close) or {@code @abstract}. */
    NotifySocket(String name) {
        this.name = name;
        byte[] addr = new byte[2 + UnixDatagram.SUN_PATH];
        int len = UnixDatagram.sockaddr(name, addr);
        this.fd = socket(UnixDatagram.AF_UNIX, UnixDatagram.SOCK_DGRAM | UnixDatagram.SOCK_CLOEXEC, 0);
        bind(fd, addr, len);
    }

    String name() {
        return name;
    }

    /** Every datagram received so far, oldest first. */
    synchronized List<String> received() {
        byte[] buf = new byte[4096];
        while (true) {
            try {
                int n = recv(fd, buf, new NativeLong(buf.length), UnixDatagram.MSG_DONTWAIT)
                        .intValue();
                messages.add(new String(buf, 0, n, StandardCharsets.UTF_8));
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EAGAIN) {
                    return List.copyOf(messages);
                }
                throw e;
            }
        }
    }

    /** How many datagrams so far were exactly {@code message}. */
    long count(String message) {
        return received().stream().filter(message::equals).count();
    }

    @Override
    public void close() throws java.io.IOException {
        close(fd);
        if (name.startsWith("/")) {
            Files.deleteIfExists(Path.of(name));
        }
    }
}
