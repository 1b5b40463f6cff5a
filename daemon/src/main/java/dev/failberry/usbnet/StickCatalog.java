package dev.failberry.usbnet;

import dev.failberry.modem.discovery.ModemCatalog;
import dev.failberry.usb.UsbDevice;
import java.util.Map;
import java.util.Set;

/**
 * What is known about sticks that are a USB network interface ("router in a stick", HiLink), without
 * asking them. Sources: trackIT-Systems/modemmanager-e3372 (docs/E3372h-320.md, docs/E3372h-153.md,
 * docs/E3372-325.md, usb_modeswitch/), the lsusb of a 12d1:14db stick in 4IceG/luci-app-3ginfo-lite
 * issue #62, research/network-lte-alerts.md.
 */
final class StickCatalog {
    private StickCatalog() {}

    /** USB ids of router sticks in their network (HiLink) mode. */
    public static final Map<String, String> ROUTER_STICKS = Map.of(
            "12d1:14dc", "Huawei E3372 HiLink (cdc_ether)",
            "12d1:14db", "Huawei E3372h-320 HiLink (cdc_ether)",
            "3566:2001", "E3372-325 (ZOWEE/Brovi) HiLink (rndis_host)");

    /**
     * Drivers of interfaces that are a ready Ethernet link with the stick's own DHCP server. Not
     * cdc_ncm/huawei_cdc_ncm/qmi_wwan/cdc_mbim: those need a dial over AT or QMI first.
     */
    public static final Set<String> ROUTER_DRIVERS = Set.of("cdc_ether", "rndis_host");

    /** True for a network interface that is a router stick's link. */
    public static boolean routerStick(UsbDevice device, NetDevice net) {
        return ROUTER_STICKS.containsKey(device.ids())
                || (ModemCatalog.knownVendor(device.vendorId()) && ROUTER_DRIVERS.contains(net.driver()));
    }

    /**
     * The device is a stick still in its CD-ROM ("ZeroCD") personality. The E3372-325 keeps 3566:2001
     * in every mode; only its interface 0 tells: class 08 (storage), e0 (HiLink), ff (modem).
     */
    public static boolean storageMode(UsbDevice device) {
        if ("3566:2001".equals(device.ids())) {
            return device.iface(0).map(i -> i.isMassStorage()).orElse(false);
        }
        return ModemCatalog.storageMode(device);
    }

    /** What to do about a stick stuck in CD-ROM mode, for the log and status. */
    public static String modeswitchHint(UsbDevice device) {
        if ("3566:2001".equals(device.ids())) {
            return "the E3372-325 (3566:2001) comes up as a CD-ROM after every power-on and usb-modeswitch-data "
                    + "does not know it: install usb-modeswitch and a udev rule that runs "
                    + "'usb_modeswitch -v 3566 -p 2001 -J' (HuaweiNew: HiLink mode), see the README, \"Ethernet-type sticks\"";
        }
        String run = "12d1".equals(device.vendorId())
                ? "'usb_modeswitch -v 12d1 -p " + device.productId() + " -J' (HuaweiNew: 12d1:1f01 becomes 12d1:14dc "
                        + "or 14db, HiLink)"
                : "usb_modeswitch with the stick's configuration from usb-modeswitch-data";
        return "the stick " + device.ids() + " is still in CD-ROM mode: install usb-modeswitch and usb-modeswitch-data "
                + "(they switch it by themselves), or run " + run;
    }
}
