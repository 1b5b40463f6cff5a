package dev.failberry.modem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failberry.modem.AtResponseParser.Event;
import dev.failberry.modem.AtResponseParser.Reply;
import dev.failberry.modem.AtResult.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code "> "} prompt and text ended by Ctrl-Z or ESC, in the framer and on the port.
 *
 * <p>Wire forms from 3GPP TS 27.005 3.5.1 (the prompt is the four bytes CR LF '>' space, with no final
 * result code before it; {@code +CMGS: <mr>} then OK, or {@code +CMS ERROR: <err>}), and the Huawei
 * EM770W AT Command Interface Specification (issue 18, 2009, 5.13 "+CMGS") and Huawei MU509 (issue 04,
 * 2013, 6.12.4 example {@code AT+CMGS=17} then {@code >0081000B813109010054F3001804534E4E3A} and
 * {@code \x1A}: the PDU echoed right after the prompt).
 */
class SmsPromptFramingTest {
    private static final String MU509_PDU = "0081000B813109010054F3001804534E4E3A";

    private final AtResponseParser parser = new AtResponseParser(UrcRegistry.standard(), 512);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Reply reply(List<Event> events) {
        List<Reply> r = events.stream()
                .filter(Reply.class::isInstance)
                .map(Reply.class::cast)
                .toList();
        assertThat(r).as("exactly one reply in %s", events).hasSize(1);
        return r.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // name                           | wire after AT+CMGS=17 was written
                "echo on (E1), 27.005 framing     | AT+CMGS=17\\r\\r\\n> ",
                "echo off (E0)                    | \\r\\n> ",
                "prompt without the space         | \\r\\n>",
                "line noise before the prompt     | \\u0000\\r\\n> ",
            })
    void thePromptEndsTheCommandWithoutALineEnd(String name, String wire) {
        parser.beginPrompted("AT+CMGS=17");
        Reply r = reply(parser.feed(b(unescape(wire))));
        assertThat(r.status()).isEqualTo(Status.PROMPT);
        assertThat(r.lines()).isEmpty();
        assertThat(r.raw()).last().isEqualTo(">");
        assertThat(parser.inFlight()).isFalse();
    }

    @Test
    void thePromptSplitByteByByteStillEndsTheCommand() {
        parser.beginPrompted("AT+CMGS=17");
        List<Event> all = new ArrayList<>();
        for (byte x : b("AT+CMGS=17\r\r\n> ")) {
            all.addAll(parser.feed(new byte[] {x}));
        }
        assertThat(reply(all).status()).isEqualTo(Status.PROMPT);
    }

    @Test
    void aRefusalInsteadOfThePromptIsItsFinalResult() {
        parser.beginPrompted("AT+CMGS=17");
        Reply r = reply(parser.feed(b("AT+CMGS=17\r\r\n+CMS ERROR: 304\r\n")));
        assertThat(r.status()).isEqualTo(Status.CMS_ERROR);
        assertThat(r.errorCode()).isEqualTo(304);
    }

    @Test
    void aGreaterThanSignIsNoPromptForAnOrdinaryCommand() {
        parser.begin("AT+CSQ");
        assertThat(parser.feed(b("\r\n> "))).isEmpty();
        assertThat(parser.inFlight()).isTrue();
    }

    @Test
    void theEchoedPduAfterThePromptIsDroppedAndCmgsIsItsReply() {
        parser.beginPrompted("AT+CMGS=17");
        reply(parser.feed(b("AT+CMGS=17\r\r\n>")));
        parser.begin(MU509_PDU);
        // the prompt's space, then the echo of what was typed (Ctrl-Z is not printable), then the answer
        Reply r = reply(parser.feed(b(" " + MU509_PDU + "\u001a\r\n+CMGS: 12\r\n\r\nOK\r\n")));
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.lines()).containsExactly("+CMGS: 12");
    }

    @Test
    void aPromptedCommandGivenUpOnOwesNoFinalResultTheEscAfterItGetsTheAnswer() {
        parser.beginPrompted("AT+CMGS=17");
        assertThat(parser.feed(b("AT+CMGS=17\r"))).isEmpty();
        parser.abort(); // no prompt within the timeout
        assertThat(parser.owedFinals()).isZero();
        parser.begin("");
        assertThat(reply(parser.feed(b("\r\nOK\r\n"))).status()).isEqualTo(Status.OK);
    }

    @Test
    void anEmptyWriteIsNeverTakenForItsOwnEcho() {
        parser.begin(""); // ESC alone: the next line is the answer, not an echo
        Reply r = reply(parser.feed(b("\r\nOK\r\n")));
        assertThat(r.status()).isEqualTo(Status.OK);
    }

    // ---- the port: what goes on the wire ------------------------------------------------------------

    /** A modem at the end of a link: each write is recorded and answered by the function's bytes. */
    static final class ScriptedLink implements SerialLink {
        final List<byte[]> writes = new ArrayList<>();
        private final Deque<byte[]> toRead = new ArrayDeque<>();
        private final Function<String, String> modem;

        ScriptedLink(Function<String, String> modem) {
            this.modem = modem;
        }

        @Override
        public void open() {}

        @Override
        public synchronized int read(byte[] buf) throws IOException {
            if (toRead.isEmpty()) {
                try {
                    wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] next = toRead.poll();
            if (next == null) {
                return 0;
            }
            System.arraycopy(next, 0, buf, 0, next.length);
            return next.length;
        }

        @Override
        public synchronized void write(byte[] data) {
            writes.add(data.clone());
            String answer = modem.apply(new String(data, StandardCharsets.ISO_8859_1));
            if (answer != null && !answer.isEmpty()) {
                toRead.add(b(answer));
                notifyAll();
            }
        }

        @Override
        public void close() {}

        @Override
        public String name() {
            return "scripted";
        }

        synchronized List<String> written() {
            return writes.stream()
                    .map(w -> new String(w, StandardCharsets.ISO_8859_1))
                    .toList();
        }
    }

    @Test
    void aPduGoesAsPromptThenTextAndCtrlZWithNoCarriageReturn() throws Exception {
        ScriptedLink link = new ScriptedLink(w -> switch (w) {
            case "AT+CMGS=17\r" -> "AT+CMGS=17\r\r\n> ";
            case MU509_PDU + "\u001a" -> MU509_PDU + "\r\n+CMGS: 12\r\n\r\nOK\r\n";
            default -> "\r\nERROR\r\n";
        });
        try (AtPort port = new AtPort(link)) {
            port.open();
            AtResult prompt = port.sendForPrompt("AT+CMGS=17", Duration.ofSeconds(2));
            assertThat(prompt.status()).isEqualTo(Status.PROMPT);
            AtResult sent = port.sendText(MU509_PDU, (char) 0x1A, Duration.ofSeconds(2));
            assertThat(sent.status()).isEqualTo(Status.OK);
            assertThat(sent.lines()).containsExactly("+CMGS: 12");
            assertThat(sent.command()).doesNotContain(MU509_PDU);
            assertThat(link.written()).containsExactly("AT+CMGS=17\r", MU509_PDU + "\u001a");
        }
    }

    @Test
    void afterALostPromptEscGoesOutAloneWithoutAProbeThatTheModemWouldTakeForText() throws Exception {
        ScriptedLink link = new ScriptedLink(w -> switch (w) {
            case "AT+CMGS=17\r" -> ""; // the prompt never comes
            case "\u001b" -> "\r\nOK\r\n";
            case "AT\r" -> "\r\nOK\r\n";
            default -> "\r\nERROR\r\n";
        });
        try (AtPort port = new AtPort(link)) {
            port.open();
            assertThat(port.sendForPrompt("AT+CMGS=17", Duration.ofMillis(300)).status())
                    .isEqualTo(Status.TIMEOUT);
            port.sendText("", (char) 0x1B, Duration.ofMillis(300));
            assertThat(link.written()).containsExactly("AT+CMGS=17\r", "\u001b");
            // the next ordinary command resynchronises first, as after any timeout
            assertThat(port.send("AT+CSQ", Duration.ofSeconds(3)).status()).isEqualTo(Status.ERROR);
            assertThat(link.written()).containsSubsequence("AT\r", "AT+CSQ\r");
        }
    }

    @Test
    void onlyCtrlZOrEscEndText() {
        AtPort port = new AtPort(new ScriptedLink(w -> ""));
        assertThatThrownBy(() -> port.sendText("00", '\r', Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> port.sendText("a\rb", (char) 0x1A, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNumberInATextModeCmgsIsMaskedInWhatIsLogged() {
        assertThat(AtRedaction.command("AT+CMGS=\"+64211234567\"")).isEqualTo("AT+CMGS=****");
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\u0000", "\u0000");
    }
}
