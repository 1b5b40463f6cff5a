package dev.failberry.modem;

import dev.failberry.modem.AtResult.Status;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies one framed line as a final result code, following ModemManager's
 * {@code mm_serial_parser_v1} order: OK, CONNECT, +CME/+CMS ERROR, MODEM ERROR, ERROR / COMMAND NOT
 * SUPPORT, call-end codes, then bare V0 numeric codes.
 *
 * @param status      the classified status
 * @param errorCode   numeric error, or null
 * @param errorText   error text (or the number as text), or null
 * @param connectRate text after CONNECT, or null
 */
record FinalResult(Status status, Integer errorCode, String errorText, String connectRate) {

    // "+CME ERROR:" with nothing after the colon is not final (MM test-at-serial-port.c);
    // "+CME ERROR: " (a space) is.
    private static final Pattern CME = Pattern.compile("^\\+CME ERROR:(.+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern CMS = Pattern.compile("^\\+CMS ERROR:(.+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern MODEM_ERROR =
            Pattern.compile("^MODEM ERROR:\\s*(\\d+)\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern CONNECT = Pattern.compile("^CONNECT(?:\\s+(.*?))?\\s*$", Pattern.CASE_INSENSITIVE);

    static Optional<FinalResult> classify(String rawLine) {
        String line = rawLine.stripLeading();
        String t = line.strip();
        switch (t.toUpperCase(java.util.Locale.ROOT)) {
            case "OK":
            case "0":
                return of(Status.OK);
            case "ERROR":
            case "COMMAND NOT SUPPORT":
            case "4":
                return of(Status.ERROR);
            case "NO CARRIER":
            case "3":
                return of(Status.NO_CARRIER);
            case "BUSY":
            case "7":
                return of(Status.BUSY);
            case "NO ANSWER":
            case "8":
                return of(Status.NO_ANSWER);
            case "NO DIALTONE":
            case "NO DIAL TONE":
            case "6":
                return of(Status.NO_DIALTONE);
            case "1":
                return Optional.of(new FinalResult(Status.CONNECT, null, null, null));
            default:
                break;
        }
        Matcher m = CONNECT.matcher(t);
        if (m.matches()) {
            String rate = m.group(1);
            return Optional.of(
                    new FinalResult(Status.CONNECT, null, null, rate == null || rate.isBlank() ? null : rate.strip()));
        }
        m = CME.matcher(line);
        if (m.matches()) {
            return Optional.of(error(Status.CME_ERROR, m.group(1)));
        }
        m = CMS.matcher(line);
        if (m.matches()) {
            return Optional.of(error(Status.CMS_ERROR, m.group(1)));
        }
        m = MODEM_ERROR.matcher(t);
        if (m.matches()) {
            return Optional.of(error(Status.ERROR, m.group(1)));
        }
        return Optional.empty();
    }

    private static Optional<FinalResult> of(Status s) {
        return Optional.of(new FinalResult(s, null, null, null));
    }

    private static FinalResult error(Status s, String detail) {
        String text = detail.strip();
        Integer code = null;
        if (!text.isEmpty() && text.length() <= 9 && text.chars().allMatch(Character::isDigit)) {
            code = Integer.valueOf(text);
        }
        return new FinalResult(s, code, text, null);
    }
}
