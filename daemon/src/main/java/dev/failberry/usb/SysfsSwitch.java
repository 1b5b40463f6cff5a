package dev.failberry.usb;

import dev.failberry.time.Scheduler;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Cycles the modem through sysfs, for hubs without power switching: on kernels >= 6.0 the hub port's
 * {@code disable} file ({@code <hub>:1.0/<hub>-portN/disable}: "1" then "0", which is what uhubctl uses
 * there), otherwise the device's {@code authorized} file ("0" then "1": the kernel unbinds and re-binds
 * its drivers; VBUS stays on, so a truly wedged stick may need a real power switch). The off time is a
 * scheduler delay; then verification as for every switch.
 */
final class SysfsSwitch extends VerifiedSwitch {
    /** Writes one value to a sysfs attribute (a seam so tests can play the kernel's part). */
    @FunctionalInterface
    public interface Writer {
        void write(Path file, String value) throws IOException;

        Writer FILES = (file, value) -> Files.writeString(file, value);
    }

    private final String device;
    private final Duration offTime;
    private final Writer writer;

    public SysfsSwitch(
            String device,
            Duration offTime,
            Duration waitForModem,
            UsbTree tree,
            UsbDeviceMatcher matcher,
            Scheduler scheduler,
            Writer writer) {
        super(tree, matcher, scheduler, waitForModem);
        this.device = device;
        this.offTime = offTime;
        this.writer = writer;
    }

    @Override
    public String describe() {
        return "sysfs " + device + " (" + (disableFile().isPresent() ? "port disable" : "authorized") + ", off "
                + offTime.toMillis() + " ms)";
    }

    /**
     * The hub port's {@code disable} file for {@code device}, when the kernel has it: for {@code 1-1.3}
     * {@code 1-1:1.0/1-1-port3/disable}; for {@code 1-1} (on root hub 1) {@code 1-0:1.0/usb1-port1/disable}.
     */
    Optional<Path> disableFile() {
        Path devices = tree.devicesDir();
        int dot = device.lastIndexOf('.');
        Path p;
        if (dot > 0) {
            String hub = device.substring(0, dot);
            p = devices.resolve(hub + ":1.0")
                    .resolve(hub + "-port" + device.substring(dot + 1))
                    .resolve("disable");
        } else {
            String[] parts = device.split("-", 2);
            if (parts.length != 2) {
                return Optional.empty();
            }
            p = devices.resolve(parts[0] + "-0:1.0")
                    .resolve("usb" + parts[0] + "-port" + parts[1])
                    .resolve("disable");
        }
        return Files.exists(p) ? Optional.of(p) : Optional.empty();
    }

    @Override
    CompletableFuture<Operation> operate(PresenceWatch watch, long start) {
        Optional<Path> disable = disableFile();
        Path file = disable.orElse(tree.devicesDir().resolve(device).resolve("authorized"));
        String off = disable.isPresent() ? "1" : "0";
        String on = disable.isPresent() ? "0" : "1";
        List<String> actions = new ArrayList<>();
        if (!Files.exists(file)) {
            return CompletableFuture.completedFuture(new Operation(
                    actions,
                    Optional.of(CycleResult.of(
                            CycleResult.Outcome.CONFIG_ERROR,
                            "USB device " + device + " is not present (" + file
                                    + " missing; check usb-power.sysfs-device)",
                            elapsed(start),
                            actions)),
                    Optional.empty(),
                    List.of()));
        }
        return CompletableFuture.supplyAsync(() -> write(file, off, actions, start), SerialGate.WORKER)
                .thenCompose(failure -> failure.isPresent()
                        ? CompletableFuture.completedFuture(failure)
                        : after(offTime, () -> write(file, on, actions, start)))
                .thenApply(failure -> new Operation(actions, failure, Optional.empty(), List.of()));
    }

    private Optional<CycleResult> write(Path file, String value, List<String> actions, long start) {
        synchronized (actions) {
            actions.add("write " + value + " > " + file);
        }
        try {
            writer.write(file, value);
            return Optional.empty();
        } catch (AccessDeniedException e) {
            return Optional.of(CycleResult.of(
                    CycleResult.Outcome.PERMISSION_DENIED,
                    "permission denied writing " + file
                            + ": run as root or give the daemon's group write access with a udev rule",
                    elapsed(start),
                    actions));
        } catch (IOException e) {
            return Optional.of(CycleResult.of(
                    CycleResult.Outcome.SWITCH_FAILED,
                    "could not write " + value + " to " + file + ": " + e.getMessage(),
                    elapsed(start),
                    actions));
        }
    }
}
