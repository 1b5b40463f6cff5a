package dev.failberry.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.modem.sms.SmsPdu;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one line an SMS carries. */
class MessageTextTest {
    private static final Instant T = Instant.parse("2026-12-01T19:07:30Z");

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "STARTED|FailberryPi pi: daemon started at 19:07Z: why",
                "LINK_DOWN|FailberryPi pi: mobile link down since 19:07Z: why",
                "WIRED_DOWN|FailberryPi pi: wired internet down since 19:07Z: why",
                "RECOVERY|FailberryPi pi: recovery at 19:07Z: why",
                "DATA_WARNING|FailberryPi pi: data warning at 19:07Z: why",
                "DATA_CAP|FailberryPi pi: data cap reached at 19:07Z: why",
                "REBOOT_PENDING|FailberryPi pi: rebooting the host at 19:07Z: why"
            })
    void eachEventHasATitle(EventName name, String expected) {
        assertThat(MessageText.line(new NotifyEvent(name, T, 0, "S", "why", Map.of()), "pi", 0))
                .isEqualTo(expected);
    }

    @Test
    void theEndOfAnOutageSaysHowLongItLasted() {
        NotifyEvent up = new NotifyEvent(
                EventName.WIRED_UP,
                T,
                0,
                "S",
                "probes pass",
                Map.of("duration_seconds", 3_900L, "drops", 3, "recovery", "redial failed x2"));
        assertThat(MessageText.line(up, "pi", 0))
                .isEqualTo(
                        "FailberryPi pi: wired internet back after 1h 5m at 19:07Z: probes pass (3 drops; redial failed x2)");
    }

    @Test
    void oneLineStartingWithFailberryPiAndFittingOneSms() {
        NotifyEvent e = new NotifyEvent(
                EventName.LINK_DOWN, T, 0, "S", "line one\r\nline two\u0007 " + "x".repeat(300), Map.of());
        String line = MessageText.line(e, "pi", 0);
        assertThat(line)
                .startsWith("FailberryPi pi: mobile link down since 19:07Z: line one line two x")
                .doesNotContain("\n", "\r", "\u0007");
        SmsPdu.Fitted fitted = SmsPdu.fit(line);
        assertThat(fitted.text()).startsWith("FailberryPi").endsWith("...").hasSize(160);
    }

    @Test
    void durations() {
        assertThat(MessageText.duration(45)).isEqualTo("45s");
        assertThat(MessageText.duration(720)).isEqualTo("12m");
        assertThat(MessageText.duration(3600)).isEqualTo("1h");
        assertThat(MessageText.duration(3900)).isEqualTo("1h 5m");
        assertThat(MessageText.duration(3 * 86400 + 7200)).isEqualTo("3d 2h");
    }
}
