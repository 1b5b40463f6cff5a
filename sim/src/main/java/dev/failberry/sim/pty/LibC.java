package dev.failberry.sim.pty;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The few libc calls a pseudo-terminal needs. Linux/glibc only (x86-64, arm, aarch64 share these
 * constants). errno is read with {@link Native#getLastError()}, which JNA saves after every call.
 */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int O_RDWR = 02;
    int O_NOCTTY = 0400;
    int O_NONBLOCK = 04000;
    int O_CLOEXEC = 02000000;
    int TCSANOW = 0;
    short POLLIN = 0x001;
    short POLLOUT = 0x004;
    short POLLERR = 0x008;
    short POLLHUP = 0x010;
    short POLLNVAL = 0x020;
    int EINTR = 4;
    int EIO = 5;
    int EAGAIN = 11;
    /** glibc's struct termios is 60 bytes; a larger buffer is harmless. */
    int TERMIOS_SIZE = 128;

    int posix_openpt(int flags);

    int grantpt(int fd);

    int unlockpt(int fd);

    int ptsname_r(int fd, byte[] buf, NativeLong len);

    int open(String path, int flags);

    int close(int fd);

    NativeLong read(int fd, byte[] buf, NativeLong count);

    NativeLong write(int fd, byte[] buf, NativeLong count);

    int poll(Pointer fds, NativeLong nfds, int timeoutMs);

    int pipe2(int[] fds, int flags);

    int tcgetattr(int fd, byte[] termios);

    int tcsetattr(int fd, int action, byte[] termios);

    void cfmakeraw(byte[] termios);

    String strerror(int errnum);
}
