package dev.failberry.sim.modem;

import dev.failberry.sim.pty.Pty;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated tty: a PTY, the one thread that reads it, V.250 line assembly and echo, per-port
 * settings (E, V, +CMEE, +CREG=n ...) and data mode. Settings are guarded by the simulator lock.
 *
 * <p>A data call ends like on a real stick with {@code AT&D2} (the usual default): when whoever dialled
 * closes the port (pppd exiting, chat giving up) DTR drops, the modem hangs up and is back in command
 * mode for the next dial. The PTY lets go of its own slave fd for the call so that the last close shows.
 */
final class PortSession {
    private static final Logger log = LoggerFactory.getLogger(PortSession.class);
    private static final int MAX_LINE = 2048;

    final SimPort which;
    final Pty pty;
    private final ModemSimulator sim;
    private final Thread thread;

    boolean echo = true;
    boolean verbose = true;
    int cmee;
    int cregN;
    int cgregN;
    int ceregN;
    volatile boolean dataMode;
    long dataBytes;
    /** After the {@code "> "} prompt: the SMS being typed, until Ctrl-Z or ESC. Only the reader thread touches it. */
    private SmsCommands.Entry sms;

    private final StringBuilder line = new StringBuilder();
    private volatile long lastByteNanos = System.nanoTime();
    private volatile int plusCount;

    PortSession(SimPort which, Pty pty, ModemSimulator sim) {
        this.which = which;
        this.pty = pty;
        this.sim = sim;
        this.thread = new Thread(this::readLoop, "modem-sim " + which.name().toLowerCase() + " " + pty.slavePath());
        this.thread.setDaemon(true);
    }

    ModemSimulator sim() {
        return sim;
    }

    /** {@code AT+CMGS} answered the prompt: what follows is the message (called by its handler, on the reader thread). */
    void beginSms(SmsCommands.Entry entry) {
        sms = entry;
    }

    void start() {
        thread.start();
    }

    void resetSettings() {
        echo = true;
        verbose = true;
        cmee = 0;
        cregN = 0;
        cgregN = 0;
        ceregN = 0;
    }

    /** Closes the PTY (the daemon's next read fails) and lets the reader end. */
    void close() {
        pty.close();
        thread.interrupt();
    }

    boolean isClosed() {
        return pty.isClosed();
    }

    /** Writes a URC framed for this port's V setting, unless in data mode; drops it if the tty is full. */
    void urc(String text) {
        if (dataMode || pty.isClosed()) {
            return;
        }
        write(verbose ? "\r\n" + text + "\r\n" : text + "\r\n", 50);
    }

