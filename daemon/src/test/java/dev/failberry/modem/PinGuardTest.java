package dev.failberry.modem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.failberry.config.Secret;
import dev.failberry.modem.PinGuard.Entry;
import dev.failberry.modem.PinGuard.Mark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PinGuardTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
    private static final String ICCID = "8944200053671052499";

    @TempDir
    Path dir;

    static Stream<Arguments> decisions() {
        Entry rejected = new Entry(Mark.REJECTED, null, T);
        return Stream.of(
                // nothing known: send, unless the SIM is down to its last attempt
                arguments(null, null, true, null),
                arguments(null, 3, true, null),
                arguments(null, 2, true, null),
                arguments(null, 1, false, "only 1 PIN attempt is left"),
                arguments(null, 0, false, "no PIN attempt left"),
                // refused before: never again, whatever the SIM says now
                arguments(rejected, null, false, "refused by this SIM on 2026-03-01T10:00:00Z"),
                arguments(rejected, 2, false, "(2 attempts left)"),
                arguments(rejected, 3, false, "refused"),
                // cut short (daemon stopped or power cut between sending and the answer)
                arguments(new Entry(Mark.ATTEMPTING, 3, T), 3, true, null), // never reached the SIM, or accepted
                arguments(new Entry(Mark.ATTEMPTING, 2, T), 3, true, null), // accepted: a right PIN resets the count
                arguments(new Entry(Mark.ATTEMPTING, 3, T), 2, false, "refused"), // the count went down: refused
                arguments(new Entry(Mark.ATTEMPTING, 3, T), null, false, "cut short"),
                arguments(new Entry(Mark.ATTEMPTING, null, T), 3, false, "cut short"),
                arguments(new Entry(Mark.ATTEMPTING, 3, T), 1, false, "only 1 PIN attempt"));
    }

    @ParameterizedTest(name = "{0} with {1} attempts left")
    @MethodSource("decisions")
    void decides(Entry entry, Integer attemptsLeft, boolean send, String why) {
        PinGuard.Verdict v = PinGuard.decide(entry, attemptsLeft);
        assertThat(v.send()).isEqualTo(send);
        if (why != null) {
            assertThat(v.why()).contains(why);
        } else {
            assertThat(v.why()).isNull();
        }
    }

    @Test
    void aRefusedPinIsRememberedAcrossInstancesPerSimAndPinAndNeverStored() throws Exception {
        Secret wrong = new Secret("1234");
        PinGuard first = new PinGuard(dir, () -> T);
        assertThat(first.check(ICCID, wrong, 3).send()).isTrue();
        first.attempting(ICCID, wrong, 3);
        first.rejected(ICCID, wrong);

        PinGuard afterRestart = new PinGuard(dir, () -> T);
        assertThat(afterRestart.check(ICCID, wrong, 2).send()).isFalse();
        assertThat(afterRestart.check(ICCID, new Secret("4711"), 2).send())
                .as("another PIN")
                .isTrue();
        assertThat(afterRestart.check("8901410321111851072", wrong, 3).send())
                .as("another SIM")
                .isTrue();

        String text = Files.readString(dir.resolve(PinGuard.FILE_NAME));
        assertThat(text).as("the PIN, as a number of its own").doesNotContainPattern("(?<![0-9a-f])1234(?![0-9a-f])");
        var props = dev.failberry.persist.AtomicFile.readProperties(dir.resolve(PinGuard.FILE_NAME))
                .orElseThrow();
        assertThat(props.stringPropertyNames()).contains("salt").anyMatch(k -> k.startsWith(ICCID + "."));
        assertThat(props.values()).contains("rejected 2026-03-01T10:00:00Z");
    }

    @Test
    void anAttemptCutShortIsJudgedByTheSimsCount() throws Exception {
        Secret pin = new Secret("1234");
        new PinGuard(dir, () -> T).attempting(ICCID, pin, 3); // then the power went
        PinGuard g = new PinGuard(dir, () -> T);
        PinGuard.Verdict v = g.check(ICCID, pin, 2);
        assertThat(v.send()).isFalse();
        assertThat(v.learntRejected()).isTrue();
        assertThat(Files.readString(dir.resolve(PinGuard.FILE_NAME))).contains("rejected");
        assertThat(new PinGuard(dir, () -> T).check(ICCID, pin, 3).send())
                .as("stays refused")
                .isFalse();
    }

    @Test
    void anAcceptedPinLeavesNothingBehind() throws Exception {
        Secret pin = new Secret("4711");
        PinGuard g = new PinGuard(dir, () -> T);
        g.attempting(ICCID, pin, 3);
        g.accepted(ICCID, pin);
        assertThat(Files.readString(dir.resolve(PinGuard.FILE_NAME))).doesNotContain("attempting");
        assertThat(new PinGuard(dir, () -> T).check(ICCID, pin, 3).send()).isTrue();
    }

    @Test
    void anUnknownIccidIsStillGuarded() throws Exception {
        Secret pin = new Secret("1234");
        new PinGuard(dir, () -> T).rejected(null, pin);
        assertThat(new PinGuard(dir, () -> T).check(null, pin, null).send()).isFalse();
    }

    @Test
    void anUnreadableFileMeansThePinIsNotSent() throws Exception {
        Files.createDirectories(dir.resolve(PinGuard.FILE_NAME)); // a directory where the file should be
        PinGuard.Verdict v = new PinGuard(dir, () -> T).check(ICCID, new Secret("1234"), 3);
        assertThat(v.send()).isFalse();
        assertThat(v.why()).contains("cannot read");
    }
}
