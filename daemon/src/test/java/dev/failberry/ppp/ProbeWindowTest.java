package dev.failberry.ppp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failberry.ppp.ProbeResult.ProbeState;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The k-of-n judgement alone: sequences of passing ({@code +}) and failing ({@code -}) rounds and the
 * state after each, written as U (unverified), V (verified), D (degraded).
 */
class ProbeWindowTest {
    /** The wired path's defaults: 3 of 5 degrade, a clean window of 5 recovers. */
    static final ProbeWindow.Rules WIRED = new ProbeWindow.Rules(5, 3, 5);
    /** The mobile link's defaults: 3 of 5 degrade, 3 in a row recover. */
    static final ProbeWindow.Rules LINK = new ProbeWindow.Rules(5, 3, 3);

    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of("first passing round verifies", WIRED, "+", "V"),
                Arguments.of("failures before any pass degrade at k", WIRED, "---", "UUD"),
                Arguments.of("one lost round never flips a verified path", WIRED, "+-+-+", "VVVVV"),
                Arguments.of("two of five is not three", WIRED, "+--++++--++", "VVVVVVVVVVV"),
                Arguments.of("three of the last five degrade, not in a row", WIRED, "+-+-+-", "VVVVVD"),
                Arguments.of("old failures leave the window", WIRED, "+--+++-+", "VVVVVVVV"),
                Arguments.of("wired: up only after a clean window of five", WIRED, "+---++++-+++++", "VVVDDDDDDDDDDV"),
                Arguments.of("link: up after three in a row", LINK, "+---+++", "VVVDDDV"),
                Arguments.of("after recovery the old failures are forgotten", WIRED, "+---+++++--", "VVVDDDDDVVV"),
                Arguments.of("after recovery k fresh failures degrade again", WIRED, "+---+++++---", "VVVDDDDDVVVD"),
                Arguments.of(
                        "a target that flaps every round keeps a degraded path down",
                        WIRED,
                        "+---+-+-+-+-+-+-+-+-",
                        "VVVDDDDDDDDDDDDDDDDD"),
                Arguments.of("k = 2 of 2: two in a row", new ProbeWindow.Rules(2, 2, 2), "+-+--++", "VVVVDDV"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void statesAfterEachRound(String name, ProbeWindow.Rules rules, String rounds, String states) {
        ProbeWindow w = new ProbeWindow(rules);
        StringBuilder seen = new StringBuilder();
        for (char c : rounds.toCharArray()) {
            seen.append(letter(w.record(c == '+')));
        }
        assertThat(seen.toString()).isEqualTo(states);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void failuresCountOnlyTheWindow(String name, ProbeWindow.Rules rules, String rounds, String states) {
        ProbeWindow w = new ProbeWindow(rules);
        for (char c : rounds.toCharArray()) {
            w.record(c == '+');
            assertThat(w.failures()).isBetween(0, rules.window());
        }
    }

    @org.junit.jupiter.api.Test
    void resetForgetsEverything() {
        ProbeWindow w = new ProbeWindow(WIRED);
        w.record(true);
        w.record(false);
        w.record(false);
        w.reset();
        assertThat(w.state()).isEqualTo(ProbeState.UNVERIFIED);
        assertThat(w.failures()).isZero();
        assertThat(w.consecutiveOk()).isZero();
        assertThat(w.record(false)).isEqualTo(ProbeState.UNVERIFIED);
        assertThat(w.record(false)).isEqualTo(ProbeState.UNVERIFIED);
    }

    @org.junit.jupiter.api.Test
    void impossibleRulesAreRefused() {
        assertThatThrownBy(() -> new ProbeWindow.Rules(3, 4, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProbeWindow.Rules(0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** With at least 2 failures needed, a verified path never degrades on one failed round among passes. */
    @Property(tries = 300)
    void aLoneFailedRoundNeverDegrades(
            @ForAll @IntRange(min = 2, max = 10) int failures,
            @ForAll @IntRange(min = 0, max = 10) int extraWindow,
            @ForAll @Size(max = 200) java.util.List<Boolean> noise) {
        int window = failures + extraWindow;
        ProbeWindow w = new ProbeWindow(new ProbeWindow.Rules(window, failures, window));
        w.record(true);
        int sinceLastFailure = Integer.MAX_VALUE;
        for (boolean failNow : noise) {
            // fail at most one round in any stretch of `window` rounds
            boolean fail = failNow && sinceLastFailure >= window;
            sinceLastFailure =
                    fail ? 1 : sinceLastFailure == Integer.MAX_VALUE ? sinceLastFailure : sinceLastFailure + 1;
            assertThat(w.record(!fail)).isEqualTo(ProbeState.VERIFIED);
        }
    }

    private static char letter(ProbeState s) {
        return switch (s) {
            case UNVERIFIED -> 'U';
            case VERIFIED -> 'V';
            case DEGRADED -> 'D';
        };
    }
}
