package dev.failberry.sim.ppp;

import dev.failberry.sim.pty.Pty;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A pseudo-terminal for the ppp tests: the "modem" holds the master, pppd/chat open the slave path as
 * their tty. {@link #vanish()} closes it, so readers of the slave get EIO/EOF, as when a USB modem
 * disappears. A thin view of the simulator's {@link Pty}.
 */
public final class TestPty implements AutoCloseable {
    private final Pty pty;

    public TestPty() throws IOException {
        this.pty = Pty.open();
    }

    public String slavePath() {
        return pty.slavePath();
    }

    public InputStream masterIn() {
        return pty.inputStream();
    }

    public OutputStream masterOut() {
        return pty.outputStream();
    }

    public void vanish() {
        pty.close();
    }

    @Override
    public void close() {
        pty.close();
    }
}
