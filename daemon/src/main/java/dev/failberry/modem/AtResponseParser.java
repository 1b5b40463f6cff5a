package dev.failberry.modem;

import dev.failberry.modem.AtResult.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pure V.250 framer and reply assembler: bytes in, events out; no I/O, no threads, no clock. Not
 * thread-safe; {@link AtPort} guards it.
 *
 * <ul>
 *   <li>Lines end on CR or LF, so {@code \r\n}, {@code \r\r\n} and V0's bare {@code \r} all frame;
 *       empty lines are skipped.</li>
 *   <li>NULs, other control bytes and bytes outside 7-bit ASCII are line noise and dropped (AT
 *       replies are IRA text; UCS2 payloads are hex).</li>
 *   <li>A line longer than {@code maxLineBytes} is discarded whole and reported once as
 *       {@link Overflow}; the buffer never grows.</li>
 *   <li>Echo (E1): while a command is in flight and nothing else of its reply has been seen, a line
 *       equal to the command (or ending with it, after line noise) is dropped.</li>
 *   <li>URCs ({@link UrcRegistry}) are cut out wherever they arrive and reported as {@link Urc};
 *       registration lines answering the in-flight query stay in the reply as well.</li>
 *   <li>Late replies: {@link #abort()} abandons the in-flight command but remembers that its final
 *       result is still owed; the next final result that arrives pays that debt instead of ending
 *       the next command, so a slow modem's late answer is never taken for the next reply.</li>
 *   <li>Prompt: a command begun with {@link #beginPrompted} also ends on the text-entry prompt, which has
 *       no line end (27.005 3.5.1: {@code <CR><LF>> }); the {@code '>'} at the start of a line completes
 *       it as {@link Status#PROMPT}, and the space that may follow is only the start of the next line.</li>
 * </ul>
 */
public final class AtResponseParser {

    /** What the parser found. */
    public sealed interface Event permits Reply, Urc, Discarded, Overflow {}

    /** The in-flight command finished. */
    public record Reply(
            Status status,
            List<String> lines,
            Integer errorCode,
            String errorText,
            String connectRate,
            List<String> raw)
            implements Event {}

    /**
     * An unsolicited line.
     *
     * @param alsoInReply true if the line also answers the in-flight query and stays in its reply
     */
    public record Urc(String line, boolean alsoInReply) implements Event {}

    /** A line that belongs to no command: a late reply to an abandoned command, or noise. */
    public record Discarded(String line, String why) implements Event {}

    /** A line longer than the buffer was dropped. */
    public record Overflow(int droppedBytes) implements Event {}

    public static final int DEFAULT_MAX_LINE = 4096;
    static final int MAX_REPLY_LINES = 512;
    private static final int MAX_OWED = 8;

    private final UrcRegistry urcs;
    private final byte[] line;
    private int len;
    private int overflowed;

    private String command;
    private boolean promptWanted;
    private boolean replyStarted;
    private final List<String> info = new ArrayList<>();
    private final List<String> raw = new ArrayList<>();
    private int owedFinals;

    public AtResponseParser(UrcRegistry urcs) {
        this(urcs, DEFAULT_MAX_LINE);
    }

    public AtResponseParser(UrcRegistry urcs, int maxLineBytes) {
        if (maxLineBytes < 16) {
            throw new IllegalArgumentException("maxLineBytes must be at least 16, got " + maxLineBytes);
        }
        this.urcs = urcs;
        this.line = new byte[maxLineBytes];
    }

    /** A command has been written; its reply starts now. */
    public void begin(String cmd) {
        command = cmd.strip();
        promptWanted = false;
        replyStarted = false;
        info.clear();
        raw.clear();
    }

    /**
     * A command answered by the {@code "> "} prompt (or, when refused, by a final result code) has been
     * written; for echo detection {@code cmd} is what was written (a command, or the text after a prompt).
     */
    public void beginPrompted(String cmd) {
        begin(cmd);
        promptWanted = true;
    }

    /**
     * Abandons the in-flight command (timeout); its final result, if it ever comes, is skipped. A prompted
     * command owes none: its final result comes only after the text or the ESC that must follow it, and
     * is the answer to that write.
     */
    public void abort() {
        if (command != null && !promptWanted) {
            owedFinals = Math.min(MAX_OWED, owedFinals + 1);
        }
        command = null;
        promptWanted = false;
        info.clear();
        raw.clear();
    }

    /** Forgets owed final results: the modem evidently lost those commands. */
    public void forgetOwed() {
        owedFinals = 0;
    }

    public int owedFinals() {
        return owedFinals;
    }

    public boolean inFlight() {
        return command != null;
    }

    /** The lines received so far for the in-flight command (for a TIMEOUT result). */
    public List<String> partialRaw() {
        return List.copyOf(raw);
    }

    /** Feeds bytes; returns the events they complete, in order. */
    public List<Event> feed(byte[] buf, int off, int n) {
        List<Event> out = new ArrayList<>(2);
        for (int i = off; i < off + n; i++) {
            int b = buf[i] & 0xff;
            if (b == '\r' || b == '\n') {
                endLine(out);
            } else if (b < 0x20 && b != '\t' || b >= 0x7f) {
                continue; // NUL and line noise
            } else if (overflowed > 0 || len == line.length) {
                overflowed += (overflowed == 0 ? len : 0) + 1;
                len = 0;
            } else {
                line[len++] = (byte) b;
                if (len == 1 && b == '>' && promptWanted && command != null) {
                    prompt(out);
                }
            }
        }
        return out;
    }

    private void prompt(List<Event> out) {
        len = 0;
        if (raw.size() < MAX_REPLY_LINES) {
            raw.add(">");
        }
        out.add(new Reply(Status.PROMPT, List.copyOf(info), null, null, null, List.copyOf(raw)));
        command = null;
        promptWanted = false;
        info.clear();
        raw.clear();
    }

    public List<Event> feed(byte[] buf) {
        return feed(buf, 0, buf.length);
    }

    private void endLine(List<Event> out) {
        if (overflowed > 0) {
            out.add(new Overflow(overflowed));
            overflowed = 0;
            len = 0;
            return;
        }
        if (len == 0) {
            return;
        }
        String text = new String(line, 0, len, StandardCharsets.US_ASCII);
        len = 0;
        if (text.isBlank()) {
            return;
        }
        handleLine(text, out);
    }

    private void handleLine(String text, List<Event> out) {
        if (command != null) {
            if (raw.size() < MAX_REPLY_LINES) {
                raw.add(text);
            }
            if (!replyStarted && isEcho(text)) {
                replyStarted = true;
                return;
            }
        }
        UrcRegistry.Urc urc = urcs.match(text);
        if (urc != null) {
            boolean solicited = command != null && urc.isSolicitedBy(command);
            out.add(new Urc(text.strip(), solicited));
            if (!solicited) {
                return;
            }
        }
        Optional<FinalResult> fin = FinalResult.classify(text);
        if (command == null) {
            if (fin.isPresent() && owedFinals > 0) {
                owedFinals--;
                out.add(new Discarded(text, "late final result of an abandoned command"));
            } else if (urc == null) {
                out.add(new Discarded(
                        text, owedFinals > 0 ? "late reply of an abandoned command" : "no command in flight"));
            }
            return;
        }
        if (fin.isPresent() && owedFinals > 0) {
            // the final result of a command we gave up on: it and what came before belong to it
            owedFinals--;
            for (String stale : info) {
                out.add(new Discarded(stale, "late reply of an abandoned command"));
            }
            out.add(new Discarded(text, "late final result of an abandoned command"));
            info.clear();
            raw.clear();
            replyStarted = false;
            return;
        }
        replyStarted = true;
        if (fin.isPresent()) {
            FinalResult f = fin.get();
            out.add(new Reply(
                    f.status(), List.copyOf(info), f.errorCode(), f.errorText(), f.connectRate(), List.copyOf(raw)));
            command = null;
            promptWanted = false;
            info.clear();
            raw.clear();
            return;
        }
        if (info.size() < MAX_REPLY_LINES) {
            info.add(text.strip());
        }
    }

    private boolean isEcho(String text) {
        String t = text.strip();
        return !t.isEmpty()
                && !command.isEmpty()
                && (t.equalsIgnoreCase(command)
                        || t.length() > command.length()
                                && t.regionMatches(true, t.length() - command.length(), command, 0, command.length()));
    }
}
