package dev.failberry.usb;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One interface of a USB device as sysfs shows it ({@code /sys/bus/usb/devices/1-1.3:1.2}): its number,
 * class triple, bound driver and the serial ports ({@code ttyUSB2}, {@code ttyACM0}) the driver created.
 * Class values are two lower-case hex digits as sysfs writes them ({@code "ff"}, {@code "08"}).
 */
public record UsbInterface(
        String name,
        int number,
        String interfaceClass,
        String subClass,
        String protocol,
        Optional<String> driver,
        List<String> ttys) {

    public static final String CLASS_VENDOR = "ff";
    public static final String CLASS_MASS_STORAGE = "08";

    public UsbInterface {
        ttys = List.copyOf(ttys);
    }

    /**
     * Builds an interface from the attribute values read from its sysfs directory; pure. Missing or
     * malformed values become -1 / "" instead of an exception (a device can vanish mid-read).
     */
    public static UsbInterface fromAttributes(
            String name, Map<String, String> attrs, Optional<String> driver, List<String> ttys) {
        return new UsbInterface(
                name,
                hexNumber(attrs.get("bInterfaceNumber")),
                hexByte(attrs.get("bInterfaceClass")),
                hexByte(attrs.get("bInterfaceSubClass")),
                hexByte(attrs.get("bInterfaceProtocol")),
                driver,
                ttys.stream().sorted(TtyOrder.INSTANCE).toList());
    }

    public boolean isMassStorage() {
        return CLASS_MASS_STORAGE.equals(interfaceClass);
    }

    public boolean hasTty() {
        return !ttys.isEmpty();
    }

    /** The first tty of the interface (option/usb-serial drivers create exactly one per interface). */
    public Optional<String> tty() {
        return ttys.stream().findFirst();
    }

    static int hexNumber(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Integer.parseInt(value.trim(), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String hexByte(String value) {
        if (value == null) {
            return "";
        }
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        return v.matches("[0-9a-f]{1,2}") ? (v.length() == 1 ? "0" + v : v) : "";
    }
}
