package dev.failberry.modem.sms;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The little an SMS needs from the modem's AT control port: send a command and wait for its final result
 * or for the {@code "> "} prompt, and write text ended by one terminator byte (Ctrl-Z sends, ESC
 * cancels) without a carriage return. {@code dev.failberry.modem} implements it on its AT session (on the
 * session's own thread); tests implement it with captured exchanges. Framing, echo and URC routing are
 * the implementation's business; {@link SmsDialogue} only reads the lines and the final result.
 */
public interface AtChannel {
    char CTRL_Z = 0x1A;
    char ESC = 0x1B;

    /**
     * Writes {@code command} and a carriage return, and collects the lines until a final result code
     * (OK, ERROR, +CMS ERROR, +CME ERROR...) or, when {@code untilPrompt}, until the {@code "> "} prompt
     * (which has no line end). Throws when the port is gone.
     */
    Reply command(String command, boolean untilPrompt, Duration timeout) throws IOException;

    /** Writes {@code text} then {@code terminator}, no carriage return, and collects the lines until a final result. */
    Reply write(String text, char terminator, Duration timeout) throws IOException;

    /**
     * @param lines the framed lines received (echo and information lines; URCs may be left out)
     * @param end   the final result line as received, {@code ">"} for the prompt, or null when nothing
     *              final came within the timeout
     */
    record Reply(List<String> lines, String end) {
        public Reply {
            lines = List.copyOf(lines);
        }

        public static Reply timeout(List<String> lines) {
            return new Reply(lines, null);
        }

        public boolean timedOut() {
            return end == null;
        }
    }
}
