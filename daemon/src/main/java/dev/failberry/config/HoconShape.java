package dev.failberry.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shape of a HOCON file, checked before Typesafe Config parses it: nesting depth, brackets that
 * match, and what {@code include} names. Typesafe's parser recurses once per level, so 1,000 nested
 * brackets overflowed the small stack the daemon runs with (a raw StackOverflowError, exit 1, which
 * systemd restarts forever); its message for an unclosed {@code {} was "expecting a close parentheses
 * ')'"; and it fetched {@code include url(...)} over the network. Here each of those is one problem with
 * the line it is about. Valid HOCON never has a bracket outside quotes, comments and {@code ${...}} that
 * does not pair up, so nothing valid is refused.
 *
 * <p>A byte scanner (every character that matters is ASCII, and no UTF-8 sequence contains an ASCII
 * byte): quoted strings with escapes, triple-quoted strings, {@code #} and {@code //} comments. Pure.
 */
final class HoconShape {
    /** Deepest nesting of objects and lists; the shipped files need 5. */
    static final int MAX_DEPTH = 64;
    /**
     * Most {@code ${...}} substitutions in one file; the shipped files have none. Typesafe resolves a
     * chain of them recursively and in more than linear time (3,000 took 4 s on a PC).
     */
    static final int MAX_SUBSTITUTIONS = 256;

    private static final Pattern URL_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*");
    private static final String ONLY_FILES =
            "only files can be included (include \"extra.conf\" or " + "include file(\"/etc/failberry/extra.conf\"))";

    /** One thing wrong, at a line (1-based). */
    record Problem(int line, String message) {}

    private record Open(char bracket, int line) {}

    private final byte[] text;
    private int i;
    private int line = 1;

    private HoconShape(byte[] text) {
        this.text = text;
    }

    /** The first problem with the file's shape, or empty. */
    static Optional<Problem> check(byte[] text) {
        return Optional.ofNullable(new HoconShape(text).scan());
    }

    private Problem scan() {
        Deque<Open> open = new ArrayDeque<>();
        int substitutions = 0;
        while (i < text.length) {
            byte b = text[i];
            switch (b) {
                case '\n' -> {
                    line++;
                    i++;
                }
                case '"' -> skipString();
                case '#' -> skipComment();
                case '/' -> {
                    if (at(i + 1) == '/') {
                        skipComment();
                    } else {
                        i++;
                    }
                }
                case '{', '[' -> {
                    if (b == '{' && i > 0 && text[i - 1] == '$' && ++substitutions > MAX_SUBSTITUTIONS) {
                        return new Problem(line, "more than " + MAX_SUBSTITUTIONS + " substitutions (${...})");
                    }
                    open.push(new Open((char) b, line));
                    if (open.size() > MAX_DEPTH) {
                        return new Problem(line, "nested more than " + MAX_DEPTH + " levels deep (objects and lists)");
                    }
                    i++;
                }
                case '}', ']' -> {
                    char close = (char) b;
                    if (open.isEmpty()) {
                        return new Problem(line, "'" + close + "' with nothing open to close");
                    }
                    Open o = open.pop();
                    if (closer(o.bracket()) != close) {
                        return new Problem(
                                line,
                                "'" + close + "' where the '" + o.bracket() + "' opened on line " + o.line()
                                        + " should be closed with '" + closer(o.bracket()) + "'");
                    }
                    i++;
                }
                default -> {
                    if (wordStart() && startsWith("include")) {
                        Problem p = include();
                        if (p != null) {
                            return p;
                        }
                        i += "include".length(); // what follows is scanned as usual
                    } else {
                        i++;
                    }
                }
            }
        }
        if (!open.isEmpty()) {
            Open o = open.pop();
            return new Problem(
                    o.line(),
                    "the '" + o.bracket() + "' opened on this line is never closed (a '" + closer(o.bracket())
                            + "' is missing before the end of the file)");
        }
        return null;
    }

    private static char closer(char opener) {
        return opener == '{' ? '}' : ']';
    }

    private int at(int k) {
        return k < text.length ? text[k] : -1;
    }

    private boolean startsWith(String word) {
        if (i + word.length() > text.length) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (text[i + k] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private boolean wordStart() {
        if (i == 0) {
            return true;
        }
        int prev = text[i - 1];
        return prev == ' ' || prev == '\t' || prev == '\n' || prev == '\r' || prev == '{' || prev == ',';
    }

    /** At {@code include}: a problem when it includes anything but a file. */
    private Problem include() {
        int word = i + "include".length();
        int k = skipBlanks(word);
        if (k == word && at(k) != '"') {
            return null; // "includes", "include_x": a key
        }
        int statementLine = line;
        String rest = peek(k, 200);
        if (rest.startsWith("required")) {
            int r = skipBlanks(k + "required".length());
            if (at(r) == '(') {
                rest = peek(skipBlanks(r + 1), 200);
            }
        }
        if (rest.startsWith("url") && rest.substring(3).stripLeading().startsWith("(")) {
            return new Problem(statementLine, "include url(...) is not allowed: " + ONLY_FILES);
        }
        if (rest.startsWith("classpath") && rest.substring(9).stripLeading().startsWith("(")) {
            return new Problem(statementLine, "include classpath(...) is not allowed: " + ONLY_FILES);
        }
        if (rest.startsWith("\"")) {
            int end = rest.indexOf('"', 1);
            String name = end < 0 ? rest.substring(1) : rest.substring(1, end);
            if (URL_SCHEME.matcher(name).matches()) {
                return new Problem(
                        statementLine, "include \"" + name + "\" names a URL, which is not allowed: " + ONLY_FILES);
            }
        }
        return null;
    }

    private int skipBlanks(int k) {
        while (at(k) == ' ' || at(k) == '\t') {
            k++;
        }
        return k;
    }

    private String peek(int from, int max) {
        int end = Math.min(text.length, from + max);
        StringBuilder s = new StringBuilder();
        for (int k = from; k < end && text[k] != '\n'; k++) {
            s.append((char) (text[k] & 0xff));
        }
        return s.toString();
    }

    private void skipComment() {
        while (i < text.length && text[i] != '\n') {
            i++;
        }
    }

    /** At a '"': past the quoted or triple-quoted string; an unterminated one ends at the line's end. */
    private void skipString() {
        if (at(i + 1) == '"' && at(i + 2) == '"') {
            i += 3;
            while (i < text.length) {
                if (text[i] == '"' && at(i + 1) == '"' && at(i + 2) == '"') {
                    while (at(i) == '"') {
                        i++; // quotes after the closing three belong to the string
                    }
                    return;
                }
                if (text[i] == '\n') {
                    line++;
                }
                i++;
            }
            return;
        }
        i++;
        while (i < text.length) {
            byte b = text[i];
            if (b == '\\') {
                i += at(i + 1) == '\n' ? 1 : 2;
            } else if (b == '"') {
                i++;
                return;
            } else if (b == '\n') {
                return; // Typesafe reports the unterminated string
            } else {
                i++;
            }
        }
    }
}
