package dev.failberry.cli;

import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.config.InvalidConfigException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option shared by commands that read the configuration. */
public final class ConfigOption {
    static final String DEFAULT = "/etc/failberry/failberry.conf";

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Configuration file (default: $FAILBERRY_CONFIG or " + DEFAULT + ").")
    Path file;

    public Path resolve() {
        if (file != null) {
            return file;
        }
        String env = System.getenv("FAILBERRY_CONFIG");
        return Path.of(env != null && !env.isBlank() ? env : DEFAULT);
    }

    public FailberryConfig load() throws InvalidConfigException {
        return ConfigLoader.load(resolve());
    }

    /** Loads the configuration, or prints every problem to the command's stderr and returns null (exit 2). */
    public FailberryConfig loadOrReport(picocli.CommandLine.Model.CommandSpec spec) {
        try {
            return load();
        } catch (InvalidConfigException e) {
            CheckConfigCommand.printProblems(spec.commandLine().getErr(), e);
            return null;
        }
    }
}
