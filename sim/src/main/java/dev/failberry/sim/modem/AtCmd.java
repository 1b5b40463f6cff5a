package dev.failberry.sim.modem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One command of an AT line, e.g. {@code +CGDCONT=1,"IP","internet"} or basic {@code E0}.
 *
 * @param name upper-case name: {@code +CSQ}, {@code ^RESET}, {@code E}, {@code &C}, {@code D}
 * @param op   EXEC ({@code +CSQ}, {@code E0}), QUERY ({@code ?}), TEST ({@code =?}), SET ({@code =...})
 * @param args text after {@code =} (SET), the digits of a basic command, or the dial string
 */
record AtCmd(String name, Op op, String args) {

    enum Op {
        EXEC,
        QUERY,
        TEST,
        SET
    }

    /** Comma-separated parameters with quotes removed. */
    List<String> params() {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : args.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString().strip());
        return out;
    }

    /**
     * Splits a line after its {@code AT} prefix into commands (V.250 5.2): basic commands may follow
     * each other directly ({@code E0V1}), extended ones end at {@code ;}, {@code D} takes the rest.
     * Returns null if the line is malformed.
     */
    static List<AtCmd> parseLine(String line) {
        String l = line.strip();
        if (l.length() < 2 || !l.substring(0, 2).equalsIgnoreCase("AT")) {
            return null;
        }
        String body = l.substring(2);
        List<AtCmd> cmds = new ArrayList<>();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == ';' || c == ' ') {
                i++;
            } else if (c == '+' || c == '^' || c == '$' || c == '%') {
                int j = endOfExtended(body, i);
                cmds.add(extended(body.substring(i, j)));
                i = j;
            } else if (c == 'D' || c == 'd') {
                cmds.add(new AtCmd("D", Op.EXEC, body.substring(i + 1).strip()));
                i = body.length();
            } else if (c == '&' && i + 1 < body.length()) {
                int j = digitsEnd(body, i + 2);
                cmds.add(new AtCmd(
                        ("&" + body.charAt(i + 1)).toUpperCase(Locale.ROOT), Op.EXEC, body.substring(i + 2, j)));
                i = j;
            } else if (c == 'S' || c == 's') {
                int j = digitsEnd(body, i + 1);
                String reg = body.substring(i + 1, j);
                if (j < body.length() && body.charAt(j) == '?') {
                    cmds.add(new AtCmd("S" + reg, Op.QUERY, ""));
                    i = j + 1;
                } else if (j < body.length() && body.charAt(j) == '=') {
                    int k = digitsEnd(body, j + 1);
                    cmds.add(new AtCmd("S" + reg, Op.SET, body.substring(j + 1, k)));
                    i = k;
                } else {
                    return null;
                }
            } else if (Character.isLetter(c)) {
                int j = digitsEnd(body, i + 1);
                cmds.add(new AtCmd(String.valueOf(c).toUpperCase(Locale.ROOT), Op.EXEC, body.substring(i + 1, j)));
                i = j;
            } else {
                return null;
            }
        }
        return cmds;
    }

    private static AtCmd extended(String text) {
        int k = 1;
        while (k < text.length() && text.charAt(k) != '=' && text.charAt(k) != '?') {
            k++;
        }
        String name = text.substring(0, k).toUpperCase(Locale.ROOT).strip();
        String rest = text.substring(k);
        if (rest.isEmpty()) {
            return new AtCmd(name, Op.EXEC, "");
        }
        if (rest.equals("?")) {
            return new AtCmd(name, Op.QUERY, "");
        }
        if (rest.equals("=?")) {
            return new AtCmd(name, Op.TEST, "");
        }
        if (rest.startsWith("=")) {
            return new AtCmd(name, Op.SET, rest.substring(1));
        }
        return new AtCmd(name, Op.EXEC, rest);
    }

    private static int endOfExtended(String s, int from) {
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

    private static int digitsEnd(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
