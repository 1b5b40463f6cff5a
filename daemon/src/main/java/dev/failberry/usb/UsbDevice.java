package dev.failberry.usb;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A USB device as sysfs shows it under {@code /sys/bus/usb/devices/<busPort>}: ids, strings, the
 * kernel's device number (a new one on every enumeration, so a changed {@code devnum} proves the device
 * re-enumerated), whether it is authorised, and its interfaces (empty while de-authorised or not yet
 * configured).
 */
public record UsbDevice(
        String busPort,
        String vendorId,
        String productId,
        String manufacturer,
        String product,
        String serial,
        int devnum,
        boolean authorized,
        List<UsbInterface> interfaces) {

    public UsbDevice {
        interfaces = interfaces.stream()
                .sorted(Comparator.comparingInt(UsbInterface::number))
                .toList();
    }

    /**
     * Builds a device from the attribute values read from its sysfs directory; pure. Ids are normalised to
     * four lower-case hex digits; a missing {@code authorized} file counts as authorised.
     */
    public static UsbDevice fromAttributes(String busPort, Map<String, String> attrs, List<UsbInterface> interfaces) {
        String auth = attrs.getOrDefault("authorized", "1").trim();
        int devnum;
        try {
            devnum = Integer.parseInt(attrs.getOrDefault("devnum", "-1").trim());
        } catch (NumberFormatException e) {
            devnum = -1;
        }
        return new UsbDevice(
                busPort,
                normaliseId(attrs.get("idVendor")),
                normaliseId(attrs.get("idProduct")),
                text(attrs.get("manufacturer")),
                text(attrs.get("product")),
                text(attrs.get("serial")),
                devnum,
                !"0".equals(auth),
                interfaces);
    }

    /** {@code "12d1"} from {@code "12D1\n"}; "" when not four hex digits. */
    public static String normaliseId(String value) {
        if (value == null) {
            return "";
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.matches("[0-9a-f]{4}") ? v : "";
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }

    /** {@code "12d1:1506"}. */
    public String ids() {
        return vendorId + ":" + productId;
    }

    /** Present, authorised and configured: the state in which its drivers can bind. */
    public boolean active() {
        return authorized && !interfaces.isEmpty();
    }

    public List<String> ttys() {
        return interfaces.stream()
                .flatMap(i -> i.ttys().stream())
                .sorted(TtyOrder.INSTANCE)
                .toList();
    }

    public Optional<UsbInterface> iface(int number) {
        return interfaces.stream().filter(i -> i.number() == number).findFirst();
    }

    /** True when every interface is USB mass storage: a modem still in its CD-ROM ("ZeroCD") mode. */
    public boolean onlyMassStorage() {
        return !interfaces.isEmpty() && interfaces.stream().allMatch(UsbInterface::isMassStorage);
    }

    /** One line for logs: {@code 12d1:1506 HUAWEI Technology HUAWEI Mobile at 1-1.3 (devnum 5)}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(ids());
        if (!manufacturer.isEmpty()) {
            sb.append(' ').append(manufacturer);
        }
        if (!product.isEmpty()) {
            sb.append(' ').append(product);
        }
        return sb.append(" at ")
                .append(busPort)
                .append(" (devnum ")
                .append(devnum)
                .append(')')
                .toString();
    }

    /** A USB hub or root hub (they appear in the same sysfs directory as the modem). */
    public boolean isHub() {
        return interfaces.stream().anyMatch(i -> "09".equals(i.interfaceClass()));
    }
}
