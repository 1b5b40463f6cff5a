package dev.failberry.usb;

import dev.failberry.config.FailberryConfig;
import dev.failberry.proc.CommandRunner;
import dev.failberry.time.Scheduler;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the {@link PowerSwitch} from {@code usb-power.method}. */
public final class PowerSwitches {
    private static final Logger log = LoggerFactory.getLogger(PowerSwitches.class);

    private PowerSwitches() {}

    /**
     * @param matcher  the modem's USB device for verification (see
     *                 {@code dev.failberry.modem.discovery.ModemMatchers#forConfig})
     * @param scheduler delays and presence polling; a {@code ThreadScheduler} in production and the CLI
     */
    public static PowerSwitch create(FailberryConfig config, UsbDeviceMatcher matcher, Scheduler scheduler) {
        FailberryConfig.UsbPower usb = config.usbPower();
        Path sysfs = config.modem().discovery().sysfsRoot();
        UsbTree tree = new UsbTree(sysfs);
        // Never cut the power of the disk the system runs from (a Pi 4/5 booting from USB): check-config
        // reports this as an error; a daemon started anyway runs without power cycles and says why once.
        List<String> refused = PiModelAdvice.refusals(
                PiModelAdvice.readModel(PiModelAdvice.MODEL_FILE), usb, RootDisk.usbPath(RootDisk.MOUNTINFO, sysfs));
        if (!refused.isEmpty()) {
            String why = "usb-power refused: " + refused.get(0);
            log.error("{}; USB power cycles are off", why);
            return new NoSwitch(why);
        }
        return switch (usb.method()) {
            case NONE -> new NoSwitch();
            case UHUBCTL -> new UhubctlSwitch(usb, new CommandRunner(), tree, matcher, scheduler);
            case SYSFS ->
                usb.sysfsDevice()
                        .<PowerSwitch>map(dev -> new SysfsSwitch(
                                dev,
                                usb.offTime(),
                                usb.waitForModem(),
                                tree,
                                matcher,
                                scheduler,
                                SysfsSwitch.Writer.FILES))
                        .orElseGet(NoSwitch::new);
        };
    }
}
