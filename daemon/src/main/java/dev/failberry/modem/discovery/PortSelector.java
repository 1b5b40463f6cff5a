package dev.failberry.modem.discovery;

import dev.failberry.modem.discovery.DiscoveryResult.Found;
import dev.failberry.modem.discovery.DiscoveryResult.NotFound;
import dev.failberry.modem.discovery.DiscoveryResult.Reason;
import dev.failberry.usb.UsbDevice;
import dev.failberry.usb.UsbInterface;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Pure choice of the modem and its control/data ports among the USB devices read from sysfs.
 *
 * <p>Candidates are the devices with the configured vendor (and product) id, or of any
 * {@linkplain ModemCatalog#VENDORS known modem vendor} when none is configured. Among candidates with
 * ttys the one with the lowest USB path wins (deterministic; the result notes the others). Ports come
 * from, in order: the configured interface numbers; the product or vendor rule (ZTE 0117/0124, Quectel,
 * Huawei class/protocol types); the fallback "last tty for control, first tty for data", which matches
 * the classic Huawei layout (ttyUSB0 modem, ttyUSB2 PCUI).
 */
final class PortSelector {

    /** What to look for; empty values mean "use the catalogue". Ids are 4 lower-case hex digits. */
    public record Criteria(
            Optional<String> vendorId,
            Optional<String> productId,
            Optional<Integer> controlInterface,
            Optional<Integer> dataInterface) {
        public static Criteria any() {
            return new Criteria(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        boolean matches(UsbDevice d) {
            if (vendorId.isPresent()) {
                return d.vendorId().equals(vendorId.get())
                        && productId.map(p -> p.equals(d.productId())).orElse(true);
            }
            return ModemCatalog.knownVendor(d.vendorId()) && !d.isHub();
        }

        String describe() {
            return vendorId.map(v -> v + ":" + productId.orElse("*")).orElse("any known modem vendor");
        }
    }

    private PortSelector() {}

    public static DiscoveryResult select(List<UsbDevice> devices, Criteria criteria, Path devRoot) {
        List<UsbDevice> matching = devices.stream()
                .filter(criteria::matches)
                .sorted(Comparator.comparing(UsbDevice::busPort))
                .toList();
        // With only a vendor configured, a stick in CD-ROM mode has another product id: look for it too.
        List<UsbDevice> storage = devices.stream()
                .filter(d -> ModemCatalog.storageMode(d)
                        && criteria.vendorId().map(d.vendorId()::equals).orElse(true))
                .sorted(Comparator.comparing(UsbDevice::busPort))
                .toList();
        List<UsbDevice> withTty = matching.stream()
                .filter(d -> d.authorized() && !d.ttys().isEmpty())
                .toList();
        if (withTty.isEmpty()) {
            if (!storage.isEmpty()) {
                UsbDevice s = storage.get(0);
                return new NotFound(
                        Reason.STORAGE_MODE,
                        "modem " + s.describe()
                                + " is in mass-storage (CD-ROM) mode; usb_modeswitch normally switches it to modem mode within ~20 s"
                                + " (is usb-modeswitch installed?)");
            }
            Optional<UsbDevice> noTty =
                    matching.stream().filter(d -> !ModemCatalog.storageMode(d)).findFirst();
            if (noTty.isPresent()) {
                UsbDevice d = noTty.get();
                return new NotFound(
                        Reason.NO_TTY_YET,
                        "modem " + d.describe() + " has no serial ports yet"
                                + (d.authorized()
                                        ? " (still enumerating, or no driver bound: option/usb-serial)"
                                        : " (de-authorised)"));
            }
            return new NotFound(Reason.NO_DEVICE, "no USB modem found (" + criteria.describe() + ")");
        }
        List<String> notes = new ArrayList<>();
        UsbDevice chosen = withTty.get(0);
        if (withTty.size() > 1) {
            notes.add("several modems match " + criteria.describe() + ": "
                    + String.join(
                            ", ", withTty.stream().map(UsbDevice::describe).toList())
                    + "; using the one at the lowest USB path, " + chosen.busPort()
                    + " (set modem.discovery.vendor-id/product-id to choose)");
        }
        return choosePorts(chosen, criteria, devRoot, notes);
    }

    static DiscoveryResult choosePorts(UsbDevice d, Criteria criteria, Path devRoot, List<String> notes) {
        List<UsbInterface> ttyIfaces =
                d.interfaces().stream().filter(UsbInterface::hasTty).toList();
        Optional<ModemCatalog.PortRule> rule = ModemCatalog.rule(d);
        String how;
        UsbInterface control;
        UsbInterface data;
        Optional<UsbInterface> ruleControl = Optional.empty();
        Optional<UsbInterface> ruleData = Optional.empty();
        String ruleName = "";
        if (rule.isPresent()) {
            ModemCatalog.PortRule r = rule.get();
            ruleName = r.name();
            if (r.huaweiProtocols()) {
                ruleControl = ttyIfaces.stream()
                        .filter(i -> "pcui".equals(ModemCatalog.huaweiPortType(i)))
                        .findFirst();
                ruleData = ttyIfaces.stream()
                        .filter(i -> "modem".equals(ModemCatalog.huaweiPortType(i)))
                        .findFirst();
            } else {
                ruleControl = r.controlInterface().flatMap(n -> withTty(d, n));
                ruleData = r.dataInterface().flatMap(n -> withTty(d, n));
            }
        }
        UsbInterface fallbackControl = ttyIfaces.get(ttyIfaces.size() - 1);
        UsbInterface fallbackData = ttyIfaces.get(0);

        if (criteria.controlInterface().isPresent()) {
            int n = criteria.controlInterface().get();
            Optional<UsbInterface> c = withTty(d, n);
            if (c.isEmpty()) {
                return noSuchInterface(d, "modem.discovery.interface", n);
            }
            control = c.get();
            how = "control if" + two(n) + " (configured)";
        } else if (ruleControl.isPresent()) {
            control = ruleControl.get();
            how = "control if" + two(control.number()) + " (" + ruleName + ")";
        } else {
            control = fallbackControl;
            how = "control if" + two(control.number()) + " (fallback: last tty)";
            if (rule.isPresent()) {
                notes.add("the " + ruleName
                        + " rule did not match this device's interfaces; using the fallback port choice");
            }
        }
        if (criteria.dataInterface().isPresent()) {
            int n = criteria.dataInterface().get();
            Optional<UsbInterface> c = withTty(d, n);
            if (c.isEmpty()) {
                return noSuchInterface(d, "modem.discovery.data-interface", n);
            }
            data = c.get();
            how += ", data if" + two(n) + " (configured)";
        } else if (criteria.controlInterface().isPresent() && ruleData.isEmpty()) {
            data = control;
            how += ", data on the same port";
        } else if (ruleData.isPresent()) {
            data = ruleData.get();
            how += ", data if" + two(data.number()) + " (" + ruleName + ")";
        } else {
            data = fallbackData;
            how += ", data if" + two(data.number()) + " (fallback: first tty)";
        }
        Path controlPort = devRoot.resolve(control.tty().orElseThrow());
        Path dataPort = devRoot.resolve(data.tty().orElseThrow());
        String desc = ModemCatalog.maker(d.vendorId()) + " " + d.describe() + ": control "
                + control.tty().orElseThrow() + ", data " + data.tty().orElseThrow() + " [" + how + "]";
        return new Found(
                new DiscoveredModem(d.vendorId(), d.productId(), d.busPort(), controlPort, dataPort, desc), notes);
    }

    private static Optional<UsbInterface> withTty(UsbDevice d, int number) {
        return d.iface(number).filter(UsbInterface::hasTty);
    }

    private static DiscoveryResult noSuchInterface(UsbDevice d, String key, int n) {
        String have = String.join(
                ", ",
                d.interfaces().stream()
                        .filter(UsbInterface::hasTty)
                        .map(i -> "if" + two(i.number()) + "=" + i.tty().orElseThrow())
                        .toList());
        return new NotFound(
                Reason.NO_SUCH_INTERFACE,
                key + " = " + n + ": modem " + d.describe() + " has no tty on that interface (it has " + have + ")");
    }

    static String two(int n) {
        return String.format("%02d", n);
    }
}
