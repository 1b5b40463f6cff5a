package dev.failberry.modem.sms;

import java.io.IOException;
import java.text.Normalizer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sending one SMS, as data: the steps of the PDU-mode dialogue (3GPP TS 27.005 §3.5.1:
 * {@code AT+CMGF=0}, {@code AT+CMGS=<TPDU octets>}, the {@code "> "} prompt, the PDU and Ctrl-Z, then
 * {@code +CMGS: <mr>} and OK) and of the text-mode fallback for sticks without PDU mode
 * ({@code AT+CMGF=1}, {@code AT+CSCS="IRA"}, {@code AT+CMGS="<number>"}, the text and Ctrl-Z), and
 * {@link #run} that walks them over an {@link AtChannel} and classifies the result.
 *
 * <p>Text mode is used only when {@code AT+CMGF=0} itself is refused (ERROR, {@code +CMS ERROR:
 * 303/304}, {@code +CME ERROR: 4}). It carries printable ASCII only (IRA character set, which every
 * stick converts to the GSM alphabet itself); anything else is transliterated or becomes '?'.
 *
 * <p>A message counts as sent as soon as {@code +CMGS:} (or OK after Ctrl-Z) is seen, even if the rest
 * of the answer is lost. A missing prompt is followed by ESC so that the modem does not stay in
 * text-entry mode and swallow the next command.
 */
public final class SmsDialogue {
    static final Duration MODE_TIMEOUT = Duration.ofSeconds(5);
    static final Duration PROMPT_TIMEOUT = Duration.ofSeconds(10);
    /** Submitting to the network: usually seconds, longer on a weak cell. */
    static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(60);

    static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(2);
    private static final Pattern CMGS = Pattern.compile("^\\s*\\+CMGS:\\s*(\\d+)", Pattern.CASE_INSENSITIVE);

    /** What a step sends and waits for. */
    public enum Kind {
        /** A command answered by a final result code; OK continues. */
        COMMAND,
        /** A command answered by the {@code "> "} prompt. */
        PROMPT,
        /** The message body ended by Ctrl-Z, answered by {@code +CMGS: <mr>} and OK. */
        BODY
    }

    /** One step; {@code shown} is what logs and reasons may say about it (never the text or the number). */
    public record Step(Kind kind, String text, Duration timeout, String shown) {
        @Override
        public String toString() {
            return kind + " " + shown;
        }
    }

    private final List<Step> pduSteps;
    private final List<Step> textSteps;
    private final SmsPdu.Submit pdu;

    private SmsDialogue(SmsPdu.Submit pdu, List<Step> pduSteps, List<Step> textSteps) {
        this.pdu = pdu;
        this.pduSteps = pduSteps;
        this.textSteps = textSteps;
    }

    /** The dialogue for {@code line} (one message, fitted) to the E.164 number {@code to}. */
    public static SmsDialogue of(String to, String line) {
        SmsPdu.Submit pdu = SmsPdu.submit(to, line);
        List<Step> pduSteps = List.of(
                new Step(Kind.COMMAND, "AT+CMGF=0", MODE_TIMEOUT, "AT+CMGF=0"),
                new Step(Kind.PROMPT, "AT+CMGS=" + pdu.tpduLength(), PROMPT_TIMEOUT, "AT+CMGS=" + pdu.tpduLength()),
                new Step(Kind.BODY, pdu.hex(), SUBMIT_TIMEOUT, "the PDU (" + SmsPdu.describe(pdu) + ")"));
        String ascii = asciiText(line);
        List<Step> textSteps = List.of(
                new Step(Kind.COMMAND, "AT+CMGF=1", MODE_TIMEOUT, "AT+CMGF=1"),
                new Step(Kind.COMMAND, "AT+CSCS=\"IRA\"", MODE_TIMEOUT, "AT+CSCS=\"IRA\""),
                new Step(Kind.PROMPT, "AT+CMGS=\"" + to + "\"", PROMPT_TIMEOUT, "AT+CMGS=\"<number>\""),
                new Step(Kind.BODY, ascii, SUBMIT_TIMEOUT, "the text (" + ascii.length() + " characters)"));
        return new SmsDialogue(pdu, pduSteps, textSteps);
    }

    public List<Step> pduSteps() {
        return pduSteps;
    }

    public List<Step> textSteps() {
        return textSteps;
    }

    /**
     * The longest {@link #run} can take when every step uses its whole timeout (PDU mode, then text mode,
     * each with a cancel): a transport waiting for the outcome waits this long before it gives up.
     */
    public Duration longest() {
        Duration d = CANCEL_TIMEOUT.multipliedBy(2);
        for (Step step : pduSteps) {
            d = d.plus(step.timeout());
        }
        for (Step step : textSteps) {
            d = d.plus(step.timeout());
        }
        return d;
    }

    /** The PDU this dialogue sends in PDU mode. */
    public SmsPdu.Submit pdu() {
        return pdu;
    }

    /** Walks the PDU-mode steps, and the text-mode steps if the modem has no PDU mode. */
    public SmsOutcome run(AtChannel channel) {
        Optional<SmsOutcome> pduOutcome = walk(channel, pduSteps, true);
        if (pduOutcome.isPresent()) {
            return pduOutcome.get();
        }
        return walk(channel, textSteps, false).orElseThrow();
    }

    /** Empty only when the first step of PDU mode said the modem has none. */
    private static Optional<SmsOutcome> walk(AtChannel ch, List<Step> steps, boolean pduMode) {
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            AtChannel.Reply reply;
            try {
                reply = step.kind() == Kind.BODY
                        ? ch.write(step.text(), AtChannel.CTRL_Z, step.timeout())
                        : ch.command(step.text(), step.kind() == Kind.PROMPT, step.timeout());
            } catch (IOException e) {
                return Optional.of(new SmsOutcome.Failed(
                        true,
                        "modem port lost at " + step.shown() + ": "
                                + SmsErrors.oneLine(String.valueOf(e.getMessage()))));
            }
            switch (step.kind()) {
                case COMMAND -> {
                    if (isOk(reply)) {
                        continue;
                    }
                    if (i == 0 && pduMode && !reply.timedOut()) {
                        var f = SmsErrors.classify(reply.end());
                        if (f.isPresent() && SmsErrors.meansNoPduMode(f.get())) {
                            return Optional.empty();
                        }
                    }
                    return Optional.of(failure(step, reply));
                }
                case PROMPT -> {
                    if (!reply.timedOut() && reply.end().strip().startsWith(">")) {
                        continue;
                    }
                    if (reply.timedOut()) {
                        cancel(ch);
                    }
                    return Optional.of(failure(step, reply));
                }
                case BODY -> {
                    Optional<Integer> mr = reference(reply);
                    if (mr.isPresent()) {
                        return Optional.of(new SmsOutcome.Sent(mr.get(), !pduMode));
                    }
                    if (isOk(reply)) {
                        return Optional.of(new SmsOutcome.Sent(-1, !pduMode));
                    }
                    if (reply.timedOut()) {
                        cancel(ch);
                        return Optional.of(new SmsOutcome.Failed(
                                true,
                                "no answer within "
                                        + step.timeout().toSeconds() + " s after " + step.shown()
                                        + " was submitted (the message was probably not sent)"));
                    }
                    return Optional.of(failure(step, reply));
                }
            }
        }
        throw new IllegalStateException("dialogue without a BODY step");
    }

    private static boolean isOk(AtChannel.Reply reply) {
        return !reply.timedOut()
                && (reply.end().strip().equalsIgnoreCase("OK")
                        || reply.end().strip().equals("0"));
    }

    private static Optional<Integer> reference(AtChannel.Reply reply) {
        for (String line : reply.lines()) {
            Matcher m = CMGS.matcher(line);
            if (m.find()) {
                return Optional.of(Integer.parseInt(m.group(1)));
            }
        }
        if (reply.end() != null) {
            Matcher m = CMGS.matcher(reply.end());
            if (m.find()) {
                return Optional.of(Integer.parseInt(m.group(1)));
            }
        }
        return Optional.empty();
    }

    private static SmsOutcome.Failed failure(Step step, AtChannel.Reply reply) {
        if (reply.timedOut()) {
            return new SmsOutcome.Failed(
                    true,
                    "no answer to " + step.shown() + " within " + step.timeout().toSeconds() + " s");
        }
        return SmsErrors.classify(reply.end())
                .map(f -> new SmsOutcome.Failed(f.retryable(), step.shown() + ": " + f.describe()))
                .orElseGet(() -> new SmsOutcome.Failed(
                        true, step.shown() + ": unexpected answer \"" + SmsErrors.oneLine(reply.end()) + "\""));
    }

    /** ESC leaves the text-entry mode a lost prompt or a lost Ctrl-Z may have left the modem in. */
    private static void cancel(AtChannel ch) {
        try {
            ch.write("", AtChannel.ESC, CANCEL_TIMEOUT);
        } catch (IOException e) {
            // the port is gone: nothing is left to cancel
        }
    }

    /** Printable ASCII for text mode: accents stripped, typographic punctuation plain, the rest '?'; 160 septets at most. */
    static String asciiText(String line) {
        String t = line.replace('’', '\'')
                .replace('‘', '\'')
                .replace('‚', '\'')
                .replace('“', '"')
                .replace('”', '"')
                .replace('„', '"')
                .replace('«', '"')
                .replace('»', '"')
                .replace('–', '-')
                .replace('—', '-')
                .replace("…", "...")
                .replace('`', '\'');
        t = Normalizer.normalize(t, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        StringBuilder sb = new StringBuilder(t.length());
        t.codePoints().forEach(c -> sb.append(c >= 0x20 && c < 0x7F ? (char) c : '?'));
        return SmsPdu.fit(sb.toString()).text(); // brackets and the like cost two septets on the air
    }
}
