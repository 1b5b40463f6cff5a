package dev.failberry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The notify section: defaults, what a valid file gives, and that its secrets never reach a message. */
class NotifyConfigTest {
    @TempDir
    Path dir;

    private FailberryConfig load(String text) throws Exception {
        Path f = dir.resolve("failberry.conf");
        Files.writeString(f, text);
        return ConfigLoader.load(f);
    }

    @Test
    void defaultsSendNothingAndHoldOutagesForAMinute() throws Exception {
        NotifyConfig n = load("failberry {}\n").notifications();
        assertThat(n.enabled()).isFalse();
        assertThat(n.events()).isEqualTo(NotifyConfig.EVENT_NAMES);
        assertThat(n.holdDown()).isEqualTo(Duration.ofSeconds(60));
        assertThat(n.retryFor()).isEqualTo(Duration.ofHours(1));
        assertThat(n.webhook().preset()).isEqualTo(NotifyConfig.Preset.JSON);
        assertThat(n.webhook().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(n.webhook().maxPerHour()).isEqualTo(30);
        assertThat(n.sms().maxPerHour()).isEqualTo(6);
    }

    @Test
    void aFullSectionIsReadAndTheUrlIsShownOnlyAsItsOrigin() throws Exception {
        NotifyConfig n = load("""
                failberry.notify {
                  events = ["reboot-pending", "link-down", "link-up", "link-down"]
                  hold-down = 2m
                  webhook {
                    url = "https://api.telegram.org/bot123456:SECRETTOKEN/sendMessage"
                    preset = telegram
                    chat-id = "-1001234567890"
                    headers = ["X-Api-Key: s3cr3t"]
                  }
                  sms.to = ["+64211234567", "+4915112345678", "+64211234567"]
                }
                """).notifications();
        assertThat(n.enabled()).isTrue();
        assertThat(n.events()).containsExactly("link-up", "link-down", "reboot-pending");
        assertThat(n.holdDown()).isEqualTo(Duration.ofMinutes(2));
        assertThat(n.webhook().target()).isEqualTo("https://api.telegram.org");
        assertThat(n.webhook().uri().orElseThrow().getPath()).isEqualTo("/bot123456:SECRETTOKEN/sendMessage");
        assertThat(n.webhook().chatId()).contains("-1001234567890");
        assertThat(n.webhook().headers()).singleElement().satisfies(h -> {
            assertThat(h.name()).isEqualTo("X-Api-Key");
            assertThat(h.value().value()).isEqualTo("s3cr3t");
        });
        assertThat(n.sms().to()).containsExactly("+64211234567", "+4915112345678");
        assertThat(n.toString()).doesNotContain("SECRETTOKEN").doesNotContain("s3cr3t");
    }

    @Test
    void secretsAreNeverEchoedInProblems() throws IOException {
        Path f = dir.resolve("failberry.conf");
        Files.writeString(f, """
                failberry.notify.webhook {
                  url = "http://admin:SECRETPW@hooks.example.com/SECRETPATH"
                  headers = ["Authorization: Bearer SECRET\\u0001TOKEN"]
                }
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems())
                        .hasSize(2)
                        .allSatisfy(p -> assertThat(p.toString()).doesNotContain("SECRET")));
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, true", "[::1], true", "192.168.1.10, true", "10.0.0.5, true", "172.16.4.4, true",
        "169.254.1.1, true", "[fd00::1], true", "homeassistant, true", "ha.local, true", "nas.home.arpa, true",
        "localhost, true", "8.8.8.8, false", "hooks.example.com, false", "[2001:db8::1], false", "100.64.0.1, false"
    })
    void plainHttpIsOnlyForTheLan(String host, boolean local) {
        assertThat(NotifyReader.isLocal(host)).isEqualTo(local);
    }

    @Test
    void httpToALanReceiverIsAccepted() throws Exception {
        NotifyConfig n = load("failberry.notify.webhook.url = \"http://192.168.1.10:8123/api/webhook/failberry\"\n")
                .notifications();
        assertThat(n.webhook().target()).isEqualTo("http://192.168.1.10:8123");
    }
}
