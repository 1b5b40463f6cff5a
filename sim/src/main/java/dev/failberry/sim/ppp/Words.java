package dev.failberry.sim.ppp;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits pppd options files and chat scripts into words: whitespace separates, {@code '...'} and
 * {@code "..."} group, {@code #} starts a comment at the beginning of a word. With
 * {@code keepEscapes} (chat) backslash sequences are kept for chat's own escape processing; without
 * (pppd options) a backslash takes the next character literally.
 */
final class Words {
    private Words() {}

    static List<String> split(String text, boolean keepEscapes) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = null;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (cur == null && Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (cur == null && c == '#') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (cur == null) {
                cur = new StringBuilder();
            }
            if (Character.isWhitespace(c)) {
                words.add(cur.toString());
                cur = null;
                i++;
            } else if (c == '\'' || c == '"') {
                int end = i + 1;
                while (end < n && text.charAt(end) != c) {
                    if (text.charAt(end) == '\\' && c == '"' && end + 1 < n) {
                        if (keepEscapes) {
                            cur.append('\\');
                        }
                        end++;
                    }
                    cur.append(text.charAt(end));
                    end++;
                }
                i = end + 1;
            } else if (c == '\\' && i + 1 < n) {
                if (keepEscapes) {
                    cur.append('\\');
                }
                cur.append(text.charAt(i + 1));
                i += 2;
            } else {
                cur.append(c);
                i++;
            }
        }
        if (cur != null) {
            words.add(cur.toString());
        }
        return words;
    }
}
