package dev.failberry.modem.discovery;

import dev.failberry.usb.UsbDevice;
import dev.failberry.usb.UsbInterface;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What we know about USB modems without asking them: vendor ids of modem makers, which interface is the
 * control (AT) port and which the data (PPP) port per vendor or product, and the ids sticks have while
 * in CD-ROM ("ZeroCD") mode. Sources: ModemManager's udev port-type rules (Huawei, ZTE), the Quectel
 * EC25 port layout and usb_modeswitch-data (see research/modem-ppp.md sections 3 and 5).
 */
public final class ModemCatalog {
    private ModemCatalog() {}

    /** Vendor id -> maker, for "any known modem" discovery when no vendor id is configured. */
    public static final Map<String, String> VENDORS = Map.ofEntries(
            Map.entry("12d1", "Huawei"),
            Map.entry("19d2", "ZTE"),
            Map.entry("2c7c", "Quectel"),
            Map.entry("1199", "Sierra Wireless"),
            Map.entry("0af0", "Option"),
            Map.entry("1546", "u-blox"),
            Map.entry("1bc7", "Telit"),
            Map.entry("1bbb", "Alcatel"),
            Map.entry("1410", "Novatel"),
            Map.entry("05c6", "Qualcomm"),
            Map.entry("1e0e", "SIMCom"),
            Map.entry("2001", "D-Link"),
            Map.entry("0bdb", "Ericsson"),
            Map.entry("1c9e", "Longcheer"),
            Map.entry("2020", "Various (4G sticks)"));

    /**
     * Well-known storage-mode ids (usb_modeswitch-data). Any device of a modem vendor whose interfaces are
     * all mass storage is treated as storage mode too; this list only adds names for the log.
     */
    public static final Set<String> STORAGE_IDS = Set.of(
            "12d1:1446",
            "12d1:1f01",
            "12d1:14fe",
            "12d1:1505",
            "12d1:1c0b",
            "12d1:1f1e",
            "12d1:1da1",
            "19d2:2000",
            "19d2:0166",
            "19d2:1225",
            "19d2:0103",
            "1bbb:f000",
            "1bbb:f017",
            "0af0:6971",
            "1410:5010",
            "2020:f00e");

    /** How the control and data ports are chosen for a device. */
    public record PortRule(
            String name, Optional<Integer> controlInterface, Optional<Integer> dataInterface, boolean huaweiProtocols) {
        static PortRule interfaces(String name, int control, int data) {
            return new PortRule(name, Optional.of(control), Optional.of(data), false);
        }
    }

    private static final Map<String, PortRule> PRODUCT_RULES = Map.of(
            "19d2:0117", PortRule.interfaces("ZTE 0117: if01 secondary AT for control, if02 primary for PPP", 1, 2),
            "19d2:0124", PortRule.interfaces("ZTE 0124: if01 secondary AT for control, if04 primary for PPP", 1, 4),
            "2c7c:0125", PortRule.interfaces("Quectel EC25: if02 AT for control, if03 AT/PPP for data", 2, 3),
            "2c7c:0121", PortRule.interfaces("Quectel EC21: if02 AT for control, if03 AT/PPP for data", 2, 3),
            "2c7c:0296", PortRule.interfaces("Quectel BG96: if02 AT for control, if03 AT/PPP for data", 2, 3));

    public static boolean knownVendor(String vendorId) {
        return VENDORS.containsKey(vendorId);
    }

    public static String maker(String vendorId) {
        return VENDORS.getOrDefault(vendorId, "vendor " + vendorId);
    }

    /** The vendor/product rule for {@code device}, if there is one. */
    public static Optional<PortRule> rule(UsbDevice device) {
        PortRule byProduct = PRODUCT_RULES.get(device.ids());
        if (byProduct != null) {
            return Optional.of(byProduct);
        }
        if ("12d1".equals(device.vendorId())) {
            return Optional.of(new PortRule(
                    "Huawei: class ff protocol 02 = PCUI (control), 01 = modem (PPP)",
                    Optional.empty(),
                    Optional.empty(),
                    true));
        }
        return Optional.empty();
    }

    /** True when the device is a modem still in CD-ROM mode (no serial ports yet). */
    public static boolean storageMode(UsbDevice device) {
        return STORAGE_IDS.contains(device.ids()) || (knownVendor(device.vendorId()) && device.onlyMassStorage());
    }

    /** Huawei port type of an interface from its class triple: "pcui", "modem" or "". */
    static String huaweiPortType(UsbInterface i) {
        if (!UsbInterface.CLASS_VENDOR.equals(i.interfaceClass())
                || !("01".equals(i.subClass()) || "02".equals(i.subClass()))) {
            return "";
        }
        return switch (i.protocol()) {
            case "01" -> "modem";
            case "02" -> "pcui";
            default -> "";
        };
    }
}