    void write(String s, int timeoutMs) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        try {
            int n = pty.write(b, 0, b.length, timeoutMs);
            if (n < b.length) {
                log.debug("sim {}: dropped {} bytes, nobody reads {}", which, b.length - n, pty.slavePath());
            }
        } catch (IOException e) {
            log.debug("sim {}: write failed: {}", which, e.getMessage());
        }
    }

    /** ATD answered CONNECT: the port carries PPP until +++, ATH on the other port, or DTR drops. */
    void enterDataMode() {
        dataMode = true;
        pty.releaseSlave(); // the dialler holds the port; its last close is the DTR drop
    }

    /** Leaves data mode (+++, ATH from the other port, carrier lost) with NO CARRIER. */
    void endCall() {
        synchronized (sim.lock) {
            if (dataMode) {
                dataMode = false;
                write(verbose ? "\r\nNO CARRIER\r\n" : "3\r", 1000);
                sim.callEnded(this);
            }
        }
        keepSlave();
    }

    /** The dialler closed the port during the call: DTR dropped, so the modem hangs up (&D2). */
    private boolean dtrDropped() {
        synchronized (sim.lock) {
            if (dataMode) {
                dataMode = false;
                log.info("sim {}: port closed during the data call: DTR dropped, back in command mode", which);
                sim.callEnded(this);
            }
        }
        return keepSlave();
    }

    private boolean keepSlave() {
        try {
            pty.holdSlave();
            return true;
        } catch (IOException e) {
            log.warn("sim {}: cannot hold {} open again: {}", which, pty.slavePath(), e.getMessage());
            return false;
        }
    }

    private void readLoop() {
        byte[] buf = new byte[512];
        try {
            while (true) {
                int n = pty.read(buf, 0, buf.length, -1);
                if (n == Pty.HANGUP) {
                    if (!dtrDropped() || pty.isClosed()) {
                        return; // never spin on a port we cannot hold
                    }
                    continue;
                }
                if (n < 0) {
                    return;
                }
                if (dataMode) {
                    onData(buf, n);
                } else {
                    onCommandBytes(buf, n);
                }
            }
        } catch (IOException e) {
            log.debug("sim {}: reader stopped: {}", which, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onCommandBytes(byte[] buf, int n) throws InterruptedException {
        boolean hung = sim.isHung();
        boolean doEcho;
        synchronized (sim.lock) {
            doEcho = hung ? sim.hungEchoes() && echo : echo;
        }
        if (doEcho) {
            write(new String(buf, 0, n, StandardCharsets.ISO_8859_1), 1000);
        }
        for (int i = 0; i < n; i++) {
            char c = (char) (buf[i] & 0xff);
            if (sms != null) {
                smsByte(c, hung);
                continue;
            }
            if (c == '\r') {
                String l = line.toString();
                line.setLength(0);
                if (!l.isBlank() && !hung) {
                    execute(l.strip());
                }
            } else if (c == 8 && line.length() > 0) {
                line.setLength(line.length() - 1);
            } else if (c >= 0x20 && c < 0x7f && line.length() < MAX_LINE) {
                line.append(c);
            }
            if (dataMode) { // ATD switched us: the rest of the chunk is PPP
                onData(java.util.Arrays.copyOfRange(buf, i + 1, n), n - i - 1);
                return;
            }
        }
    }

    private void execute(String l) throws InterruptedException {
        sim.logCommand(which, l);
        long delay = sim.replyDelayMillis();
        if (delay > 0) {
            TimeUnit.MILLISECONDS.sleep(delay);
        }
        if (sim.isHung() || pty.isClosed()) {
            return;
        }
        String reply;
        synchronized (sim.lock) {
            reply = sim.table().run(l, this);
        }
        write(reply, 1000);
        sim.afterReply(this);
    }

    /**
     * One byte of a message after the prompt: Ctrl-Z submits it, ESC cancels it (OK), CR in text mode
     * starts a new line with a new prompt (27.005 3.5.1), other printable bytes are the message.
     */
    private void smsByte(char c, boolean hung) throws InterruptedException {
        SmsCommands.Entry entry = sms;
        if (c == 0x1A || c == 0x1B) {
            sms = null;
            if (hung || pty.isClosed()) {
                return;
            }
            long delay = sim.replyDelayMillis();
            if (delay > 0) {
                TimeUnit.MILLISECONDS.sleep(delay);
            }
            String reply;
            synchronized (sim.lock) {
                reply = c == 0x1B ? (verbose ? "\r\nOK\r\n" : "0\r") : SmsCommands.submit(this, sim.state(), entry);
            }
            write(reply, 1000);
        } else if (c == '\r' && !entry.pdu) {
            entry.text.append('\n');
            write("\r\n> ", 1000);
        } else if (c >= 0x20 && c < 0x7f && entry.text.length() < SmsCommands.MAX_TEXT) {
            entry.text.append(c);
        }
    }

    /** Data mode: bytes are PPP and ignored; only {@code +++} between guard times escapes. */
    private void onData(byte[] buf, int n) {
        long now = System.nanoTime();
        long guard = sim.timing().escapeGuard().toNanos();
        for (int i = 0; i < n; i++) {
            if (buf[i] == '+' && (plusCount > 0 || now - lastByteNanos >= guard)) {
                plusCount++;
            } else {
                plusCount = 0;
            }
            lastByteNanos = now;
        }
        dataBytes += n;
        if (plusCount == 3) {
            long mark = lastByteNanos;
            sim.schedule(
                    () -> {
                        if (plusCount == 3 && lastByteNanos == mark) {
                            plusCount = 0;
                            endCall();
                        }
                    },
                    sim.timing().escapeGuard().toMillis());
        }
    }
}
