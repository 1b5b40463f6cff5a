package dev.failberry.cli;

import dev.failberry.config.FailberryConfig;
import dev.failberry.json.Json;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code failberry usb cycle}. */
@Command(
        name = "usb",
        mixinStandardHelpOptions = true,
        description = "USB power switching.",
        subcommands = {UsbCommand.Cycle.class})
public final class UsbCommand {

    /** Power-cycles the configured port(s) and waits for the modem to come back. */
    @Command(
            name = "cycle",
            mixinStandardHelpOptions = true,
            description = "Power-cycle the configured USB port(s) now and wait for the modem to come back. Goes "
                    + "through the daemon when it runs. Exit 0 modem back, 1 it did not come back or the switch had "
                    + "no effect, 2 no switch configured, 3 uhubctl missing or not permitted.")
    public static final class Cycle implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            FailberryConfig c = config.loadOrReport(spec);
            if (c == null) {
                return ExitCode.USAGE;
            }
            var out = spec.commandLine().getOut();
            var err = spec.commandLine().getErr();
            Duration limit =
                    c.usbPower().offTime().plus(c.usbPower().waitForModem()).plusSeconds(90);
            AdminCall call = AdminCall.of("failberry usb cycle", ModemCommand.adminUrl(c), err)
                    .withoutDaemon(
                            notRunning -> DirectAccess.refuseBehindDaemon(c, "usb cycle", ModemCommand.adminUrl(c), err)
                                    .orElseGet(() -> UsbCycleCommandLogic.run(c, Streams.of(out), Streams.of(err))));
            return call.post("/usb/cycle", "", limit, a -> CycleAnswer.of(a.body()), r -> {
                if (r.exitCode() == ExitCode.OK && r.modemBack()) {
                    out.println("cycled: " + r.detail());
                    out.println("modem is back");
                    out.flush();
                    return ExitCode.OK;
                }
                return call.fail(
                        (r.switched() ? "cycled, but the modem is not back: " : "not cycled: ") + r.detail() + ".",
                        r.exitCode() == ExitCode.OK ? ExitCode.NEGATIVE : r.exitCode());
            });
        }

        /** The daemon's answer to {@code POST /usb/cycle}, read in full before anything is printed. */
        record CycleAnswer(int exitCode, boolean switched, boolean modemBack, Object detail) {
            /** @throws RuntimeException when the body is not such an answer */
            static CycleAnswer of(String body) {
                Map<String, Object> r = Json.parseObject(body);
                return new CycleAnswer(
                        ((Number) r.get("exit_code")).intValue(),
                        (Boolean) Objects.requireNonNull(r.get("switched"), "switched"),
                        (Boolean) Objects.requireNonNull(r.get("modem_back"), "modem_back"),
                        r.get("detail"));
            }
        }
    }
}
