package dev.failberry.usb;

import dev.failberry.config.FailberryConfig;
import dev.failberry.proc.CommandRunner;
import dev.failberry.time.Scheduler;

/** Chooses the {@link PowerSwitch} from {@code usb-power.method}. */
public final class PowerSwitches {
    private PowerSwitches() {
    }

    /**
     * @param matcher  the modem's USB device for verification (see
     *                 {@code dev.failberry.modem.discovery.ModemMatchers#forConfig})
     * @param scheduler delays and presence polling; a {@code ThreadScheduler} in production and the CLI
     */
    public static PowerSwitch create(FailberryConfig config, UsbDeviceMatcher matcher, Scheduler scheduler) {
        FailberryConfig.UsbPower usb = config.usbPower();
        UsbTree tree = new UsbTree(config.modem().discovery().sysfsRoot());
        return switch (usb.method()) {
            case NONE -> new NoSwitch();
            case UHUBCTL -> new UhubctlSwitch(usb, new CommandRunner(), tree, matcher, scheduler);
            case SYSFS -> usb.sysfsDevice()
                    .<PowerSwitch>map(dev -> new SysfsSwitch(dev, usb.offTime(), usb.waitForModem(), tree, matcher, scheduler,
                            SysfsSwitch.Writer.FILES))
                    .orElseGet(NoSwitch::new);
        };
    }
}
