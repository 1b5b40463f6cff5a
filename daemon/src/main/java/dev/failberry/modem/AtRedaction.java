package dev.failberry.modem;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in AT command lines, and in what a modem echoes of them, before a line is logged or
 * returned by the admin API. Which arguments are secret, per command (anywhere in a line, since commands
 * may be chained with {@code ;}, and whatever the case or spacing):
 * <ul>
 *   <li>{@code +CPIN}, {@code +CPIN2}, Huawei {@code ^CPIN}, {@code %CPIN}: every argument (PIN, or PUK and
 *       new PIN);</li>
 *   <li>{@code +CLCK=<fac>,<mode>,<passwd>...}: from the third (the facility password);</li>
 *   <li>{@code +CPWD=<fac>,<oldpwd>,<newpwd>}: from the second;</li>
 *   <li>{@code +CSIM=<length>,<command>}: the APDU (a VERIFY PIN carries the PIN in hex);</li>
 *   <li>PDP authentication: {@code +CGAUTH=<cid>,<prot>,<user>,<password>}, Huawei
 *       {@code ^AUTHDATA=<cid>,<type>,...}, Qualcomm {@code $QCPDPP=<cid>,<type>,...}: from the third;</li>
 *   <li>{@code +CMGS}: every argument (in text mode the phone number an SMS goes to, which logs and
 *       status never show; in PDU mode only a length, masked alike for simplicity).</li>
 * </ul>
 * A query ({@code AT+CPIN?}, {@code AT+CLCK="SC",2}) keeps what it has: nothing secret in it.
 */
final class AtRedaction {
    static final String MASK = "****";

    /** Command name (without its prefix character) -> how many leading arguments are not secret. */
    private static final Map<String, Integer> KEEP = Map.of(
            "CPIN", 0, "CPIN2", 0, "CLCK", 2, "CPWD", 1, "CSIM", 1, "CGAUTH", 2, "AUTHDATA", 2, "QCPDPP", 2, "CMGS", 0);

    private static final Pattern SET =
            Pattern.compile("(?i)[+^%$](CPIN2|CPIN|CLCK|CPWD|CSIM|CGAUTH|AUTHDATA|QCPDPP|CMGS)\\s*=");

    private AtRedaction() {}

    /** The line with every secret argument replaced by {@value #MASK}. */
    static String line(String line) {
        if (line == null) {
            return null;
        }
        Matcher m = SET.matcher(line);
        if (!m.find()) {
            return line;
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        do {
            int argsStart = m.end();
            int argsEnd = endOfCommand(line, argsStart);
            int secretFrom =
                    afterArguments(line, argsStart, argsEnd, KEEP.get(m.group(1).toUpperCase(Locale.ROOT)));
            out.append(line, from, secretFrom);
            if (secretFrom < argsEnd) {
                out.append(MASK);
            }
            from = argsEnd;
        } while (m.find(from));
        return out.append(line.substring(from)).toString();
    }

    /** A command as it may appear in a log; the same as {@link #line}. */
    static String command(String command) {
        return line(command);
    }

    /** Where the command's arguments end: at a {@code ;} outside quotes, or the end of the line. */
    private static int endOfCommand(String s, int from) {
        boolean quoted = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                return i;
            }
        }
        return s.length();
    }

    /** The index after the first {@code keep} arguments (and their comma), or {@code end} if there are fewer. */
    private static int afterArguments(String s, int from, int end, int keep) {
        if (keep == 0) {
            return from;
        }
        boolean quoted = false;
        int commas = 0;
        for (int i = from; i < end; i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted && ++commas == keep) {
                return i + 1;
            }
        }
        return end;
    }
}
