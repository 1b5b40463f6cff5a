package dev.failberry.cli;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.config.InvalidConfigException;
import dev.failberry.daemon.Daemon;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code failberry demo}: the whole daemon on loopback with {@code config/demo.conf}, against the built-in
 * simulators, in a scratch state directory. No hardware, no AWS account.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole daemon against the built-in simulated modem, pppd and Route53 on loopback.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--health-port", paramLabel = "N", defaultValue = "9000", description = "Health port (default ${DEFAULT-VALUE}).")
    int healthPort;

    @Option(names = "--admin-port", paramLabel = "N", defaultValue = "9001", description = "Admin port (default ${DEFAULT-VALUE}).")
    int adminPort;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path scratch = Files.createTempDirectory("failberry-demo-");
        FailberryConfig config;
        try {
            config = demoConfig(scratch, healthPort, adminPort);
        } catch (InvalidConfigException e) {
            CheckConfigCommand.printProblems(spec.commandLine().getErr(), e);
            return ExitCode.USAGE;
        }
        Logging.setLevel(config.logLevel());
        Daemon daemon = DaemonAssembly.production(config);
        var out = spec.commandLine().getOut();
        out.println("FailberryPi demo: state in " + scratch);
        out.println("  health:  curl -i http://127.0.0.1:" + healthPort + config.health().path());
        out.println("  status:  java -jar failberry.jar status --admin http://127.0.0.1:" + adminPort);
        out.println("  metrics: curl http://127.0.0.1:" + adminPort + "/metrics");
        out.println("Stop with Ctrl-C.");
        out.flush();
        return RunCommand.runUntilSignal(spec, daemon);
    }

    /** demo.conf from the jar, with the scratch directories and ports filled in. */
    static FailberryConfig demoConfig(Path scratch, int healthPort, int adminPort)
            throws InvalidConfigException, IOException {
        try (var in = DemoCommand.class.getResourceAsStream("/demo/demo.conf")) {
            if (in == null) {
                throw new IOException("demo.conf is missing from the jar");
            }
            var user = ConfigFactory.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8),
                    ConfigParseOptions.defaults().setOriginDescription("demo.conf"));
            user = user
                    .withValue("failberry.state-dir", ConfigValueFactory.fromAnyRef(scratch.resolve("state").toString()))
                    .withValue("failberry.runtime-dir", ConfigValueFactory.fromAnyRef(scratch.resolve("run").toString()))
                    .withValue("failberry.health.port", ConfigValueFactory.fromAnyRef(healthPort))
                    .withValue("failberry.admin.port", ConfigValueFactory.fromAnyRef(adminPort));
            return ConfigLoader.fromUserConfig(user, "demo.conf");
        }
    }
}
