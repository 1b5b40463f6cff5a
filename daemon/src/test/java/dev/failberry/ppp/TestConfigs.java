package dev.failberry.ppp;

import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.config.InvalidConfigException;

/** Builds validated configs from HOCON snippets (inside {@code failberry { }}), through the real loader. */
final class TestConfigs {
    private TestConfigs() {}

    static FailberryConfig config(String hoconInsideFailberry) {
        try {
            return ConfigLoader.fromUserConfig(
                    ConfigFactory.parseString("failberry {\n" + hoconInsideFailberry + "\n}"), "test.conf");
        } catch (InvalidConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
