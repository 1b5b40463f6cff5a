package dev.failberry.modem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code failberry modem at} needs: running several AT commands in order and turning the results
 * into one exit code (0 all OK, 1 a modem error, 3 timeout or no port) and into the JSON the admin API
 * returns. Whatever leaves here is masked: a PIN, PUK or password in a command or its echo never does.
 */
public final class AtCommands {
    private AtCommands() {}

    /** Exit code for a list of results: the worst one wins. */
    public static int exitCode(List<AtResult> results) {
        int code = 0;
        for (AtResult r : results) {
            int c =
                    switch (r.status()) {
                        case OK, CONNECT -> 0;
                        case TIMEOUT, GONE -> 3;
                        default -> 1;
                    };
            code = Math.max(code, c);
        }
        return code;
    }

    /**
     * One result split for printing: the reply (information lines and the final result code, as received,
     * without the echo of the command) and the unsolicited lines that arrived meanwhile. Masked.
     */
    public record Transcript(List<String> reply, List<String> unsolicited) {}

    /**
     * Splits a result's lines. The port has already told them apart (the information lines are the reply
     * minus echo and URCs, in order; the last line of an answered command is its final result), so every
     * other line received while the command was in flight is an unsolicited one.
     */
    public static Transcript transcript(AtResult r) {
        List<String> raw = r.raw();
        List<String> info = r.lines();
        List<String> reply = new ArrayList<>();
        List<String> unsolicited = new ArrayList<>();
        int finalAt = r.status().isReply() ? raw.size() - 1 : raw.size();
        int k = 0;
        for (int i = 0; i < raw.size(); i++) {
            String line = raw.get(i).strip();
            if (i == 0 && isEcho(line, r.command())) {
                continue;
            }
            if (i == finalAt || k < info.size() && line.equals(info.get(k))) {
                if (i != finalAt) {
                    k++;
                }
                reply.add(AtRedaction.line(line));
            } else {
                unsolicited.add(AtRedaction.line(line));
            }
        }
        return new Transcript(reply, unsolicited);
    }

    private static boolean isEcho(String line, String command) {
        String c = command.strip();
        return !line.isEmpty()
                && (line.equalsIgnoreCase(c)
                        || line.length() > c.length()
                                && line.regionMatches(true, line.length() - c.length(), c, 0, c.length()));
    }

    /** A line as it may be shown or logged: PINs, PUKs and passwords masked. */
    public static String redact(String line) {
        return AtRedaction.line(line);
    }

    /** The results as maps (for the admin API's JSON). */
    public static List<Map<String, Object>> toMaps(List<AtResult> results) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AtResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("command", AtRedaction.command(r.command()));
            m.put("status", r.status().name());
            m.put("raw", r.raw().stream().map(AtRedaction::line).toList());
            Transcript t = transcript(r);
            m.put("reply", t.reply());
            m.put("unsolicited", t.unsolicited());
            m.put("latency_ms", r.latency().toMillis());
            out.add(m);
        }
        return out;
    }

    /**
     * The text printed on stdout for one result: the reply as received (without the echo and the
     * unsolicited lines, see {@link #transcript}), or what happened when no final result came.
     */
    public static List<String> printable(AtResult r) {
        List<String> lines = new ArrayList<>(transcript(r).reply());
        String note = note(r.status().name(), r.latency().toMillis());
        if (note != null) {
            lines.add(note);
        }
        return lines;
    }

    /** The line added when no final result came, by status name; null when one came. */
    public static String note(String status, long latencyMs) {
        return switch (status) {
            case "TIMEOUT" -> "(no final result within " + latencyMs + " ms: TIMEOUT)";
            case "GONE" -> "(the port is closed or the modem vanished)";
            default -> null;
        };
    }

    /** Only single-line AT commands are accepted (no control characters that could smuggle input). */
    public static boolean valid(String command) {
        return command.length() >= 2
                && command.length() <= 512
                && command.regionMatches(true, 0, "AT", 0, 2)
                && command.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }
}
