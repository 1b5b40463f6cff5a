package dev.failberry.usbnet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the network interfaces under {@code <sysfs-root>/class/net}: each {@code device} link leads to
 * the USB interface directory ({@code .../1-1.3/1-1.3:1.0}), whose name gives the USB device and
 * interface number and whose {@code driver} link the driver. Re-read on every call (a dozen small
 * files, only at start and when the link's interface went away): names are never trusted across a
 * re-enumeration. An interface that vanishes mid-read is skipped.
 */
final class SysfsNet {
    private static final Pattern USB_INTERFACE = Pattern.compile("(\\d+-[\\d.]+):\\d+\\.(\\d+)");

    private SysfsNet() {}

    static List<NetDevice> read(Path sysfsRoot) {
        Path classNet = sysfsRoot.resolve("class/net");
        List<NetDevice> out = new ArrayList<>();
        if (!Files.isDirectory(classNet)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(classNet)) {
            for (Path p : ds) {
                readOne(p).ifPresent(out::add);
            }
        } catch (IOException e) {
            return out;
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    private static Optional<NetDevice> readOne(Path netLink) {
        String name = netLink.getFileName().toString();
        String mac = attr(netLink.resolve("address"));
        Path usbIf;
        try {
            usbIf = netLink.resolve("device").toRealPath();
        } catch (IOException e) {
            // lo, bridges, veth, ppp0: no device; or it vanished while we looked
            return Files.exists(netLink)
                    ? Optional.of(new NetDevice(name, Optional.empty(), -1, "", mac))
                    : Optional.empty();
        }
        Matcher m = USB_INTERFACE.matcher(usbIf.getFileName().toString());
        String driver = "";
        try {
            driver = Files.readSymbolicLink(usbIf.resolve("driver"))
                    .getFileName()
                    .toString();
        } catch (IOException | UnsupportedOperationException e) {
            // no driver bound
        }
        if (!m.matches()) {
            return Optional.of(new NetDevice(name, Optional.empty(), -1, driver, mac));
        }
        return Optional.of(new NetDevice(name, Optional.of(m.group(1)), Integer.parseInt(m.group(2)), driver, mac));
    }

    private static String attr(Path p) {
        try {
            byte[] b = Files.readAllBytes(p);
            return new String(b, 0, Math.min(b.length, 64), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
