package dev.failberry.usb;

import java.util.Optional;
import java.util.Set;

/**
 * Which USB device is "the modem" for presence checks around a power cycle. Built by the caller (e.g.
 * from {@code modem.discovery} ids, including the ids the stick has in CD-ROM mode) so this package
 * carries no modem knowledge.
 */
public interface UsbDeviceMatcher {
    boolean matches(UsbDevice device);

    /** For logs and results, e.g. {@code "12d1:1506"}. */
    String describe();

    /** Devices with this vendor id and, when given, one of these product ids. */
    static UsbDeviceMatcher byIds(String vendorId, Set<String> productIds) {
        String v = UsbDevice.normaliseId(vendorId);
        return new UsbDeviceMatcher() {
            @Override
            public boolean matches(UsbDevice d) {
                return d.vendorId().equals(v) && (productIds.isEmpty() || productIds.contains(d.productId()));
            }

            @Override
            public String describe() {
                return productIds.isEmpty()
                        ? v + ":*"
                        : v + ":"
                                + String.join("|", productIds.stream().sorted().toList());
            }
        };
    }

    /** Devices of any of these vendors (hubs excluded). */
    static UsbDeviceMatcher byVendors(Set<String> vendorIds) {
        return new UsbDeviceMatcher() {
            @Override
            public boolean matches(UsbDevice d) {
                return vendorIds.contains(d.vendorId()) && !d.isHub();
            }

            @Override
            public String describe() {
                return "any device of vendor "
                        + String.join("|", vendorIds.stream().sorted().toList());
            }
        };
    }

    /** The device at one USB path (e.g. {@code 1-1.3}), whatever it is. */
    static UsbDeviceMatcher byPath(String busPort) {
        return new UsbDeviceMatcher() {
            @Override
            public boolean matches(UsbDevice d) {
                return d.busPort().equals(busPort);
            }

            @Override
            public String describe() {
                return "the device at " + busPort;
            }
        };
    }

    static Optional<UsbDevice> first(Iterable<UsbDevice> devices, UsbDeviceMatcher matcher) {
        for (UsbDevice d : devices) {
            if (matcher.matches(d)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
