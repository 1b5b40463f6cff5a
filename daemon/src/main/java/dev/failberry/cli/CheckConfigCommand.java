package dev.failberry.cli;

import dev.failberry.config.ConfigProblem;
import dev.failberry.config.FailberryConfig;
import dev.failberry.config.InvalidConfigException;
import dev.failberry.usb.PiModelAdvice;
import dev.failberry.usb.RootDisk;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code failberry check-config}: validates and prints every problem as FILE:LINE: key: message. */
@Command(
        name = "check-config",
        mixinStandardHelpOptions = true,
        description = "Validate the configuration; print every problem as FILE:LINE: failberry.key: message.")
public final class CheckConfigCommand implements Callable<Integer> {
    /** The machine's Pi model and mount table (tests point these at fake files). */
    Path modelFile = PiModelAdvice.MODEL_FILE;

    Path mountinfo = RootDisk.MOUNTINFO;

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            FailberryConfig c = config.load();
            var out = spec.commandLine().getOut();
            c.warnings().forEach(w -> out.println(config.resolve() + ": warning: " + w));
            Optional<String> model = PiModelAdvice.readModel(modelFile);
            model.ifPresent(m -> PiModelAdvice.warnings(m, c.usbPower())
                    .forEach(w -> out.println(config.resolve() + ": warning: " + w)));
            List<String> refused = PiModelAdvice.refusals(
                    model,
                    c.usbPower(),
                    RootDisk.usbPath(mountinfo, c.modem().discovery().sysfsRoot()));
            if (!refused.isEmpty()) {
                var err = spec.commandLine().getErr();
                refused.forEach(r -> err.println(config.resolve() + ": failberry.usb-power: " + r));
                err.println(refused.size() == 1 ? "1 problem" : refused.size() + " problems");
                return ExitCode.USAGE;
            }
            // what can only be known on this host: IP forwarding, ip/nft, the wired interface and its LAN
            var host = dev.failberry.net.HostChecks.system().forCheckConfig(c);
            host.warnings().forEach(w -> out.println(config.resolve() + ": warning: " + w));
            if (!host.problems().isEmpty()) {
                printProblems(spec.commandLine().getErr(), new InvalidConfigException(host.problems()));
                return ExitCode.USAGE;
            }
            out.println(config.resolve() + ": valid");
            return ExitCode.OK;
        } catch (InvalidConfigException e) {
            printProblems(spec.commandLine().getErr(), e);
            return ExitCode.USAGE;
        }
    }

    /** At most this many problems are printed: a file of 20,000 unknown keys is one mistake, not a report. */
    static final int MAX_PRINTED = 50;

    static void printProblems(java.io.PrintWriter err, InvalidConfigException e) {
        var problems = e.problems();
        for (ConfigProblem p : problems.subList(0, Math.min(problems.size(), MAX_PRINTED))) {
            err.println(p);
        }
        if (problems.size() > MAX_PRINTED) {
            err.println("... and " + (problems.size() - MAX_PRINTED) + " more");
        }
        err.println(problems.size() == 1 ? "1 problem" : problems.size() + " problems");
    }
}
