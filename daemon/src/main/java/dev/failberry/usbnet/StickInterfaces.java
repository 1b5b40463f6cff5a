package dev.failberry.usbnet;

import dev.failberry.config.FailberryConfig;
import dev.failberry.usb.UsbDevice;
import dev.failberry.usb.UsbTree;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds the network interface of an Ethernet-type stick: by name ({@code link.interface = eth1}), or
 * with {@code auto} by the USB device it belongs to: the configured {@code modem.discovery.vendor-id}
 * and {@code product-id}, else a known router stick ({@link StickCatalog}). The kernel may give the
 * interface another name after the stick re-enumerates (eth1 -> eth2, usb0 -> enx...); calling
 * {@link #find()} again finds it under the new one. A stick still in CD-ROM mode is reported with what
 * to do about it.
 */
public final class StickInterfaces {
    /** What to look for. */
    public record Criteria(Optional<String> name, Optional<String> vendorId, Optional<String> productId) {}

    private final Path sysfsRoot;
    private final Criteria criteria;

    public StickInterfaces(Path sysfsRoot, Criteria criteria) {
        this.sysfsRoot = sysfsRoot;
        this.criteria = criteria;
    }

    public static StickInterfaces fromConfig(FailberryConfig config) {
        FailberryConfig.Discovery d = config.modem().discovery();
        Optional<String> name = config.link().autoInterface()
                ? Optional.empty()
                : Optional.of(config.link().interfaceName());
        return new StickInterfaces(d.sysfsRoot(), new Criteria(name, d.vendorId(), d.productId()));
    }

    /** Reads sysfs now and selects. */
    public InterfaceLookup find() {
        return select(SysfsNet.read(sysfsRoot), new UsbTree(sysfsRoot).devices(), criteria);
    }

    /** Pure: the interface among {@code nets} that {@code c} asks for. */
    static InterfaceLookup select(List<NetDevice> nets, List<UsbDevice> usb, Criteria c) {
        Map<String, UsbDevice> byPort =
                usb.stream().collect(Collectors.toMap(UsbDevice::busPort, Function.identity(), (a, b) -> a));
        if (c.name().isPresent()) {
            Optional<NetDevice> named =
                    nets.stream().filter(n -> n.name().equals(c.name().get())).findFirst();
            if (named.isPresent()) {
                return new InterfaceLookup.Found(
                        named.get(), named.get().busPort().map(byPort::get), List.of());
            }
            return storage(usb, c)
                    .orElseGet(
                            () -> new InterfaceLookup.NotFound(
                                    "link.interface = " + c.name().get()
                                            + " does not exist (stick unplugged, still starting, or renamed? link.interface = auto finds it by USB id)"));
        }
        List<NetDevice> candidates = new ArrayList<>();
        for (NetDevice n : nets) {
            UsbDevice d = n.busPort().map(byPort::get).orElse(null);
            if (d != null && wanted(d, n, c)) {
                candidates.add(n);
            }
        }
        if (!candidates.isEmpty()) {
            NetDevice pick = candidates.get(0);
            List<String> notes = candidates.size() == 1
                    ? List.of()
                    : List.of("several stick interfaces ("
                            + candidates.stream().map(NetDevice::name).collect(Collectors.joining(", ")) + "): using "
                            + pick.name() + "; set link.interface or "
                            + "modem.discovery.vendor-id/product-id to choose");
            return new InterfaceLookup.Found(
                    pick, Optional.of(byPort.get(pick.busPort().get())), notes);
        }
        return storage(usb, c)
                .orElseGet(
                        () -> new InterfaceLookup.NotFound(
                                c.vendorId().isPresent()
                                        ? "no network interface of USB device "
                                                + c.vendorId().get()
                                                + c.productId()
                                                        .map(p -> ":" + p)
                                                        .orElse("")
                                        : "no network interface of a known router stick (Huawei HiLink 12d1:14dc/14db, E3372-325 3566:2001, or "
                                                + "a modem maker's cdc_ether/rndis_host stick); set modem.discovery.vendor-id/product-id or link.interface"));
    }

    private static boolean wanted(UsbDevice d, NetDevice n, Criteria c) {
        if (c.vendorId().isPresent()) {
            return d.vendorId().equals(c.vendorId().get())
                    && c.productId().map(d.productId()::equals).orElse(true);
        }
        return StickCatalog.routerStick(d, n);
    }

    private static Optional<InterfaceLookup> storage(List<UsbDevice> usb, Criteria c) {
        return usb.stream()
                .filter(d -> StickCatalog.storageMode(d)
                        && c.vendorId().map(d.vendorId()::equals).orElse(true))
                .findFirst()
                .map(d -> new InterfaceLookup.StorageMode(d, StickCatalog.modeswitchHint(d)));
    }
}
