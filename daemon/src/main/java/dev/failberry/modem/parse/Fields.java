package dev.failberry.modem.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lexical helpers shared by the parsers: splitting a reply into lines, stripping a {@code +XXX:}
 * prefix, splitting comma-separated fields while respecting double quotes, and reading numbers
 * without exceptions. Everything returns {@code null} for "not readable" instead of throwing.
 */
final class Fields {

    /** Inputs longer than this are rejected outright; no AT information text comes close. */
    static final int MAX_INPUT = 16 * 1024;
    /** A single information line longer than this is garbage. */
    static final int MAX_LINE = 1024;

    private Fields() {}

    /** Why {@code input} cannot be parsed at all, or {@code null} when it is worth looking at. */
    static String rejectRaw(String input) {
        if (input == null) {
            return "null input";
        }
        if (input.length() > MAX_INPUT) {
            return "input too long (" + input.length() + " chars)";
        }
        return null;
    }

    /**
     * Splits a reply on CR/LF into trimmed, non-blank lines; NULs are dropped. Returns {@code null}
     * when a line exceeds {@link #MAX_LINE}.
     */
    static List<String> lines(String input) {
        List<String> out = new ArrayList<>();
        for (String raw : input.replace("\0", "").split("[\r\n]+")) {
            String line = raw.strip();
            if (line.length() > MAX_LINE) {
                return null;
            }
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
        return out;
    }

    /** Joins a list of lines for the String-based parsers; null-safe. */
    static String join(List<String> lines) {
        if (lines == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            if (l != null) {
                sb.append(l).append('\n');
                if (sb.length() > MAX_INPUT) {
                    break;
                }
            }
        }
        return sb.toString();
    }

    /**
     * The text after {@code prefix} (case-insensitive, e.g. {@code "+CSQ:"}) with surrounding blanks
     * removed, or {@code null} when the line does not start with it.
     */
    static String after(String line, String prefix) {
        if (line.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return line.substring(prefix.length()).strip();
        }
        return null;
    }

    /** The first line starting with {@code prefix}, or {@code null}. */
    static String firstWith(List<String> lines, String prefix) {
        for (String l : lines) {
            if (after(l, prefix) != null) {
                return l;
            }
        }
        return null;
    }

    /**
     * Splits on commas outside double quotes; each field is trimmed but keeps its quotes, so callers
     * can tell {@code "0502"} from {@code 0502}. Returns {@code null} on an unbalanced quote.
     */
    static List<String> split(String body) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                cur.append(c);
            } else if (c == ',' && !quoted) {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        out.add(cur.toString().strip());
        return out;
    }

    /** True when the trimmed field is enclosed in double quotes. */
    static boolean isQuoted(String field) {
        return field.length() >= 2 && field.charAt(0) == '"' && field.charAt(field.length() - 1) == '"';
    }

    /** The field without one pair of enclosing double quotes, trimmed. */
    static String unquote(String field) {
        String f = field.strip();
        return isQuoted(f) ? f.substring(1, f.length() - 1).strip() : f;
    }

    /** True when {@code s} is non-empty and all ASCII digits. */
    static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * A non-negative decimal integer (quotes and leading zeros allowed), or {@code null} when the
     * field is empty, not all digits, or larger than 9 significant digits.
     */
    static Integer uint(String field) {
        String s = unquote(field);
        if (!isDigits(s)) {
            return null;
        }
        String trimmed = stripLeadingZeros(s);
        if (trimmed.length() > 9) {
            return null;
        }
        return Integer.parseInt(trimmed);
    }

    /**
     * An unsigned hexadecimal number of 1 to 16 digits (optional quotes and {@code 0x}), or
     * {@code null}.
     */
    static Long hex(String field) {
        String s = unquote(field);
        if (s.length() > 2 && (s.startsWith("0x") || s.startsWith("0X"))) {
            s = s.substring(2);
        }
        if (s.isEmpty() || s.length() > 16 || !isHex(s)) {
            return null;
        }
        long v = Long.parseUnsignedLong(s, 16);
        return v < 0 ? null : v;
    }

    /** True when {@code s} is non-empty and all hexadecimal digits. */
    static boolean isHex(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
                return false;
            }
        }
        return true;
    }

    /** Removes leading zeros but keeps at least one digit. */
    static String stripLeadingZeros(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i);
    }

    /** Upper-case hex without quotes or leading zeros, or {@code null} when the field is not hex. */
    static String normalizedHex(String field, int maxDigits) {
        String s = unquote(field);
        if (s.isEmpty() || s.length() > maxDigits || !isHex(s)) {
            return null;
        }
        return stripLeadingZeros(s.toUpperCase(Locale.ROOT));
    }
}
