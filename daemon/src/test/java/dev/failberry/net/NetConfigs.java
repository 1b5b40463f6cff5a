package dev.failberry.net;

import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.config.InvalidConfigException;

/** Validated configs from HOCON snippets (inside {@code failberry { }}, same line numbers), through the real loader. */
final class NetConfigs {
    private NetConfigs() {}

    static FailberryConfig config(String hoconInsideFailberry) {
        try {
            return ConfigLoader.fromUserConfig(
                    ConfigFactory.parseString("failberry { " + hoconInsideFailberry + "\n}"), "test.conf");
        } catch (InvalidConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
