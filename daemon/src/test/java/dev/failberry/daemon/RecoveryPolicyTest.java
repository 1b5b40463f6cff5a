package dev.failberry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import org.junit.jupiter.api.Test;

/** The whole policy, the link's own retry included, reads as one line. */
class RecoveryPolicyTest {
    @Test
    void theDefaultsInOneLine() throws Exception {
        var config = ConfigLoader.fromUserConfig(ConfigFactory.parseString(""), "test.conf");
        assertThat(RecoveryPolicy.from(config, true).describe())
                .isEqualTo(
                        "pppd redials by itself after 5 s, x2 up to "
                                + "5 min; down 20 s: redial x2 (10 s apart), modem_reset x1 (30 s cooldown), usb_power_cycle x2 (2 min "
                                + "apart, at least 10 min apart); then pauses of 5 min doubling to 1 h between rounds; ladder reset after 5 min stable");
    }

    @Test
    void rungsThatCannotActAreAbsent() throws Exception {
        var config = ConfigLoader.fromUserConfig(
                ConfigFactory.parseString(
                        "failberry { recovery { reset-attempts = 0, reboot.enabled = true }, ppp.redial.initial-backoff = 500ms }"),
                "test.conf");
        assertThat(RecoveryPolicy.from(config, false).describe())
                .isEqualTo("pppd redials by itself after 500 ms, x2 up "
                        + "to 5 min; down 20 s: redial x2 (10 s apart), reboot x1 (10 min cooldown); then pauses of 5 min doubling to 1 h "
                        + "between rounds; ladder reset after 5 min stable");
    }
}
