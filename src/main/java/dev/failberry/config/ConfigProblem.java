package dev.failberry.config;

/**
 * One thing wrong with a configuration, printed as {@code FILE:LINE: failberry.key: message}.
 * {@code line} is 0 when no line applies (a missing file).
 */
public record ConfigProblem(String file, int line, String key, String message) implements Comparable<ConfigProblem> {
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
