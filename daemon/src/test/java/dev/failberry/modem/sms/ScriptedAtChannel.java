package dev.failberry.modem.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An {@link AtChannel} that plays back an exchange: each expected write (a command, or a body with its
 * terminator) gets its canned reply, as framed lines plus the final line. It records what was written,
 * so a test can also check that a PDU reached the port and decode it.
 */
final class ScriptedAtChannel implements AtChannel {
    record Exchange(String expectedWrite, AtChannel.Reply reply, IOException failure) {}

    private final Deque<Exchange> script = new ArrayDeque<>();
    final List<String> written = new ArrayList<>();

    /** Expects {@code command} (without CR) and answers {@code lines}, then the final line {@code end} (null: timeout). */
    ScriptedAtChannel on(String command, String end, String... lines) {
        script.add(new Exchange(command, new AtChannel.Reply(List.of(lines), end), null));
        return this;
    }

    /** Expects a body write (the text then the terminator) whose text starts with {@code prefix}. */
    ScriptedAtChannel onBody(String prefix, char terminator, String end, String... lines) {
        script.add(new Exchange("BODY:" + prefix + terminator, new AtChannel.Reply(List.of(lines), end), null));
        return this;
    }

    /** The next write finds the port gone. */
    ScriptedAtChannel vanish(String command) {
        script.add(new Exchange(command, null, new IOException("Input/output error (the device vanished)")));
        return this;
    }

    @Override
    public Reply command(String command, boolean untilPrompt, Duration timeout) throws IOException {
        written.add(command);
        return next(command);
    }

    @Override
    public Reply write(String text, char terminator, Duration timeout) throws IOException {
        written.add("BODY:" + text + terminator);
        return next("BODY:" + text + terminator);
    }

    private Reply next(String actual) throws IOException {
        Exchange e = script.poll();
        assertThat(e)
                .as("unexpected write %s", actual.replace("\u001a", "<^Z>").replace("\u001b", "<ESC>"))
                .isNotNull();
        if (e.expectedWrite().startsWith("BODY:")) {
            String prefix = e.expectedWrite().substring(0, e.expectedWrite().length() - 1);
            char terminator = e.expectedWrite().charAt(e.expectedWrite().length() - 1);
            assertThat(actual).startsWith(prefix).endsWith(String.valueOf(terminator));
        } else {
            assertThat(actual).isEqualTo(e.expectedWrite());
        }
        if (e.failure() != null) {
            throw e.failure();
        }
        return e.reply();
    }

    boolean finished() {
        return script.isEmpty();
    }
}
