package dev.failberry.fuzz;

import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Strings for parser fuzzing: valid inputs with a few mutations (character flips, deletions,
 * duplications, dictionary tokens such as huge numbers, quotes, separators, control and non-ASCII
 * characters), random strings over all of Unicode or over AT-ish ASCII, and now and then a huge one.
 */
final class TextMutator {
    private TextMutator() {}

    /** Tokens that tend to break hand-written parsers. */
    static final List<String> TOKENS = List.of(
            ",",
            ",,",
            "\"",
            "\"\"",
            ":",
            ": ",
            " ",
            "\t",
            "\r\n",
            "\r",
            "\n",
            "\0",
            "\u0007",
            "\u007f",
            "\u00ff",
            "\ufffd",
            "\ud83d\ude00",
            "\ud800",
            "\u0663",
            "\uff11",
            "-",
            "-1",
            "+",
            ".",
            "..",
            "0",
            "00",
            "007",
            "99",
            "255",
            "256",
            "65535",
            "2147483647",
            "2147483648",
            "-2147483649",
            "9223372036854775807",
            "9223372036854775808",
            "99999999999999999999",
            "1e10",
            "NaN",
            "0x",
            "0xFFFFFFFF",
            "FFFFFFFFFFFFFFFF",
            "FFFFFFFFFFFFFFFFF",
            "(",
            ")",
            "(1-11)",
            "[",
            "]",
            "{",
            "}",
            "\\",
            "\\052",
            "%",
            "%1",
            "::",
            ":::",
            "::ffff:",
            "fe80::",
            "[::1]",
            "1.2.3.4",
            "999.1.1.1",
            "01.2.3.4",
            ".:",
            "null",
            "true",
            "${x}",
            "OK",
            "ERROR",
            "+CME ERROR: ",
            "READY",
            "SIM PIN",
            "89",
            "98",
            "F",
            "ppp0",
            "minutes.");

    private static final int[] BOUNDARY_DIGITS = {8, 9, 10, 11, 16, 17, 18, 19, 20};

    /** {@code seed} with up to {@code maxMutations} random edits, drawn from a seeded Random. */
    static String mutate(String seed, long randomSeed, int maxMutations) {
        Random r = new Random(randomSeed);
        StringBuilder s = new StringBuilder(seed);
        int n = r.nextInt(maxMutations + 1);
        for (int k = 0; k < n; k++) {
            int at = r.nextInt(s.length() + 1);
            switch (r.nextInt(8)) {
                case 0 -> { // replace one character by any char
                    if (at < s.length()) {
                        s.setCharAt(at, (char) r.nextInt(r.nextBoolean() ? 128 : 0x10000));
                    }
                }
                case 1 -> s.insert(at, TOKENS.get(r.nextInt(TOKENS.size())));
                case 2 -> s.delete(at, Math.min(s.length(), at + 1 + r.nextInt(6)));
                case 3 -> { // duplicate a slice
                    int end = Math.min(s.length(), at + 1 + r.nextInt(12));
                    s.insert(at, s.substring(at, end));
                }
                case 4 -> { // digit run, often just around the int and long limits
                    int len = r.nextBoolean() ? 1 + r.nextInt(25) : BOUNDARY_DIGITS[r.nextInt(BOUNDARY_DIGITS.length)];
                    s.insert(at, String.valueOf((char) ('1' + r.nextInt(9))).repeat(len));
                }
                case 5 -> { // truncate
                    s.setLength(at);
                }
                case 6, 7 -> replaceNumber(s, r); // numbers are where parsers overflow
                default -> throw new IllegalStateException();
            }
        }
        return s.toString();
    }

    /** Replaces the digits of one number in {@code s} by an edge value or a random number of 1-20 digits. */
    private static void replaceNumber(StringBuilder s, Random r) {
        int starts = 0;
        for (int i = 0; i < s.length(); i++) {
            if (isDigit(s, i) && !isDigit(s, i - 1)) {
                starts++;
            }
        }
        if (starts == 0) {
            return;
        }
        int pick = r.nextInt(starts);
        for (int i = 0; i < s.length(); i++) {
            if (isDigit(s, i) && !isDigit(s, i - 1) && pick-- == 0) {
                int end = i;
                while (isDigit(s, end)) {
                    end++;
                }
                String n;
                if (r.nextBoolean()) {
                    n = NUMBERS[r.nextInt(NUMBERS.length)];
                } else {
                    StringBuilder d = new StringBuilder().append((char) ('1' + r.nextInt(9)));
                    for (int k = r.nextInt(20); k > 0; k--) {
                        d.append((char) ('0' + r.nextInt(10)));
                    }
                    n = d.toString();
                }
                s.replace(i, end, n);
                return;
            }
        }
    }

    private static final String[] NUMBERS = {
        "0",
        "00",
        "1",
        "7",
        "8",
        "31",
        "32",
        "99",
        "100",
        "255",
        "256",
        "65535",
        "65536",
        "2147483647",
        "2147483648",
        "4294967295",
        "4294967296",
        "153722867280912931",
        "922337203685477580",
        "9223372036854775807",
        "9223372036854775808",
        "18446744073709551616"
    };

    private static boolean isDigit(CharSequence s, int i) {
        return i >= 0 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }

    /** Valid inputs from {@code corpus} mutated a few times, random strings, and rarely a huge one. */
    static Arbitrary<String> around(List<String> corpus) {
        Arbitrary<String> mutated = Combinators.combine(
                        Arbitraries.of(corpus),
                        Arbitraries.longs(),
                        Arbitraries.integers().between(0, 6))
                .as(TextMutator::mutate);
        Arbitrary<String> joined = Combinators.combine(
                        Arbitraries.of(corpus).list().ofMinSize(2).ofMaxSize(4), Arbitraries.longs())
                .as((l, seed) -> mutate(String.join(new Random(seed).nextBoolean() ? "\r\n" : "\n", l), seed, 3));
        Arbitrary<String> ascii = Arbitraries.strings()
                .withCharRange(' ', '~')
                .withChars("\r\n\t\0")
                .ofMaxLength(80);
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(60);
        Arbitrary<String> huge = Combinators.combine(
                        Arbitraries.of(corpus), Arbitraries.integers().between(1, 40_000))
                .as((c, n) -> c + "9".repeat(n) + c);
        return Arbitraries.frequencyOf(
                Tuple.of(10, mutated),
                Tuple.of(3, joined),
                Tuple.of(3, ascii),
                Tuple.of(2, unicode),
                Tuple.of(1, huge),
                Tuple.of(1, Arbitraries.of(corpus)));
    }
}
