package dev.failberry.modem.discovery;

import dev.failberry.config.FailberryConfig;
import dev.failberry.modem.discovery.DiscoveryResult.Found;
import dev.failberry.modem.discovery.DiscoveryResult.NotFound;
import dev.failberry.modem.discovery.DiscoveryResult.Reason;
import dev.failberry.usb.UsbDevice;
import dev.failberry.usb.UsbTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the modem's control and data ports: by USB vendor/product id and interface number in sysfs when
 * {@code modem.port = auto}, or from explicit paths ({@code /dev/ttyUSB2},
 * {@code /dev/serial/by-id/usb-...-if02-port0}), which are checked to exist and, when they lead to a
 * USB tty, tied to their device for the record. Never trusts a ttyUSB number across re-enumerations:
 * call {@link #discover()} again after the modem came back. Reads the tree on each call (cheap;
 * only done at start and around recovery).
 */
public final class PortDiscovery {
    private static final Pattern BY_ID_INTERFACE = Pattern.compile("-if([0-9a-fA-F]{2})-port\\d+$");

    private final UsbTree tree;
    private final Path devRoot;
    private final PortSelector.Criteria criteria;
    private final String port;
    private final String dataPort;

    public PortDiscovery(UsbTree tree, Path devRoot, PortSelector.Criteria criteria, String port, String dataPort) {
        this.tree = tree;
        this.devRoot = devRoot;
        this.criteria = criteria;
        this.port = port;
        this.dataPort = dataPort;
    }

    public static PortDiscovery fromConfig(FailberryConfig.Modem modem) {
        FailberryConfig.Discovery d = modem.discovery();
        var criteria = new PortSelector.Criteria(
                d.vendorId().map(UsbDevice::normaliseId),
                d.productId().map(UsbDevice::normaliseId),
                d.controlInterface(),
                d.dataInterface());
        return new PortDiscovery(new UsbTree(d.sysfsRoot()), d.devRoot(), criteria, modem.port(), modem.dataPort());
    }

    public PortSelector.Criteria criteria() {
        return criteria;
    }

    public UsbTree tree() {
        return tree;
    }

    public DiscoveryResult discover() {
        List<UsbDevice> devices = tree.devices();
        boolean autoControl = "auto".equals(port);
        boolean autoData = "auto".equals(dataPort);
        if (autoControl) {
            DiscoveryResult r = PortSelector.select(devices, criteria, devRoot);
            if (!(r instanceof Found f) || autoData) {
                return r;
            }
            // explicit data port with a discovered control port
            Path data = Path.of(dataPort);
            if (!Files.exists(data)) {
                return missing("modem.data-port", data);
            }
            DiscoveredModem m = f.modem();
            return new Found(
                    new DiscoveredModem(
                            m.vendorId(),
                            m.productId(),
                            m.usbPath(),
                            m.controlPort(),
                            data,
                            m.description() + "; data port " + data + " (configured)"),
                    f.notes());
        }
        Path control = Path.of(port);
        if (!Files.exists(control)) {
            return missing("modem.port", control);
        }
        Optional<UsbDevice> owner = ownerOf(control, devices);
        Path data;
        String dataHow;
        List<String> notes = new ArrayList<>();
        if (autoData || dataPort.equals(port)) {
            data = control;
            dataHow = "data on the same port";
        } else {
            data = Path.of(dataPort);
            if (!Files.exists(data)) {
                return missing("modem.data-port", data);
            }
            dataHow = "data port " + data + " (configured)";
        }
        String desc = owner.map(d -> ModemCatalog.maker(d.vendorId()) + " " + d.describe() + ": ")
                        .orElse("") + "control " + control + " (configured)" + byIdNote(control) + ", " + dataHow;
        if (owner.isEmpty()) {
            notes.add(control + " is not a USB tty in " + tree.sysfsRoot()
                    + " (a pseudo-terminal or another serial port)");
        }
        return new Found(
                new DiscoveredModem(
                        owner.map(UsbDevice::vendorId).orElse(""),
                        owner.map(UsbDevice::productId).orElse(""),
                        owner.map(UsbDevice::busPort).orElse(""),
                        control,
                        data,
                        desc),
                notes);
    }

    /** The interface number in a {@code /dev/serial/by-id/...-ifNN-portM} name; pure. */
    public static OptionalInt byIdInterface(String name) {
        Matcher m = BY_ID_INTERFACE.matcher(name);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1), 16)) : OptionalInt.empty();
    }

    private static String byIdNote(Path p) {
        OptionalInt n = byIdInterface(p.getFileName().toString());
        return n.isPresent() ? " [by-id, interface " + PortSelector.two(n.getAsInt()) + "]" : "";
    }

    /**
     * The USB device whose interface holds the tty this path leads to. Follows symlinks one hop at a time
     * (by-id -> ../../ttyUSB2, and a simulator's ttyUSB2 -> /dev/pts/7) and matches any name on the way.
     */
    private static Optional<UsbDevice> ownerOf(Path path, List<UsbDevice> devices) {
        List<String> names = new ArrayList<>();
        Path p = path;
        for (int hop = 0; hop < 8 && p != null; hop++) {
            names.add(p.getFileName().toString());
            if (!Files.isSymbolicLink(p)) {
                break;
            }
            try {
                Path target = Files.readSymbolicLink(p);
                p = target.isAbsolute() ? target : p.resolveSibling(target).normalize();
            } catch (IOException e) {
                break;
            }
        }
        return devices.stream()
                .filter(d -> d.ttys().stream().anyMatch(names::contains))
                .findFirst();
    }

    private static NotFound missing(String key, Path p) {
        return new NotFound(
                Reason.PORT_MISSING,
                key + " = " + p + " does not exist (modem unplugged or renumbered?"
                        + " use modem.port = auto or a /dev/serial/by-id/ name)");
    }
}
