package dev.failberry.sim.ppp;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Puts a signal back to its default disposition. A JVM started with SIGHUP ignored (inherited from a
 * parent that ignores it: jSerialComm's native code does) silently refuses to install a Java handler for
 * it, while the real pppd, in C, installs its own handlers whatever it inherited. The stand-in resets
 * SIGHUP first so that it, too, hangs up on SIGHUP.
 */
final class SignalReset {
    private interface C extends Library {
        C INSTANCE = Native.load("c", C.class);

        Pointer signal(int signum, Pointer handler);
    }

    static final int SIGHUP = 1;

    private SignalReset() {}

    /** Returns false when the reset could not be done (no libc through JNA). */
    static boolean toDefault(int signum) {
        try {
            C.INSTANCE.signal(signum, Pointer.NULL);
            return true;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }
}
