package dev.failberry.modem.discovery;

import dev.failberry.config.FailberryConfig;
import dev.failberry.usb.UsbDevice;
import dev.failberry.usb.UsbDeviceMatcher;
import java.util.HashSet;
import java.util.Set;

/**
 * The {@link UsbDeviceMatcher} a power switch verifies with: the configured modem ids plus the CD-ROM-mode
 * ids of the same vendor (a stick may come back in storage mode: that still proves the power cycle
 * worked), or any known modem vendor when no id is configured.
 */
public final class ModemMatchers {
    private ModemMatchers() {}

    public static UsbDeviceMatcher forConfig(FailberryConfig.Discovery d) {
        if (d.vendorId().isEmpty()) {
            return UsbDeviceMatcher.byVendors(ModemCatalog.VENDORS.keySet());
        }
        String vendor = UsbDevice.normaliseId(d.vendorId().get());
        if (d.productId().isEmpty()) {
            return UsbDeviceMatcher.byIds(vendor, Set.of());
        }
        Set<String> products = new HashSet<>();
        products.add(UsbDevice.normaliseId(d.productId().get()));
        ModemCatalog.STORAGE_IDS.stream()
                .filter(id -> id.startsWith(vendor + ":"))
                .map(id -> id.substring(5))
                .forEach(products::add);
        return UsbDeviceMatcher.byIds(vendor, products);
    }
}
