package dev.failberry.usb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the USB devices the kernel shows under {@code <sysfs-root>/bus/usb/devices}: a directory (or
 * symlink) per device ({@code 1-1.3}) and per interface ({@code 1-1.3:1.2}). The ttys of an interface
 * are its {@code ttyUSBn} children (usb-serial/option), the children of its {@code tty/} directory
 * (cdc-acm), or, failing both, the {@code <sysfs-root>/class/tty/<tty>/device} links that lead back to
 * the interface. The root is configurable ({@code modem.discovery.sysfs-root}) so tests use a fake tree.
 * Each call re-reads the tree (a few dozen small files; only done during discovery and power cycles);
 * a device that vanishes mid-read is simply skipped.
 */
public final class UsbTree {
    private static final List<String> DEVICE_ATTRS =
            List.of("idVendor", "idProduct", "manufacturer", "product", "serial", "devnum", "authorized");
    private static final List<String> INTERFACE_ATTRS =
            List.of("bInterfaceNumber", "bInterfaceClass", "bInterfaceSubClass", "bInterfaceProtocol");

    private final Path sysfsRoot;

    public UsbTree(Path sysfsRoot) {
        this.sysfsRoot = sysfsRoot;
    }

    public Path sysfsRoot() {
        return sysfsRoot;
    }

    /** {@code <root>/bus/usb/devices}. */
    public Path devicesDir() {
        return sysfsRoot.resolve("bus/usb/devices");
    }

    /** All USB devices (hubs included), ordered by bus path. Empty when the tree does not exist. */
    public List<UsbDevice> devices() {
        List<String> names = list(devicesDir());
        List<UsbDevice> out = new ArrayList<>();
        Map<String, Path> classTty = null;
        for (String name : names) {
            if (name.contains(":")) {
                continue;
            }
            Path dir = devicesDir().resolve(name);
            Map<String, String> attrs = readAttrs(dir, DEVICE_ATTRS);
            if (!attrs.containsKey("idVendor")) {
                continue; // vanished while we looked, or not a device
            }
            List<UsbInterface> ifaces = new ArrayList<>();
            for (String ifName : names) {
                if (!ifName.startsWith(name + ":")) {
                    continue;
                }
                Path ifDir = devicesDir().resolve(ifName);
                Map<String, String> ifAttrs = readAttrs(ifDir, INTERFACE_ATTRS);
                if (!ifAttrs.containsKey("bInterfaceNumber")) {
                    continue;
                }
                List<String> ttys = directTtys(ifDir);
                if (ttys.isEmpty()) {
                    if (classTty == null) {
                        classTty = classTtyDevices();
                    }
                    ttys = ttysFromClass(ifDir, classTty);
                }
                ifaces.add(UsbInterface.fromAttributes(ifName, ifAttrs, link(ifDir.resolve("driver")), ttys));
            }
            out.add(UsbDevice.fromAttributes(name, attrs, ifaces));
        }
        out.sort(Comparator.comparing(UsbDevice::busPort));
        return out;
    }

    public Optional<UsbDevice> device(String busPort) {
        return devices().stream().filter(d -> d.busPort().equals(busPort)).findFirst();
    }

    private static List<String> directTtys(Path ifDir) {
        List<String> ttys = new ArrayList<>();
        for (String child : list(ifDir)) {
            if (child.startsWith("ttyUSB") || child.startsWith("ttyACM")) {
                ttys.add(child);
            }
        }
        for (String child : list(ifDir.resolve("tty"))) {
            if (child.startsWith("tty") && !ttys.contains(child)) {
                ttys.add(child);
            }
        }
        return ttys;
    }

    /** tty name -> real path of its {@code device} link, for ttyUSB and ttyACM devices. */
    private Map<String, Path> classTtyDevices() {
        Map<String, Path> map = new HashMap<>();
        Path classDir = sysfsRoot.resolve("class/tty");
        for (String name : list(classDir)) {
            if (!name.startsWith("ttyUSB") && !name.startsWith("ttyACM")) {
                continue;
            }
            try {
                map.put(name, classDir.resolve(name).resolve("device").toRealPath());
            } catch (IOException e) {
                // no device link: not a USB tty
            }
        }
        return map;
    }

    private static List<String> ttysFromClass(Path ifDir, Map<String, Path> classTty) {
        if (classTty.isEmpty()) {
            return List.of();
        }
        Path real;
        try {
            real = ifDir.toRealPath();
        } catch (IOException e) {
            return List.of();
        }
        List<String> ttys = new ArrayList<>();
        classTty.forEach((tty, device) -> {
            if (device.equals(real) || real.equals(device.getParent())) {
                ttys.add(tty);
            }
        });
        return ttys;
    }

    static List<String> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            return List.of();
        }
        names.sort(null);
        return names;
    }

    private static Map<String, String> readAttrs(Path dir, List<String> names) {
        Map<String, String> attrs = new HashMap<>();
        for (String n : names) {
            Path f = dir.resolve(n);
            try {
                // sysfs attribute files are tiny; bound the read anyway
                byte[] bytes = Files.readAllBytes(f);
                attrs.put(n, new String(bytes, 0, Math.min(bytes.length, 256), StandardCharsets.UTF_8).trim());
            } catch (IOException e) {
                // absent attribute (no serial string, no authorized file) or device vanished
            }
        }
        return attrs;
    }

    private static Optional<String> link(Path p) {
        try {
            return Optional.of(Files.readSymbolicLink(p).getFileName().toString());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }
}
