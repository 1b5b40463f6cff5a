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
    private AtCommands() {
    }

    /** Exit code for a list of results: the worst one wins. */
    public static int exitCode(List<AtResult> results) {
        int code = 0;
        for (AtResult r : results) {
            int c = switch (r.status()) {
                case OK, CONNECT -> 0;
                case TIMEOUT, GONE -> 3;
                default -> 1;
            };
            code = Math.max(code, c);
        }
        return code;
    }

    /** The results as maps (for the admin API's JSON). */
    public static List<Map<String, Object>> toMaps(List<AtResult> results) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AtResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("command", AtRedaction.command(r.command()));
            m.put("status", r.status().name());
            m.put("raw", r.raw().stream().map(AtRedaction::line).toList());
            m.put("latency_ms", r.latency().toMillis());
            out.add(m);
        }
        return out;
    }

    /** The text printed for one result: the lines as received, or what happened when nothing came. */
    public static List<String> printable(AtResult r) {
        List<String> lines = new ArrayList<>(r.raw().stream().map(AtRedaction::line).toList());
        if (r.status() == AtResult.Status.TIMEOUT) {
            lines.add("(no final result within " + r.latency().toMillis() + " ms: TIMEOUT)");
        } else if (r.status() == AtResult.Status.GONE) {
            lines.add("(the port is closed or the modem vanished)");
        }
        return lines;
    }

    /** Only single-line AT commands are accepted (no control characters that could smuggle input). */
    public static boolean valid(String command) {
        return command.length() >= 2 && command.length() <= 512 && command.regionMatches(true, 0, "AT", 0, 2)
                && command.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }
}
