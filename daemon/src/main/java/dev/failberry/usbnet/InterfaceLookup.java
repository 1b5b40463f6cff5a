package dev.failberry.usbnet;

import dev.failberry.usb.UsbDevice;
import java.util.List;
import java.util.Optional;

/** Where the stick's network interface is, or why there is none. */
public sealed interface InterfaceLookup {

    /** @param device the USB device the interface belongs to (empty for a configured non-USB interface) */
    record Found(NetDevice iface, Optional<UsbDevice> device, List<String> notes) implements InterfaceLookup {
        public Found {
            notes = List.copyOf(notes);
        }

        public String name() {
            return iface.name();
        }

        /** One line for logs: {@code eth1 (cdc_ether) on 12d1:14dc HUAWEI_MOBILE at 1-1.3 (devnum 5)}. */
        public String describe() {
            return iface.name()
                    + (iface.driver().isEmpty() ? "" : " (" + iface.driver() + ")")
                    + device.map(d -> " on " + d.describe()).orElse("");
        }
    }

    /** The stick is there but still a CD-ROM: no interface until it is switched. */
    record StorageMode(UsbDevice device, String hint) implements InterfaceLookup {}

    /** No such interface (yet): unplugged, enumerating, or a wrong name or id in the configuration. */
    record NotFound(String reason) implements InterfaceLookup {}
}
