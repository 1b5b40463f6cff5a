package dev.failberry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Defaults live in reference.conf only: the readers have none of their own. Taking any key out of
 * reference.conf makes loading an empty user file fail, naming that key; a reader that kept a default
 * of its own would load on silently with it (issue 19: SectionReader repeated reference.conf).
 */
class ReferenceDefaultsTest {
    private static final Config EMPTY = ConfigFactory.empty();

    /** Every leaf of reference.conf (null ones too: they declare optional keys), as a HOCON path. */
    static Stream<String> referenceKeys() {
        List<String> out = new ArrayList<>();
        leaves(ConfigLoader.reference().root(), List.of(), out);
        return out.stream();
    }

    private static void leaves(ConfigObject object, List<String> at, List<String> out) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            List<String> path = new ArrayList<>(at);
            path.add(e.getKey());
            if (e.getValue().valueType() == ConfigValueType.OBJECT) {
                leaves((ConfigObject) e.getValue(), path, out);
            } else {
                out.add(ConfigUtil.joinPath(path));
            }
        }
    }

    @Test
    void referenceConfHasEveryKeyTheReadersRead() {
        assertThat(referenceKeys()).hasSizeGreaterThan(100);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceKeys")
    void aKeyTakenOutOfReferenceConfIsMissedNotDefaultedInJava(String key) {
        Config without = ConfigLoader.reference().withoutPath(key);

        assertThatThrownBy(() -> ConfigLoader.fromUserConfig(EMPTY, "empty.conf", without))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(key + " is read but not declared in reference.conf");
    }

    @Test
    void anEmptyUserFileGivesReferenceConfsValues() throws Exception {
        Config ref = ConfigLoader.reference().resolve();
        FailberryConfig c = ConfigLoader.fromUserConfig(EMPTY, "empty.conf");

        assertThat(c.stateDir()).isEqualTo(Path.of(ref.getString("failberry.state-dir")));
        assertThat(c.modem().commandTimeout()).isEqualTo(ref.getDuration("failberry.modem.command-timeout"));
        assertThat(c.modem().apn()).isEqualTo(ref.getString("failberry.modem.apn"));
        assertThat(c.ppp().redial().backoff().multiplier()).isEqualTo(ref.getDouble("failberry.ppp.redial.multiplier"));
        assertThat(c.health().bind()).isEqualTo(ref.getString("failberry.health.bind"));
        assertThat(c.recovery().reboot().command()).isEqualTo(ref.getStringList("failberry.recovery.reboot.command"));
        assertThat(c.notifications().webhook().timeout())
                .isEqualTo(ref.getDuration("failberry.notify.webhook.timeout"));
        assertThat(c.link().hilink().url().toString()).isEqualTo(ref.getString("failberry.modem.hilink.url"));
    }

    @Test
    void aRequiredKeySetToNullIsAProblemAtItsLine() {
        Config user = ConfigFactory.parseString(
                "failberry {\n  modem.hung-threshold = null\n  ppp.probe.interval = null\n}",
                com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("user.conf"));

        assertThatThrownBy(() -> ConfigLoader.fromUserConfig(user, "user.conf"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("failberry.modem.hung-threshold")
                .hasMessageContaining("required: expected a whole number from 1 to 100")
                .hasMessageContaining("failberry.ppp.probe.interval")
                .hasMessageContaining("required: expected a duration such as 30s");
    }

    @Test
    void aBadValueIsReportedAndTheRestIsCheckedWithReferenceConfsValue() {
        // the bad initial-backoff reads as reference.conf's 5s, so a max-backoff of 1m is no second problem
        Config user = ConfigFactory.parseString("failberry.ppp.redial { initial-backoff = soon, max-backoff = 1m }");

        assertThatThrownBy(() -> ConfigLoader.fromUserConfig(user, "user.conf"))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(
                        e -> assertThat(((InvalidConfigException) e).problems()).hasSize(1))
                .hasMessageContaining("failberry.ppp.redial.initial-backoff");
        assertThat(Duration.ofSeconds(5))
                .isEqualTo(ConfigLoader.reference().resolve().getDuration("failberry.ppp.redial.initial-backoff"));
    }
}
