package dev.failberry.modem;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one AT command. Never an exception: a modem that does not answer gives
 * {@link Status#TIMEOUT}, a closed or vanished port gives {@link Status#GONE}.
 *
 * @param command     the command as sent, e.g. {@code AT+CSQ}
 * @param status      the final result code (or TIMEOUT/GONE)
 * @param lines       the information lines, with echo, URCs and the final result removed
 *                    (solicited registration replies such as {@code +CREG: 2,1,...} to
 *                    {@code AT+CREG?} stay here although they are also routed to URC listeners)
 * @param errorCode   the number of {@code +CME ERROR: n}/{@code +CMS ERROR: n}/{@code MODEM ERROR: n}, else null
 * @param errorText   the text of {@code +CME ERROR: text} (or the number as text), else null
 * @param connectRate the rate of {@code CONNECT 7200000}, else null
 * @param raw         every framed line as received for this command, echo and URCs included
 *                    (what {@code failberry modem at} prints)
 * @param latency     from writing the command (after any resynchronisation) to the final result
 */
public record AtResult(
        String command,
        Status status,
        List<String> lines,
        Integer errorCode,
        String errorText,
        String connectRate,
        List<String> raw,
        Duration latency) {

    /** Final result codes (V.250, 27.007) plus the two outcomes that are not modem replies. */
    public enum Status {
        OK,
        ERROR,
        CME_ERROR,
        CMS_ERROR,
        CONNECT,
        NO_CARRIER,
        BUSY,
        NO_ANSWER,
        NO_DIALTONE,
        /**
         * The {@code "> "} text-entry prompt (27.005 3.5.1, {@code AT+CMGS}): only from
         * {@link AtPort#sendForPrompt}; the modem now waits for text ended by Ctrl-Z or ESC.
         */
        PROMPT,
        /** No final result within the timeout. */
        TIMEOUT,
        /** The port is closed or the device vanished. */
        GONE;

        /** True for anything the modem actually answered (success or error). */
        public boolean isReply() {
            return this != TIMEOUT && this != GONE;
        }
    }

    public AtResult {
        lines = List.copyOf(lines);
        raw = List.copyOf(raw);
    }

    public boolean isOk() {
        return status == Status.OK;
    }

    /** The information lines joined with newlines (empty if none). */
    public String body() {
        return String.join("\n", lines);
    }

    static AtResult noReply(String command, Status status, List<String> raw, Duration latency) {
        return new AtResult(command, status, List.of(), null, null, null, raw, latency);
    }
}
