package dev.failberry.usb;

import dev.failberry.config.FailberryConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Warnings about {@code usb-power} settings that are dangerous or useless on the Raspberry Pi model the
 * daemon runs on (topology from uhubctl's README):
 * <ul>
 * <li>B+/2B/3B: hub {@code 1-1}, ports 2-5 ganged and switched by port 2; port 1 powers Ethernet.</li>
 * <li>3B+: hub {@code 1-1} port 2 switches everything, including the secondary hub {@code 1-1.1} that
 *     carries Ethernet: a power cycle drops the LAN for its duration.</li>
 * <li>4B: USB2 hub {@code 1-1} and USB3 hub {@code 2} are ganged: VBUS is cut only when both are off.</li>
 * <li>5: hubs {@code 2} and {@code 4} (on some OS/HW revisions 3 and 5) are ganged: both must be off.</li>
 * </ul>
 * {@link #warnings} is pure; {@link #readModel} reads {@code /proc/device-tree/model} (path injectable).
 * {@link #refusals} names settings that must not run at all: a power cycle that would also cut the
 * disk holding the root filesystem (a Pi 4 or 5 booting from USB, see {@link RootDisk}).
 */
public final class PiModelAdvice {
    public static final Path MODEL_FILE = Path.of("/proc/device-tree/model");

    private PiModelAdvice() {}

    /** The model string without its trailing NUL, or empty when not a device-tree machine. */
    public static Optional<String> readModel(Path modelFile) {
        try {
            byte[] b = Files.readAllBytes(modelFile);
            String s = new String(b, 0, Math.min(b.length, 200), StandardCharsets.UTF_8)
                    .replace("\0", "")
                    .strip();
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Problems that make {@code usb} unsafe to use on this machine: the root filesystem's disk (at USB
     * path {@code rootDisk}, see {@link RootDisk#usbPath}) would lose its power or its driver with the
     * modem. Empty when the setting is safe or nothing is known about the root disk.
     */
    public static List<String> refusals(
            Optional<String> model, FailberryConfig.UsbPower usb, Optional<String> rootDisk) {
        List<String> r = new ArrayList<>();
        if (rootDisk.isEmpty()) {
            return r;
        }
        String disk = rootDisk.get();
        String way = "the Pi would cut off its own disk at the first power cycle. Connect the stick to an external hub"
                + " with per-port power switching (its location and port in usb-power.location/ports), or use"
                + " usb-power.method = \"sysfs\" with usb-power.sysfs-device = the stick's own USB path (it resets"
                + " the stick only), or usb-power.method = \"none\"";
        switch (usb.method()) {
            case UHUBCTL ->
                switchedHub(model.orElse(""), usb, disk)
                        .ifPresent(why -> r.add("the root filesystem is on" + " the USB disk at " + disk + ", which "
                                + why + ": " + way));
            case SYSFS ->
                usb.sysfsDevice()
                        .filter(d -> disk.equals(d) || disk.startsWith(d + "."))
                        .ifPresent(
                                d -> r.add("usb-power.sysfs-device = \"" + d + "\" is the USB device holding the root"
                                        + " filesystem (" + disk + "): set it to the stick's own USB path"));
            case NONE -> {}
        }
        return r;
    }

    /** Why switching {@code usb} also powers off USB device {@code path}, or empty when it does not. */
    static Optional<String> switchedHub(String model, FailberryConfig.UsbPower usb, String path) {
        boolean pi = model.startsWith("Raspberry Pi");
        String m = model.replace("Raspberry Pi ", "");
        List<String> locations = new ArrayList<>();
        locations.add(usb.location());
        locations.addAll(usb.extraLocations());
        for (String location : locations) {
            // a root hub "2" has devices "2-1"; a hub "1-1" has devices "1-1.3"
            String prefix = location.contains("-") ? location + "." : location + "-";
            if (!path.startsWith(prefix)) {
                continue;
            }
            String rest = path.substring(prefix.length());
            int port = Integer.parseInt(rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest);
            boolean extra = !location.equals(usb.location());
            // the Pi's own hubs gang their ports (an external hub behind them does not)
            boolean allGanged = pi
                    && (m.startsWith("4") && (location.equals("1-1") || location.equals("2"))
                            || m.startsWith("5") && !location.contains("-")
                            || m.startsWith("3 Model B Plus") && location.equals("1-1"));
            boolean ports2to5 = pi && !allGanged && location.equals("1-1") && !m.startsWith("4") && !m.startsWith("5");
            if (allGanged) {
                return Optional.of("loses its power whenever hub " + location + " is switched (" + model
                        + ": all USB ports are ganged)");
            }
            if (ports2to5 && port >= 2 && usb.ports().stream().anyMatch(p -> p >= 2)) {
                return Optional.of("loses its power whenever hub 1-1 port " + usb.ports() + " is switched (" + model
                        + ": ports 2-5 are ganged)");
            }
            if (extra || usb.ports().contains(port)) {
                return Optional.of("is on hub " + location + " port " + port + ", which usb-power switches");
            }
        }
        return Optional.empty();
    }

    /** Warnings for {@code usb} on the machine described by {@code model}; empty when nothing to say. */
    public static List<String> warnings(String model, FailberryConfig.UsbPower usb) {
        List<String> w = new ArrayList<>();
        if (usb.method() != FailberryConfig.UsbPowerMethod.UHUBCTL || !model.startsWith("Raspberry Pi")) {
            return w;
        }
        Set<String> locations = new HashSet<>(usb.extraLocations());
        locations.add(usb.location());
        String m = model.replace("Raspberry Pi ", "");
        if (m.startsWith("5")) {
            boolean pair24 = locations.contains("2") && locations.contains("4");
            boolean pair35 = locations.contains("3") && locations.contains("5");
            if (!pair24 && !pair35) {
                w.add(model
                        + ": all USB ports are ganged across hubs 2 and 4 (3 and 5 on some revisions); VBUS is cut only"
                        + " when both are off: set usb-power.location = \"2\" and extra-locations = [\"4\"]");
            }
        } else if (m.startsWith("4")) {
            if (!(locations.contains("1-1") && locations.contains("2"))) {
                w.add(model + ": USB2 hub 1-1 and USB3 hub 2 are ganged; VBUS is cut only when both are off: set"
                        + " usb-power.location = \"1-1\" and extra-locations = [\"2\"] (needs VL805 firmware >= 00137ad and"
                        + " uhubctl >= 2.4.0)");
            }
        } else if (m.startsWith("3 Model B Plus")) {
            if (locations.contains("1-1") && usb.ports().contains(2)) {
                w.add(
                        model
                                + ": switching hub 1-1 port 2 also powers off the secondary hub 1-1.1 that carries Ethernet"
                                + " (port 1): the LAN drops during every power cycle; use an external switchable hub for the modem");
            }
            if (locations.contains("1-1.1") && usb.ports().contains(1)) {
                w.add(model + ": hub 1-1.1 port 1 is the Ethernet/Wi-Fi chip: never switch it");
            }
        } else if (m.startsWith("Model B Plus")
                || m.startsWith("2 Model B")
                || m.startsWith("3 Model B")
                || m.startsWith("Model A Plus")
                || m.startsWith("3 Model A Plus")) {
            if (usb.location().equals("1-1") && usb.ports().contains(1)) {
                w.add(model + ": hub 1-1 port 1 powers Ethernet (and Wi-Fi): switching it cuts the Pi off the network;"
                        + " use usb-power.ports = [2] (ports 2-5 are ganged and switched by port 2)");
            } else if (usb.location().equals("1-1") && !usb.ports().contains(2)) {
                w.add(model + ": ports 2-5 of hub 1-1 are ganged and switched only by port 2; usb-power.ports = "
                        + usb.ports() + " does nothing: use [2]");
            }
        }
        return w;
    }
}
