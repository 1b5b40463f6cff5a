package dev.failberry.usb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the disk holding the root filesystem hangs in the USB tree, if it does: a Raspberry Pi 4 or 5
 * booting from a USB SSD or stick loses its root filesystem when the ganged USB ports are switched
 * off. Found the way the kernel links it: the root mount's device number from
 * {@code /proc/self/mountinfo}, then {@code /sys/dev/block/MAJ:MIN}, a link into
 * {@code /sys/devices/...}, whose path names every USB device above the disk
 * ({@code .../usb2/2-1/2-1:1.0/host0/.../block/sda/sda2} is USB device {@code 2-1}). Both paths are
 * injectable so tests use fake trees. Unknown (no mountinfo, a device number without a sysfs link, such
 * as an overlay or btrfs root) means "not on USB": the advice can only refuse what it can see.
 */
public final class RootDisk {
    public static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private static final Pattern USB_DEVICE = Pattern.compile("\\d+-\\d+(\\.\\d+)*");
    private static final Pattern DEVICE_NUMBER = Pattern.compile("\\d+:\\d+");

    private RootDisk() {}

    /** The USB device path (e.g. {@code "2-1"}, {@code "1-1.3"}) of the root filesystem's disk. */
    public static Optional<String> usbPath(Path mountinfo, Path sysfsRoot) {
        Optional<String> number = rootDeviceNumber(mountinfo);
        if (number.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path device = sysfsRoot.resolve("dev/block").resolve(number.get()).toRealPath();
            return usbDeviceIn(device);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The device number ({@code "8:2"}) of the filesystem mounted at {@code /}, from mountinfo. */
    static Optional<String> rootDeviceNumber(Path mountinfo) {
        List<String> lines;
        try {
            lines = Files.readAllLines(mountinfo);
        } catch (IOException e) {
            return Optional.empty();
        }
        String found = null;
        for (String line : lines) {
            // ID PARENT MAJ:MIN ROOT MOUNTPOINT ...; the last mount on / wins (it hides the others)
            String[] f = line.split(" ");
            if (f.length > 4
                    && f[4].equals("/")
                    && f[3].equals("/")
                    && DEVICE_NUMBER.matcher(f[2]).matches()) {
                found = f[2];
            }
        }
        return Optional.ofNullable(found);
    }

    /** The innermost USB device named in a /sys/devices path (the one the disk belongs to). */
    static Optional<String> usbDeviceIn(Path sysDevicePath) {
        String last = null;
        for (Path part : sysDevicePath) {
            if (USB_DEVICE.matcher(part.toString()).matches()) {
                last = part.toString();
            }
        }
        return Optional.ofNullable(last);
    }
}
