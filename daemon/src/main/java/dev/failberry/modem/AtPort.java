package dev.failberry.modem;

import dev.failberry.modem.AtResponseParser.Discarded;
import dev.failberry.modem.AtResponseParser.Event;
import dev.failberry.modem.AtResponseParser.Overflow;
import dev.failberry.modem.AtResponseParser.Reply;
import dev.failberry.modem.AtResponseParser.Urc;
import dev.failberry.modem.AtResult.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one AT command channel to a modem: nothing else touches the serial port.
 *
 * <ul>
 *   <li>One command at a time: {@link #send} serialises callers and blocks up to the timeout.</li>
 *   <li>One reader thread per open port frames bytes ({@link AtResponseParser}), completes the
 *       in-flight command and routes URCs to listeners (on the reader thread: keep them short).</li>
 *   <li>A read returning -1 (EIO), or EOF at once over and over, means the device vanished: the
 *       reader closes the port itself, reports "gone" once and ends, so a dead tty costs no CPU.
 *       {@link #open()} again (after the device reappears) starts afresh.</li>
 *   <li>After a TIMEOUT the next {@link #send} first drains stale input and probes with a plain
 *       {@code AT}; a late final result of the abandoned command is skipped, not taken as the next
 *       answer. If the probe is not answered the command is not sent and TIMEOUT is returned.</li>
 * </ul>
 * Never throws for modem behaviour: a closed or vanished port gives {@link Status#GONE}.
 */
public final class AtPort implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AtPort.class);

    public enum State {
        CLOSED,
        OPEN,
        GONE
    }

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    static final Duration QUIET = Duration.ofMillis(100);
    static final Duration MAX_DRAIN = Duration.ofSeconds(1);
    /** A read that "times out" faster than this is EOF from a hung-up tty, not a timeout. */
    private static final long FAST_EMPTY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private static final int FAST_EMPTY_LIMIT = 20;

    private final SerialLink link;
    private final UrcRegistry urcs;
    private final int maxLineBytes;
    private final ReentrantLock sendLock = new ReentrantLock(true);

    private final Object rx = new Object();
    private AtResponseParser parser; // guarded by rx
    private CompletableFuture<Reply> pending; // guarded by rx
    private long lastRxNanos = System.nanoTime(); // guarded by rx

    private volatile State state = State.CLOSED;
    private volatile Thread reader;
    private boolean resyncNeeded; // guarded by sendLock

    private final List<Consumer<String>> urcListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> goneListeners = new CopyOnWriteArrayList<>();
    private volatile AtCommandObserver observer = (c, s, l) -> {};

    private final LongAdder commands = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder urcCount = new LongAdder();
    private final LongAdder discarded = new LongAdder();
    private final LongAdder overflows = new LongAdder();
    private final LongAdder reads = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();

    public AtPort(SerialLink link) {
        this(link, UrcRegistry.standard(), AtResponseParser.DEFAULT_MAX_LINE);
    }

    public AtPort(SerialLink link, UrcRegistry urcs) {
        this(link, urcs, AtResponseParser.DEFAULT_MAX_LINE);
    }

    public AtPort(SerialLink link, UrcRegistry urcs, int maxLineBytes) {
        this.link = Objects.requireNonNull(link);
        this.urcs = Objects.requireNonNull(urcs);
        this.maxLineBytes = maxLineBytes;
    }

    /** The URC table; vendors may {@link UrcRegistry#add add} prefixes at any time. */
    public UrcRegistry urcs() {
        return urcs;
    }

    /** Opens (or reopens after GONE) the device. Throws if the device cannot be opened. */
    public void open() throws IOException {
        sendLock.lock();
        try {
            if (state == State.OPEN) {
                return;
            }
            stopReader();
            link.open();
            synchronized (rx) {
                parser = new AtResponseParser(urcs, maxLineBytes);
                pending = null;
                lastRxNanos = System.nanoTime();
            }
            resyncNeeded = false;
            state = State.OPEN;
            Thread t = new Thread(this::readLoop, "at-reader " + link.name());
            t.setDaemon(true);
            reader = t;
            t.start();
            log.info("AT port {} open", link.name());
        } finally {
            sendLock.unlock();
        }
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    public State state() {
        return state;
    }

    public String name() {
        return link.name();
    }

    /**
     * Unsolicited lines (and every registration line, solicited or not), in wire order, on the
     * reader thread: keep listeners short and never call {@link #send} from one.
     */
    public void addUrcListener(Consumer<String> listener) {
        urcListeners.add(Objects.requireNonNull(listener));
    }

    public void removeUrcListener(Consumer<String> listener) {
        urcListeners.remove(listener);
    }

    /** Called once (with the reason) when the device vanishes; not called by {@link #close()}. */
    public void addGoneListener(Consumer<String> listener) {
        goneListeners.add(Objects.requireNonNull(listener));
    }

    /** Metrics hook, called after every command including resynchronisation probes. */
    public void setCommandObserver(AtCommandObserver o) {
        observer = o == null ? (c, s, l) -> {} : o;
    }

    public AtPortStats stats() {
        return new AtPortStats(
                commands.sum(),
                timeouts.sum(),
                urcCount.sum(),
                discarded.sum(),
                overflows.sum(),
                reads.sum(),
                bytesRead.sum());
    }

    /**
     * Sends one command (e.g. {@code AT+CSQ}; CR is appended) and waits for its final result. The
     * whole call, including any resynchronisation after an earlier timeout, is bounded by
     * {@code timeout}.
     */
    public AtResult send(String command, Duration timeout) {
        String cmd = oneLine(command);
        return transact(Write.command(cmd, false), true, timeout);
    }

    /**
     * Sends a command that the modem answers with the {@code "> "} text-entry prompt ({@code AT+CMGS}):
     * {@link Status#PROMPT} when it came (no final result code precedes it), otherwise the final result
     * that refused it, or TIMEOUT. After PROMPT the modem waits for {@link #sendText}.
     */
    public AtResult sendForPrompt(String command, Duration timeout) {
        String cmd = oneLine(command);
        return transact(Write.command(cmd, true), true, timeout);
    }

    /**
     * Writes {@code text} then one {@code terminator} byte, with no carriage return, and waits for the final
     * result: the body after a prompt, ended by Ctrl-Z (0x1A, send) or ESC (0x1B, cancel; {@code text} may
     * be empty). There is no resynchronisation probe first: a modem at the prompt would take the probe
     * for text. The text (an SMS or its PDU) is never logged, only its length.
     */
    public AtResult sendText(String text, char terminator, Duration timeout) {
        if (terminator != 0x1A && terminator != 0x1B) {
            throw new IllegalArgumentException(
                    "text is ended by Ctrl-Z (0x1A) or ESC (0x1B), not 0x" + Integer.toHexString(terminator));
        }
        if (!text.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("text after a prompt must be printable ASCII (hex PDU or IRA text)");
        }
        String shown = terminator == 0x1B ? "<ESC>" : "<" + text.length() + " characters, Ctrl-Z>";
        byte[] wire = (text + terminator).getBytes(StandardCharsets.US_ASCII);
        return transact(new Write(shown, shown, text, wire, false), false, timeout);
    }

    private static String oneLine(String command) {
        String cmd = command.strip();
        if (cmd.isEmpty() || cmd.indexOf('\r') >= 0 || cmd.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("AT command must be one non-empty line: '" + command + "'");
        }
        return cmd;
    }

    /** One exchange under the send lock; {@code resync}: whether a probe may go first after an earlier timeout. */
    private AtResult transact(Write w, boolean resync, Duration timeout) {
        String cmd = w.cmd();
        String shown = w.shown();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try {
            if (!sendLock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                log.warn(
                        "AT port {}: {} not sent: another command held the port for {} ms",
                        link.name(),
                        shown,
                        timeout.toMillis());
                return AtResult.noReply(cmd, Status.TIMEOUT, List.of(), since(start));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AtResult.noReply(cmd, Status.TIMEOUT, List.of(), since(start));
        }
        try {
            if (state != State.OPEN) {
                return recorded(AtResult.noReply(cmd, Status.GONE, List.of(), since(start)));
            }
            if (resync && resyncNeeded && !resync(shown, deadline)) {
                timeouts.increment();
                return recorded(AtResult.noReply(
                        cmd, state == State.OPEN ? Status.TIMEOUT : Status.GONE, List.of(), since(start)));
            }
            return exchange(w, deadline);
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * One write and what to expect of it.
     *
     * @param cmd    what the result records as its command
     * @param shown  what logs may show of it
     * @param echo   what the modem echoes of it (dropped from the reply)
     * @param prompt whether the {@code "> "} prompt ends it
     */
    private record Write(String cmd, String shown, String echo, byte[] wire, boolean prompt) {
        static Write command(String cmd, boolean prompt) {
            return new Write(cmd, redact(cmd), cmd, (cmd + "\r").getBytes(StandardCharsets.US_ASCII), prompt);
        }
    }

    /** A command as it may appear in a log: PINs, PUKs and passwords are masked ({@link AtRedaction}). */
    static String redact(String cmd) {
        return AtRedaction.command(cmd);
    }

    /** Stops the reader and closes the device. Commands then return GONE. */
    @Override
    public void close() {
        boolean wasOpen = state == State.OPEN;
        state = State.CLOSED;
        failPending();
        stopReader();
        link.close();
        if (wasOpen) {
            log.info("AT port {} closed", link.name());
        }
    }

    // ---------------------------------------------------------------- sending

    private AtResult exchange(Write w, long deadline) {
        String cmd = w.cmd();
        CompletableFuture<Reply> f = new CompletableFuture<>();
        synchronized (rx) {
            if (state != State.OPEN) {
                return recorded(AtResult.noReply(cmd, Status.GONE, List.of(), Duration.ZERO));
            }
            if (w.prompt()) {
                parser.beginPrompted(w.echo());
            } else {
                parser.begin(w.echo());
            }
            pending = f;
        }
        long start = System.nanoTime();
        commands.increment();
        try {
            link.write(w.wire());
        } catch (IOException e) {
            synchronized (rx) {
                if (pending == f) {
                    pending = null;
                    parser.abort();
                    parser.forgetOwed();
                }
            }
            log.warn("AT port {}: {} not sent: {}", link.name(), w.shown(), e.getMessage());
            return recorded(AtResult.noReply(cmd, Status.GONE, List.of(), since(start)));
        }
        Reply r = null;
        List<String> partial = List.of();
        try {
            r = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            boolean claimedByReader;
            synchronized (rx) {
                claimedByReader = pending != f;
                if (!claimedByReader) {
                    partial = parser.partialRaw();
                    parser.abort();
                    pending = null;
                }
            }
            if (claimedByReader) {
                r = f.join(); // the final result arrived as we timed out; the reader completes it now
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        Duration latency = since(start);
        if (r == null) {
            timeouts.increment();
            resyncNeeded = true;
            log.warn(
                    "AT port {}: {} timed out after {} ms ({} lines received)",
                    link.name(),
                    w.shown(),
                    latency.toMillis(),
                    partial.size());
            return recorded(AtResult.noReply(cmd, Status.TIMEOUT, partial, latency));
        }
        if (r.status() == Status.GONE) {
            return recorded(AtResult.noReply(cmd, Status.GONE, r.raw(), latency));
        }
        return recorded(new AtResult(
                cmd, r.status(), r.lines(), r.errorCode(), r.errorText(), r.connectRate(), r.raw(), latency));
    }

    private boolean resync(String shown, long deadline) {
        long remaining = deadline - System.nanoTime();
        log.info(
                "AT port {}: resynchronising before {}: flushing stale input, then probing with AT",
                link.name(),
                shown);
        waitQuiet(QUIET.toNanos(), Math.min(MAX_DRAIN.toNanos(), remaining / 3));
        long probeBudget = Math.min(PROBE_TIMEOUT.toNanos(), Math.max(0, deadline - System.nanoTime()) / 2);
        AtResult probe = exchange(Write.command("AT", false), System.nanoTime() + probeBudget);
        if (!probe.status().isReply()) {
            synchronized (rx) {
                if (parser != null) {
                    parser.forgetOwed(); // the modem lost those commands; do not wait for them again
                }
            }
            log.warn("AT port {}: {} not sent: the AT probe was not answered ({})", link.name(), shown, probe.status());
            return false;
        }
        resyncNeeded = false;
        log.info(
                "AT port {}: back in step, probe answered {} in {} ms",
                link.name(),
                probe.status(),
                probe.latency().toMillis());
        return true;
    }

    /** Waits until nothing arrived for {@code quietNanos} and no late final result is owed, at most {@code maxNanos}. */
    private void waitQuiet(long quietNanos, long maxNanos) {
        long end = System.nanoTime() + Math.max(0, maxNanos);
        synchronized (rx) {
            parser.abort();
            while (state == State.OPEN) {
                long now = System.nanoTime();
                long silent = now - lastRxNanos;
                if (silent >= quietNanos && parser.owedFinals() == 0 || now >= end) {
                    return;
                }
                long waitNanos = Math.min(end - now, Math.max(quietNanos - silent, TimeUnit.MILLISECONDS.toNanos(10)));
                try {
                    TimeUnit.NANOSECONDS.timedWait(rx, Math.max(waitNanos, 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private AtResult recorded(AtResult r) {
        try {
            observer.onCommand(r.command(), r.status(), r.latency());
        } catch (RuntimeException e) {
            log.warn("AT port {}: command observer failed: {}", link.name(), e.toString());
        }
        return r;
    }

    // ---------------------------------------------------------------- reading

    private void readLoop() {
        byte[] buf = new byte[1024];
        int fastEmpty = 0;
        Thread me = Thread.currentThread();
        while (reader == me) {
            long t0 = System.nanoTime();
            int n;
            try {
                n = link.read(buf);
            } catch (IOException | RuntimeException e) {
                gone(me, "read failed: " + e.getMessage());
                return;
            }
            reads.increment();
            if (reader != me) {
                break;
            }
            if (n < 0) {
                gone(me, "read returned EOF/EIO (device vanished)");
                return;
            }
            if (n == 0) {
                if (System.nanoTime() - t0 < FAST_EMPTY_NANOS) {
                    if (++fastEmpty >= FAST_EMPTY_LIMIT) {
                        gone(me, "reads return EOF at once (tty hung up)");
                        return;
                    }
                } else {
                    fastEmpty = 0;
                }
                continue;
            }
            fastEmpty = 0;
            bytesRead.add(n);
            List<Event> events;
            CompletableFuture<Reply> claimed = null;
            synchronized (rx) {
                lastRxNanos = System.nanoTime();
                events = parser.feed(buf, 0, n);
                if (pending != null && events.stream().anyMatch(Reply.class::isInstance)) {
                    claimed = pending; // the sender now waits for us to complete it
                    pending = null;
                }
                rx.notifyAll();
            }
            dispatch(events, claimed);
        }
        link.close(); // stopped by close(): the reader closes the port it reads
    }

    /** Hands events on in wire order: URCs that came before the final result reach listeners before send() returns. */
    private void dispatch(List<Event> events, CompletableFuture<Reply> claimed) {
        for (Event e : events) {
            if (e instanceof Reply r) {
                if (claimed != null) {
                    claimed.complete(r);
                }
            } else if (e instanceof Urc u) {
                urcCount.increment();
                log.trace("AT port {}: URC {}", link.name(), AtRedaction.line(u.line()));
                for (Consumer<String> l : urcListeners) {
                    try {
                        l.accept(u.line());
                    } catch (RuntimeException ex) {
                        log.warn(
                                "AT port {}: URC listener failed on '{}': {}",
                                link.name(),
                                AtRedaction.line(u.line()),
                                ex.toString());
                    }
                }
            } else if (e instanceof Discarded d) {
                discarded.increment();
                log.debug("AT port {}: discarded '{}' ({})", link.name(), AtRedaction.line(d.line()), d.why());
            } else if (e instanceof Overflow o) {
                overflows.increment();
                log.warn(
                        "AT port {}: dropped an over-long line ({} bytes, limit {})",
                        link.name(),
                        o.droppedBytes(),
                        maxLineBytes);
            }
        }
    }

    private void gone(Thread me, String reason) {
        if (reader != me) {
            link.close();
            return;
        }
        state = State.GONE;
        reader = null;
        link.close();
        failPending();
        log.warn("AT port {} gone: {}", link.name(), reason);
        for (Consumer<String> l : goneListeners) {
            try {
                l.accept(reason);
            } catch (RuntimeException ex) {
                log.warn("AT port {}: gone listener failed: {}", link.name(), ex.toString());
            }
        }
    }

    private void failPending() {
        synchronized (rx) {
            if (pending != null) {
                pending.complete(new Reply(Status.GONE, List.of(), null, null, null, parser.partialRaw()));
                pending = null;
            }
            if (parser != null) {
                parser.abort();
                parser.forgetOwed();
            }
            rx.notifyAll();
        }
    }

    private void stopReader() {
        Thread t = reader;
        reader = null;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(2500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                log.warn("AT port {}: reader thread did not stop within 2.5 s", link.name());
            }
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
