package dev.failberry.config;

/**
 * One thing wrong with a configuration, printed as {@code FILE:LINE: failberry.key: message}.
 * {@code line} is 0 when no line applies (a missing file).
 */
public record ConfigProblem(String file, int line, String key, String message) implements Comparable<ConfigProblem> {

    /**
     * Control characters (from quoted keys, or echoed by Typesafe's syntax errors) are escaped as
     * {@code \\uXXXX}, so every problem stays on one line of check-config's output.
     */
    public ConfigProblem {
        file = printable(file);
        key = printable(key);
        message = printable(message);
    }

    private static String printable(String s) {
        if (s == null || s.chars().noneMatch(c -> c < 0x20 || c == 0x7f)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + key + ": " + message;
    }

    @Override
    public int compareTo(ConfigProblem o) {
        int c = file.compareTo(o.file);
        if (c == 0) {
            c = Integer.compare(line, o.line);
        }
        return c != 0 ? c : key.compareTo(o.key);
    }
}
