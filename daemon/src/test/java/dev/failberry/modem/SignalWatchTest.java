package dev.failberry.modem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Weak signal: said once when it crosses -101 dBm, once when it is back at -95 dBm, nothing in between. */
class SignalWatchTest {

    static Stream<Arguments> readings() {
        return Stream.of(
                arguments("good all along", new Integer[] {20, 17, 12, 9, 7}, List.of()),
                arguments(
                        "the issue's CSQ 5 (-103 dBm)",
                        new Integer[] {17, 5},
                        List.of("weak signal: -103 dBm (csq 5)")),
                arguments(
                        "weak for many polls: once",
                        new Integer[] {5, 4, 6, 5, 3},
                        List.of("weak signal: -103 dBm (csq 5)")),
                arguments(
                        "wavering inside the band: once",
                        new Integer[] {6, 7, 8, 6, 8, 7, 6},
                        List.of("weak signal: -101 dBm (csq 6)")),
                arguments(
                        "weak, then good, then weak",
                        new Integer[] {6, 9, 10, 6},
                        List.of(
                                "weak signal: -101 dBm (csq 6)",
                                "signal good again: -95 dBm (csq 9)",
                                "weak signal: -101 dBm (csq 6)")),
                arguments(
                        "unknown (99) and no reading change nothing",
                        new Integer[] {5, 99, null, 99, 12},
                        List.of("weak signal: -103 dBm (csq 5)", "signal good again: -89 dBm (csq 12)")),
                arguments("no signal at all", new Integer[] {0}, List.of("weak signal: -113 dBm (csq 0)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readings")
    void logsCrossingsOnly(String name, Integer[] csq, List<String> expected) {
        SignalWatch w = new SignalWatch();
        List<String> said = new ArrayList<>();
        Arrays.stream(csq).forEach(c -> {
            String line = w.observe(c);
            if (line != null) {
                said.add(line);
            }
        });
        assertThat(said).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(said.get(i)).startsWith(expected.get(i));
        }
    }
}
