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
    private TextMutator() {
    }

    /** Tokens that tend to break hand-written parsers. */
    static final List<String> TOKENS = List.of(",", ",,", "\"", "\"\"", ":", ": ", " ", "\t", "\r\n", "\r", "\n",
            "\0", "\u0007", "\u007f", "\u00ff", "\ufffd", "\ud83d\ude00", "\ud800", "\u0663", "\uff11", "-", "-1", "+",
            ".", "..", "0", "00", "007", "99", "255", "256", "65535", "2147483647", "2147483648", "-2147483649",
            "9223372036854775807", "9223372036854775808", "99999999999999999999", "1e10", "NaN", "0x", "0xFFFFFFFF",
            "FFFFFFFFFFFFFFFF", "FFFFFFFFFFFFFFFFF", "(", ")", "(1-11)", "[", "]", "{", "}", "\\", "\\052", "%", "%1",
            "::", ":::", "::ffff:", "fe80::", "[::1]", "1.2.3.4", "999.1.1.1", "01.2.3.4", ".:", "null", "true",
            "${x}", "OK", "ERROR", "+CME ERROR: ", "READY", "SIM PIN", "89", "98", "F", "ppp0", "minutes.");

    /** {@code seed} with up to {@code maxMutations} random edits, drawn from a seeded Random. */
    static String mutate(String seed, long randomSeed, int maxMutations) {
        Random r = new Random(randomSeed);
        StringBuilder s = new StringBuilder(seed);
        int n = r.nextInt(maxMutations + 1);
        for (int k = 0; k < n; k++) {
            int at = r.nextInt(s.length() + 1);
            switch (r.nextInt(6)) {
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
                case 4 -> { // digit run
                    s.insert(at, "9".repeat(1 + r.nextInt(25)));
                }
                case 5 -> { // truncate
                    s.setLength(at);
                }
                default -> throw new IllegalStateException();
            }
        }
        return s.toString();
    }

    /** Valid inputs from {@code corpus} mutated a few times, random strings, and rarely a huge one. */
    static Arbitrary<String> around(List<String> corpus) {
        Arbitrary<String> mutated = Combinators.combine(Arbitraries.of(corpus), Arbitraries.longs(),
                Arbitraries.integers().between(0, 6)).as(TextMutator::mutate);
        Arbitrary<String> joined = Combinators.combine(Arbitraries.of(corpus).list().ofMinSize(2).ofMaxSize(4),
                Arbitraries.longs()).as((l, seed) -> mutate(String.join(new Random(seed).nextBoolean() ? "\r\n" : "\n", l), seed, 3));
        Arbitrary<String> ascii = Arbitraries.strings().withCharRange(' ', '~').withChars("\r\n\t\0").ofMaxLength(80);
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(60);
        Arbitrary<String> huge = Combinators.combine(Arbitraries.of(corpus), Arbitraries.integers().between(1, 40_000))
                .as((c, n) -> c + "9".repeat(n) + c);
        return Arbitraries.frequencyOf(Tuple.of(10, mutated), Tuple.of(3, joined), Tuple.of(3, ascii),
                Tuple.of(2, unicode), Tuple.of(1, huge), Tuple.of(1, Arbitraries.of(corpus)));
    }
}
