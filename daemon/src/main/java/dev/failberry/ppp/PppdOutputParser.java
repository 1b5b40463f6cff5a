package dev.failberry.ppp;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps one line of pppd's stdout to a {@link PppdEvent}. Formats are pppd's own format strings
 * (main.c, tty.c, auth.c, ipcp.c, lcp.c, fsm.c); note the two spaces in {@code local  IP address} and
 * three in {@code primary   DNS address}. Whitespace runs are matched leniently. Pure.
 */
public final class PppdOutputParser {
    private static final String IP4 = "(\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})";
    private static final Pattern STARTED = Pattern.compile("pppd (\\S+) started by .*");
    private static final Pattern USING = Pattern.compile("Using interface (\\S+)");
    private static final Pattern CONNECT = Pattern.compile("Connect: (\\S+) <--> (\\S+)");
    private static final Pattern LOCAL = Pattern.compile("local\\s+IP address " + IP4);
    private static final Pattern REMOTE = Pattern.compile("remote\\s+IP address " + IP4);
    private static final Pattern DNS = Pattern.compile("(primary|secondary)\\s+DNS address " + IP4);
    private static final Pattern ECHO = Pattern.compile("No response to (\\d+) echo-requests");
    private static final Pattern CONNECT_TIME = Pattern.compile("Connect time (\\d+)\\.(\\d) minutes\\.");
    private static final Pattern BYTES = Pattern.compile("Sent (\\d+) bytes, received (\\d+) bytes\\.");
    private static final Pattern SIGNAL = Pattern.compile("Terminating on signal (\\d+)\\.?");

    private PppdOutputParser() {}

    public static Optional<PppdEvent> parse(String rawLine) {
        if (rawLine == null) {
            return Optional.empty();
        }
        String line = rawLine.strip();
        switch (line) {
            case "Serial connection established.":
                return Optional.of(new PppdEvent.SerialConnected());
            case "Connect script failed":
                return Optional.of(new PppdEvent.ConnectScriptFailed());
            case "Modem hangup":
                return Optional.of(new PppdEvent.ModemHangup());
            case "LCP terminated by peer":
                return Optional.of(new PppdEvent.LcpTerminatedByPeer());
            case "Serial link appears to be disconnected.":
                return Optional.of(new PppdEvent.LinkDisconnected());
            case "Connection terminated.":
                return Optional.of(new PppdEvent.ConnectionTerminated());
            case "Hangup (SIGHUP)":
                return Optional.of(new PppdEvent.HangupSignal());
            case "Exit.":
                return Optional.of(new PppdEvent.Exit());
            default:
                break;
        }
        Matcher m;
        if ((m = LOCAL.matcher(line)).matches() && validIp4(m.group(1))) {
            return Optional.of(new PppdEvent.LocalIp(m.group(1)));
        }
        if ((m = REMOTE.matcher(line)).matches() && validIp4(m.group(1))) {
            return Optional.of(new PppdEvent.RemoteIp(m.group(1)));
        }
        if ((m = DNS.matcher(line)).matches() && validIp4(m.group(2))) {
            return Optional.of(new PppdEvent.Dns(m.group(1).equals("primary"), m.group(2)));
        }
        if ((m = USING.matcher(line)).matches()) {
            return Optional.of(new PppdEvent.UsingInterface(m.group(1)));
        }
        if ((m = CONNECT.matcher(line)).matches()) {
            return Optional.of(new PppdEvent.Connect(m.group(1), m.group(2)));
        }
        try {
            if ((m = ECHO.matcher(line)).matches()) {
                return Optional.of(new PppdEvent.EchoTimeout(Integer.parseInt(m.group(1))));
            }
            if ((m = CONNECT_TIME.matcher(line)).matches()) {
                // exact arithmetic: an absurd number is ignored like an unparsable one, never a negative time
                long tenths =
                        Math.addExact(Math.multiplyExact(Long.parseLong(m.group(1)), 10), Long.parseLong(m.group(2)));
                return Optional.of(new PppdEvent.ConnectTime(Duration.ofSeconds(Math.multiplyExact(tenths, 6))));
            }
            if ((m = BYTES.matcher(line)).matches()) {
                return Optional.of(new PppdEvent.ByteCounts(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
            }
            if ((m = SIGNAL.matcher(line)).matches()) {
                return Optional.of(new PppdEvent.TerminatingOnSignal(Integer.parseInt(m.group(1))));
            }
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
        if ((m = STARTED.matcher(line)).matches()) {
            return Optional.of(new PppdEvent.Started(m.group(1)));
        }
        return Optional.empty();
    }

    /** Strict dotted-quad check (no DNS lookups, no leading-zero octal surprises beyond 0-255). */
    static boolean validIp4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
