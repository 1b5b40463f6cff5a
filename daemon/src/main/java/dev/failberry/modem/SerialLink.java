package dev.failberry.modem;

import java.io.IOException;

/**
 * The byte pipe under an {@link AtPort}: the seam between AT logic and the serial driver. One
 * thread reads; writes come from the thread sending a command.
 */
public interface SerialLink {

    /** Opens the device afresh (resolving symlinks again). */
    void open() throws IOException;

    /**
     * Reads what is available, waiting at most the link's read timeout (at most 1 s).
     *
     * @return bytes read; 0 if the timeout passed without data; -1 if the device is gone (EIO/EOF)
     */
    int read(byte[] buf) throws IOException;

    /** Writes all bytes or throws. */
    void write(byte[] data) throws IOException;

    /** Closes the device; harmless if not open. */
    void close();

    /** The configured path, for logs. */
    String name();
}
