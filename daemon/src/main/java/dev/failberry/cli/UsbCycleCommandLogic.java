package dev.failberry.cli;

import dev.failberry.config.FailberryConfig;
import dev.failberry.modem.discovery.ModemMatchers;
import dev.failberry.modem.discovery.PortDiscovery;
import dev.failberry.modem.discovery.Reenumeration;
import dev.failberry.time.Scheduler;
import dev.failberry.time.ThreadScheduler;
import dev.failberry.usb.CycleResult;
import dev.failberry.usb.PiModelAdvice;
import dev.failberry.usb.PowerSwitch;
import dev.failberry.usb.PowerSwitches;
import dev.failberry.usb.RootDisk;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code failberry usb cycle}: power-cycles the configured USB port(s) now, verifies that the modem's
 * USB device went away and came back, then waits (bounded by {@code usb-power.wait-for-modem}) for its
 * ports. Exit codes: 0 cycled and modem back; 1 cycled but the modem did not come back (or stays in
 * CD-ROM mode), or the switch had no effect or failed; 2 method none or a configuration problem;
 * 3 uhubctl missing or permission denied. The picocli wrapper only maps options to {@link #run}.
 */
final class UsbCycleCommandLogic {
    private UsbCycleCommandLogic() {}

    /** Progress goes to {@code out}; a failure is one sentence on {@code err}. */
    public static int run(FailberryConfig config, PrintStream out, PrintStream err) {
        try (ThreadScheduler scheduler = new ThreadScheduler("usb-cycle")) {
            PowerSwitch sw = PowerSwitches.create(
                    config, ModemMatchers.forConfig(config.modem().discovery()), scheduler);
            return run(config, out, err, sw, scheduler, PiModelAdvice.MODEL_FILE, RootDisk.MOUNTINFO);
        }
    }

    /** Testable form; {@code scheduler} must run on its own thread (blocking waits). */
    public static int run(
            FailberryConfig config,
            PrintStream out,
            PrintStream err,
            PowerSwitch sw,
            Scheduler scheduler,
            Path modelFile,
            Path mountinfo) {
        PiModelAdvice.readModel(modelFile).ifPresent(model -> PiModelAdvice.warnings(model, config.usbPower())
                .forEach(w -> err.println("warning: " + w)));
        if (config.usbPower().method() == FailberryConfig.UsbPowerMethod.NONE) {
            err.println(
                    "failberry usb cycle: no USB power switch is configured (usb-power.method = none; set uhubctl or sysfs).");
            return ExitCode.USAGE;
        }
        var refused = PiModelAdvice.refusals(
                PiModelAdvice.readModel(modelFile),
                config.usbPower(),
                RootDisk.usbPath(mountinfo, config.modem().discovery().sysfsRoot()));
        if (!refused.isEmpty()) {
            err.println("failberry usb cycle: refused: " + refused.get(0) + ".");
            return ExitCode.USAGE;
        }
        out.println("power-cycling with " + sw.describe() + " ...");
        CycleResult r = sw.cycleAndWait("admin request (failberry usb cycle)");
        r.notes().forEach(n -> out.println("note: " + n));
        String line = r.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + r.message()
                + " (" + r.elapsed().toMillis() + " ms)";
        int failed =
                switch (r.outcome()) {
                    case NOT_INSTALLED, PERMISSION_DENIED -> ExitCode.UNREACHABLE;
                    case CONFIG_ERROR, NOT_CONFIGURED -> ExitCode.USAGE;
                    case NO_EFFECT, NOT_BACK, SWITCH_FAILED -> ExitCode.NEGATIVE;
                    case CYCLED, UNVERIFIED -> ExitCode.OK;
                };
        if (failed != ExitCode.OK) {
            err.println("failberry usb cycle: " + line);
            return failed;
        }
        out.println(line);
        var reenum = new Reenumeration(PortDiscovery.fromConfig(config.modem()), scheduler);
        Reenumeration.Result back =
                reenum.await(config.usbPower().waitForModem()).join();
        if (back.outcome() == Reenumeration.Outcome.BACK) {
            out.println(back.message());
            return ExitCode.OK;
        }
        err.println("failberry usb cycle: " + back.message());
        return ExitCode.NEGATIVE;
    }
}
