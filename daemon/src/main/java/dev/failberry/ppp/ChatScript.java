package dev.failberry.ppp;

import dev.failberry.config.FailberryConfig;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chat(8) script pppd's connect command runs on the data port: abort strings, a short timeout for
 * the AT commands, the PDP context with the APN, and the dial. Pure: config in, text out. The APN and
 * dial string are validated again here because they are interpolated into the script (config
 * validation already rejects them; this is the last line of defence).
 */
public final class ChatScript {
    /** Same rule as the configuration: letters, digits, '.', '-', '_' (no quotes, spaces, control chars). */
    static final Pattern APN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9])?");

    static final Pattern DIAL = Pattern.compile("\\*99(?:\\*\\*\\*(\\d{1,2}))?#");
    /** chat's ABORT strings, in this order: chat exits 4 + index when one of them is seen. */
    public static final List<String> ABORTS = List.of("BUSY", "NO CARRIER", "ERROR", "NO DIALTONE", "NO ANSWER");

    static final int AT_TIMEOUT_SECONDS = 10;

    private ChatScript() {}

    /** The script text for this modem and link configuration. Throws when APN or dial string are unsafe. */
    public static String render(FailberryConfig.Modem modem, FailberryConfig.Ppp ppp) {
        String apn = modem.apn();
        if (apn == null || !APN.matcher(apn).matches()) {
            throw new IllegalArgumentException("refusing to write chat script: invalid APN " + printable(apn));
        }
        int cid = modem.contextId();
        if (cid < 1 || cid > 16) {
            throw new IllegalArgumentException("refusing to write chat script: invalid context id " + cid);
        }
        String dial = ppp.dialNumber();
        Matcher m = dial == null ? null : DIAL.matcher(dial);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("refusing to write chat script: invalid dial string " + printable(dial));
        }
        if (m.group(1) != null && Integer.parseInt(m.group(1)) != cid) {
            throw new IllegalArgumentException(
                    "dial string " + dial + " names context " + m.group(1) + " but modem.context-id is " + cid);
        }
        StringBuilder s = new StringBuilder();
        for (String abort : ABORTS) {
            s.append("ABORT ").append(quote(abort)).append('\n');
        }
        s.append("TIMEOUT ").append(AT_TIMEOUT_SECONDS).append('\n');
        s.append("'' AT\n");
        s.append("OK ATE0\n");
        s.append("OK 'AT+CGDCONT=").append(cid).append(",\"IP\",\"").append(apn).append("\"'\n");
        s.append("OK ATD").append(dial).append('\n');
        s.append("TIMEOUT ").append(dialTimeoutSeconds(ppp.connectTimeout())).append('\n');
        s.append("CONNECT ''\n");
        return s.toString();
    }

    /** Time chat waits for CONNECT: half the connect timeout (the rest is PPP negotiation), 5..60 s. */
    static long dialTimeoutSeconds(Duration connectTimeout) {
        return Math.max(5, Math.min(60, connectTimeout.toSeconds() / 2));
    }

    private static String quote(String s) {
        return s.contains(" ") ? "'" + s + "'" : s;
    }

    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        return '"' + s.replaceAll("\\p{Cntrl}", "?") + '"';
    }
}
