package dev.failberry.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.config.InvalidConfigException;
import dev.failberry.config.LinkConfig.LinkType;
import dev.failberry.daemon.Daemon;
import dev.failberry.daemon.Wiring;
import dev.failberry.logging.Logging;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code failberry demo}: the whole daemon on loopback with {@code config/demo.conf}, against the built-in
 * simulators (modem on pseudo-terminals, pppd and chat stand-ins, fake uhubctl, loopback Route53), in a
 * scratch directory. No hardware, no AWS account. The simulators run in a child JVM ({@link DemoWorldProcess}),
 * so this process is the daemon as it runs on a Pi, and what the benchmark measures. They are not part of
 * the product: without them (an installed Pi) the command says where it looked and exits 2. With
 * {@code --link ethernet}: {@code config/demo-ethernet.conf} against a simulated router stick (HiLink API
 * stand-in, an {@code ip} stand-in, fake sysfs) instead of the modem and pppd.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Run the whole daemon against the built-in simulated modem, pppd, USB switch and Route53 on loopback.")
public final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--health-port",
            paramLabel = "N",
            defaultValue = "9000",
            description = "Health port (default ${DEFAULT-VALUE}).")
    int healthPort;

    @Option(
            names = "--admin-port",
            paramLabel = "N",
            defaultValue = "9001",
            description = "Admin port (default ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(
            names = "--link",
            paramLabel = "TYPE",
            defaultValue = "ppp",
            description = "The link type to simulate: ppp (an AT modem and pppd, the default) or ethernet "
                    + "(a HiLink router stick).")
    String link;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        for (var p :
                Map.of("--health-port", healthPort, "--admin-port", adminPort).entrySet()) {
            if (p.getValue() < 0 || p.getValue() > 65535) {
                err.println("failberry demo: " + p.getKey() + " must be a TCP port (0 to 65535), not " + p.getValue()
                        + ".");
                return ExitCode.USAGE;
            }
        }
        LinkType type;
        switch (link) {
            case "ppp" -> type = LinkType.PPP;
            case "ethernet" -> type = LinkType.ETHERNET;
            default -> {
                err.println("failberry demo: --link must be ppp or ethernet, not " + link + ".");
                return ExitCode.USAGE;
            }
        }
        DemoWorldProcess.Simulators simulators = DemoWorldProcess.classPath();
        if (simulators instanceof DemoWorldProcess.Simulators.Missing m) {
            err.println("failberry demo: the demo needs the simulators, which are not installed with the daemon ("
                    + m.reason() + "). Run it from a source checkout: mvn -B -q package -DskipTests && java -jar"
                    + " dist/target/failberry.jar demo (or name the jar with -D"
                    + DemoWorldProcess.SIM_JAR_PROPERTY + "=PATH/" + DemoWorldProcess.SIM_JAR + ").");
            return ExitCode.USAGE;
        }
        String worldClassPath = ((DemoWorldProcess.Simulators.Found) simulators).classPath();
        Path scratch;
        try {
            scratch = Files.createTempDirectory("failberry-demo-");
        } catch (IOException e) {
            err.println("failberry demo: cannot create a scratch directory in " + System.getProperty("java.io.tmpdir")
                    + " (" + DemoMessages.reason(e) + "); point -Djava.io.tmpdir at a writable directory.");
            return ExitCode.USAGE;
        }
        DemoWorldProcess world;
        try {
            world = DemoWorldProcess.start(worldClassPath, scratch, type);
        } catch (IOException e) {
            err.println("failberry demo: " + e.getMessage());
            DemoMessages.deleteQuietly(scratch);
            return ExitCode.UNREACHABLE;
        }
        FailberryConfig config;
        try {
            config = demoConfig(type, scratch, healthPort, adminPort, world.configOverrides());
        } catch (InvalidConfigException e) {
            world.close();
            DemoMessages.deleteQuietly(scratch);
            CheckConfigCommand.printProblems(spec.commandLine().getErr(), e);
            return ExitCode.USAGE;
        }
        Logging.setLevel(config.logLevel());
        Optional<String> busy = DemoMessages.busyPort(config.health().bind(), healthPort, "--health-port")
                .or(() -> DemoMessages.busyPort(config.admin().bind(), adminPort, "--admin-port"));
        if (busy.isPresent()) {
            world.close();
            DemoMessages.deleteQuietly(scratch);
            err.println("failberry demo: " + busy.get());
            return ExitCode.UNREACHABLE;
        }
        Daemon daemon = Wiring.assemble(config, world.environment(config.runtimeDir()));
        daemon.admin().post("/demo/fault", world::fault);
        daemon.closeAfterStop(world);
        // the scratch directory (pseudo-terminal links, state, stand-in logs) goes when the demo stops
        daemon.closeAfterStop(() -> DemoMessages.deleteQuietly(scratch));
        var out = spec.commandLine().getOut();
        String admin = "http://127.0.0.1:" + adminPort;
        out.println("FailberryPi demo (scratch directory " + scratch + ")");
        out.println("  health:   curl -i http://127.0.0.1:" + healthPort
                + config.health().path());
        out.println("  status:   " + statusCommand() + " status --admin " + admin);
        out.println("  metrics:  curl " + admin + "/metrics");
        out.println("  DNS:      the record " + config.dns().record().orElse("?") + " is published to "
                + world.configOverrides().get("dns.route53.endpoint"));
        out.println("  faults:   curl -X POST '" + admin + "/demo/fault?what=hang'   (also: vanish, reappear, reboot,");
        if (type == LinkType.PPP) {
            out.println(
                    "            drop-carrier, signal&value=5, searching, home, denied, internet-down, internet-up)");
        } else {
            out.println("            unhang, drop-carrier, signal&value=5, searching, home, denied, internet-down,");
            out.println("            internet-up; hang = the stick's API stops answering)");
        }
        out.println("Stop with Ctrl-C.");
        out.flush();
        return RunCommand.runUntilSignal(spec.commandLine().getErr(), daemon);
    }

    /** How to run {@code status} the way this demo was started: {@code java -jar JAR} from a jar. */
    private static String statusCommand() {
        return DemoWorldProcess.runningJar()
                .map(jar -> {
                    Path cwd = Path.of("").toAbsolutePath();
                    return "java -jar " + (jar.startsWith(cwd) ? cwd.relativize(jar) : jar);
                })
                .orElse("failberry");
    }

    /**
     * demo.conf (or demo-ethernet.conf) from the jar, with the scratch directories, ports and simulator
     * endpoints filled in.
     */
    static FailberryConfig demoConfig(
            LinkType type, Path scratch, int healthPort, int adminPort, Map<String, Object> overrides)
            throws InvalidConfigException, IOException {
        String name = type == LinkType.PPP ? "demo.conf" : "demo-ethernet.conf";
        try (var in = DemoCommand.class.getResourceAsStream("/demo/" + name)) {
            if (in == null) {
                throw new IOException(name + " is missing from the jar");
            }
            Config user = ConfigFactory.parseReader(
                    new InputStreamReader(in, StandardCharsets.UTF_8),
                    ConfigParseOptions.defaults().setOriginDescription(name));
            user = user.withValue(
                            "failberry.state-dir",
                            ConfigValueFactory.fromAnyRef(
                                    scratch.resolve("state").toString()))
                    .withValue(
                            "failberry.runtime-dir",
                            ConfigValueFactory.fromAnyRef(scratch.resolve("run").toString()))
                    .withValue("failberry.health.port", ConfigValueFactory.fromAnyRef(healthPort))
                    .withValue("failberry.admin.port", ConfigValueFactory.fromAnyRef(adminPort));
            for (var e : overrides.entrySet()) {
                user = user.withValue("failberry." + e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
            }
            return ConfigLoader.fromUserConfig(user, name);
        }
    }
}
