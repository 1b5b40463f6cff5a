package dev.failberry.daemon;

import dev.failberry.daemon.Capabilities.PowerControl;
import dev.failberry.daemon.Capabilities.PowerResult;
import dev.failberry.modem.discovery.PortDiscovery;
import dev.failberry.modem.discovery.Reenumeration;
import dev.failberry.time.Scheduler;
import dev.failberry.usb.CycleResult;
import dev.failberry.usb.PowerSwitch;
import dev.failberry.usbnet.InterfaceReturn;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The USB power switch as the controller sees it: cycle, verify that the device went away and came
 * back (the switch does that), then wait for the modem's ports (re-enumeration, possibly under new
 * ttyUSB numbers) or an Ethernet-type stick's interface (possibly under a new name) before reporting. A device the switch could not watch (not visible
 * before the cycle) is not waited for there; its ports are. Either way the controller does not wait for
 * this report when the modem answers first: a stick that answers is back.
 */
final class PowerBridge implements PowerControl {
    /** Waits, bounded, for the stick to be usable again after the power came back. */
    interface Return {
        /** Completes with whether it is back, and one line for the log. */
        CompletableFuture<Back> await(Duration limit);

        /** An AT modem: its ports, found again by USB id (possibly under new ttyUSB numbers). */
        static Return ports(PortDiscovery discovery, Scheduler scheduler) {
            return limit -> new Reenumeration(discovery, scheduler)
                    .await(limit)
                    .thenApply(r -> new Back(r.outcome() == Reenumeration.Outcome.BACK, r.message()));
        }

        /** An Ethernet-type stick: its network interface, found again by name or USB id. */
        static Return networkInterface(InterfaceReturn wait) {
            return limit -> wait.await(limit).thenApply(r -> new Back(r.back(), r.message()));
        }
    }

    record Back(boolean back, String message) {}

    private final PowerSwitch powerSwitch;
    private final Return stickBack;
    private final Duration waitForModem;
    private final boolean available;

    PowerBridge(PowerSwitch powerSwitch, Return stickBack, Duration waitForModem, boolean available) {
        this.powerSwitch = powerSwitch;
        this.stickBack = stickBack;
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
                stickBack
                        .await(waitForModem)
                        .thenAccept(back ->
                                done.accept(new PowerResult(true, back.back(), r.message() + "; " + back.message())));
            } else {
                done.accept(new PowerResult(r.outcome() == CycleResult.Outcome.NOT_BACK, false, r.message()));
            }
        });
    }
}
