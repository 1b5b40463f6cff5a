package dev.failberry.modem;

import com.fazecast.jSerialComm.SerialPort;
import dev.failberry.host.SerialNative;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link SerialLink} over jSerialComm 2.11.4, used the safe way: no event listeners (the
 * disconnect event repeats ~110 times in 2 s and closing from or after it can SIGSEGV, issues
 * #628/#625), semi-blocking reads with a short timeout from one reader thread, and -1 from
 * {@code readBytes} taken as "device gone". {@code getCommPort} is called on every open because it
 * resolves a symlink only once. The native library is loaded by {@link SerialNative} before the first
 * open, never by jSerialComm from a directory another user can write.
 */
public final class JSerialCommLink implements SerialLink {
    private final SerialSettings settings;
    private final AtomicReference<SerialPort> port = new AtomicReference<>();

    public JSerialCommLink(SerialSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open() throws IOException {
        SerialNative.load();
        close();
        SerialPort p;
        try {
            p = SerialPort.getCommPort(settings.path());
        } catch (RuntimeException e) { // SerialPortInvalidPortException when the node is missing
            throw new IOException("cannot resolve " + settings.path() + ": " + e.getMessage(), e);
        }
        p.setComPortParameters(settings.baud(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        p.setFlowControl(
                settings.rtsCts()
                        ? SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED
                        : SerialPort.FLOW_CONTROL_DISABLED);
        p.setComPortTimeouts(
                SerialPort.TIMEOUT_READ_SEMI_BLOCKING,
                (int) settings.readTimeout().toMillis(),
                0);
        if (!p.openPort(0)) {
            throw new IOException("cannot open " + settings.path() + " (errno " + p.getLastErrorCode() + ")");
        }
        port.set(p);
    }

    @Override
    public int read(byte[] buf) throws IOException {
        SerialPort p = port.get();
        if (p == null) {
            return -1;
        }
        return p.readBytes(buf, buf.length);
    }

    @Override
    public void write(byte[] data) throws IOException {
        SerialPort p = port.get();
        if (p == null) {
            throw new IOException(settings.path() + " is not open");
        }
        int n = p.writeBytes(data, data.length);
        if (n != data.length) {
            throw new IOException("write to " + settings.path() + " failed (" + n + " of " + data.length
                    + " bytes, errno " + p.getLastErrorCode() + ")");
        }
    }

    @Override
    public void close() {
        SerialPort p = port.getAndSet(null);
        if (p != null) {
            p.closePort();
        }
    }

    @Override
    public String name() {
        return settings.path();
    }
}
