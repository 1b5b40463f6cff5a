package dev.failberry.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryConfigTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return ConfigFiles.write(dir, text);
    }

    private List<String> problems(String text) throws IOException {
        return ConfigFiles.problems(dir, text);
    }

    @Test
    void defaultsComeFromReferenceConf() throws Exception {
        HistoryConfig h = ConfigLoader.load(write("failberry {}\n")).history();
        assertThat(h)
                .isEqualTo(new HistoryConfig(
                        true,
                        2 * 1024 * 1024,
                        256 * 1024,
                        Duration.ofSeconds(60),
                        Duration.ofHours(1),
                        Duration.ofSeconds(60)));
        assertThat(ConfigLoader.load(Path.of("config/failberry.conf")).history().enabled())
                .isTrue();
    }

    @Test
    void badValuesNameKeyLineAndWhatWasExpected() throws Exception {
        assertThat(problems("""
                failberry.history {
                  max-size = 300K
                  segment-size = 200K
                  flush-delay = 2h
                  mark-interval = 10s
                  sample-interval = soon
                  enabled = maybe
                }
                """))
                .containsExactlyInAnyOrder(
                        "FILE:2: failberry.history.max-size: must be at least twice history.segment-size (204800 bytes): "
                                + "the oldest segment is deleted only when a new one starts",
                        "FILE:4: failberry.history.flush-delay: out of range: 2h (expected 0ms to 60m)",
                        "FILE:5: failberry.history.mark-interval: out of range: 10s (expected 60s to 24h)",
                        "FILE:6: failberry.history.sample-interval: expected a duration with a unit (e.g. 500ms, 30s, 5m), found \"soon\"",
                        "FILE:7: failberry.history.enabled: expected true or false, found \"maybe\"");
        assertThat(problems("failberry.history.segment-size = 1K\nfailberry.history.max-size = 1G\n"))
                .containsExactly(
                        "FILE:1: failberry.history.segment-size: out of range: 1024 bytes (expected at least 16384)",
                        "FILE:2: failberry.history.max-size: out of range: 1073741824 bytes (expected at most 268435456)");
        assertThat(problems("failberry.history.max-sise = 1M\n"))
                .singleElement()
                .asString()
                .contains("did you mean \"max-size\"?");
    }
}
