package dev.failberry.daemon;

import dev.failberry.daemon.Capabilities.PowerControl;
import dev.failberry.daemon.Capabilities.PowerResult;
import dev.failberry.modem.discovery.PortDiscovery;
import dev.failberry.modem.discovery.Reenumeration;
import dev.failberry.time.Scheduler;
import dev.failberry.usb.CycleResult;
import dev.failberry.usb.PowerSwitch;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The USB power switch as the controller sees it: cycle, verify that the device went away and came
 * back (the switch does that), then wait for the modem's ports to be usable again (re-enumeration,
 * possibly under new ttyUSB numbers) before reporting. A device the switch could not watch (not visible
 * before the cycle) is not waited for there; its ports are. Either way the controller does not wait for
 * this report when the modem answers first: a stick that answers is back.
 */
final class PowerBridge implements PowerControl {
    private final PowerSwitch powerSwitch;
    private final PortDiscovery discovery;
    private final Scheduler scheduler;
    private final Duration waitForModem;
    private final boolean available;

    PowerBridge(PowerSwitch powerSwitch, PortDiscovery discovery, Scheduler scheduler, Duration waitForModem,
                boolean available) {
        this.powerSwitch = powerSwitch;
        this.discovery = discovery;
        this.scheduler = scheduler;
        this.waitForModem = waitForModem;
        this.available = available;
    }

    @Override
    public boolean available() {
        return available;
    }

    @Override
    public void cycle(String reason, Consumer<PowerResult> done) {
        powerSwitch.cycle(reason).thenAccept(r -> {
            if (r.outcome() == CycleResult.Outcome.CYCLED || r.outcome() == CycleResult.Outcome.UNVERIFIED) {
                new Reenumeration(discovery, scheduler).await(waitForModem).thenAccept(back -> done.accept(
                        new PowerResult(true, back.outcome() == Reenumeration.Outcome.BACK,
                                r.message() + "; " + back.message())));
            } else {
                done.accept(new PowerResult(r.outcome() == CycleResult.Outcome.NOT_BACK, false, r.message()));
            }
        });
    }
}
