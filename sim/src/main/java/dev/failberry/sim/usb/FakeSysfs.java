package dev.failberry.sim.usb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds and changes a fake sysfs + /dev tree laid out like the kernel's, for tests and the demo: device
 * and interface directories under {@code devices/platform/soc/usb1/...}, the {@code bus/usb/devices}
 * symlinks, {@code ttyUSBn} children of interfaces, {@code class/tty/ttyUSBn/device} links, and in the
 * dev root the {@code ttyUSBn} nodes (plain files, or symlinks to a simulator's pseudo-terminal) and
 * {@code serial/by-id/usb-...-ifNN-port0} links.
 *
 * <p>It can make a device vanish ({@link #remove}), re-enumerate with a new devnum and new ttyUSB numbers
 * (as the kernel does when the old ttys are still held open: {@link #reenumerate}), switch between
 * storage (CD-ROM) mode and modem mode, and react to {@code authorized} writes like the kernel
 * ({@link #setAuthorized}). It works only on the file tree, so another process (the fake uhubctl) can
 * change the same tree. Not thread-safe; one writer at a time.
 */
public final class FakeSysfs {
    private static final String BUS_DIR = "devices/platform/soc/3f980000.usb/usb1";

    /** An interface to create: class triple as hex, bound driver, and whether the driver creates a tty. */
    public record Iface(int number, String cls, String subClass, String protocol, String driver, boolean tty) {
        public static Iface serial(int number, String cls, String sub, String proto) {
            return new Iface(number, cls, sub, proto, "option", true);
        }

        public static Iface storage(int number) {
            return new Iface(number, "08", "06", "50", "usb-storage", false);
        }

        public static Iface other(int number, String cls, String sub, String proto, String driver) {
            return new Iface(number, cls, sub, proto, driver, false);
        }
    }

    /** A device to create. */
    public record Device(
            String busPort,
            String vendorId,
            String productId,
            String manufacturer,
            String product,
            String serial,
            List<Iface> interfaces) {
        public Device withBusPort(String newBusPort) {
            return new Device(newBusPort, vendorId, productId, manufacturer, product, serial, interfaces);
        }

        public Device withIds(String vid, String pid, List<Iface> ifaces) {
            return new Device(busPort, vid, pid, manufacturer, product, serial, ifaces);
        }
    }

    private final Path sysRoot;
    private final Path devRoot;

    public FakeSysfs(Path sysRoot, Path devRoot) {
        this.sysRoot = sysRoot;
        this.devRoot = devRoot;
        try {
            Files.createDirectories(sysRoot.resolve("bus/usb/devices"));
            Files.createDirectories(sysRoot.resolve("class/tty"));
            Files.createDirectories(sysRoot.resolve("bus/usb/drivers"));
            Files.createDirectories(devRoot.resolve("serial/by-id"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path sysRoot() {
        return sysRoot;
    }

    public Path devRoot() {
        return devRoot;
    }

    // ---- presets (interface layouts after ModemManager's udev rules and the research notes) ----

    /** Huawei stick firmware with class/subclass/protocol port types: if0 modem (ff/02/01), if2 PCUI (ff/02/02). */
    public static Device huaweiE3131(String busPort) {
        return new Device(
                busPort,
                "12d1",
                "1506",
                "HUAWEI_MOBILE",
                "HUAWEI_MOBILE",
                "",
                List.of(
                        Iface.serial(0, "ff", "02", "01"), Iface.serial(1, "ff", "02", "12"),
                        Iface.serial(2, "ff", "02", "02"), Iface.storage(3)));
    }

    /** Older Huawei (E173 style) with all-ff interfaces: ttyUSB0 modem, ttyUSB1 diag, ttyUSB2 PCUI. */
    public static Device huaweiE173(String busPort) {
        return new Device(
                busPort,
                "12d1",
                "1436",
                "HUAWEI",
                "HUAWEI Mobile",
                "",
                List.of(
                        Iface.serial(0, "ff", "ff", "ff"), Iface.serial(1, "ff", "ff", "ff"),
                        Iface.serial(2, "ff", "ff", "ff"), Iface.storage(3)));
    }

    /** ZTE MF190 modem mode (19d2:0117): if00 diag, if01 secondary AT, if02 primary AT, if03 storage. */
    public static Device zte0117(String busPort) {
        return new Device(
                busPort,
                "19d2",
                "0117",
                "ZTE,Incorporated",
                "ZTE WCDMA Technologies MSM",
                "MF1900ZTED010000",
                List.of(
                        Iface.serial(0, "ff", "ff", "ff"),
                        Iface.serial(1, "ff", "ff", "ff"),
                        Iface.serial(2, "ff", "ff", "ff"),
                        Iface.storage(3)));
    }

    /** ZTE 19d2:0124: if04 primary AT, if01 secondary AT. */
    public static Device zte0124(String busPort) {
        return new Device(
                busPort,
                "19d2",
                "0124",
                "ZTE,Incorporated",
                "ZTE WCDMA Technologies MSM",
                "P685M510ZTED010000",
                List.of(
                        Iface.serial(0, "ff", "ff", "ff"),
                        Iface.serial(1, "ff", "ff", "ff"),
                        Iface.serial(2, "ff", "ff", "ff"),
                        Iface.storage(3),
                        Iface.serial(4, "ff", "ff", "ff")));
    }

    /** Quectel EC25 (2c7c:0125): if0 QCDM, if1 NMEA, if2 AT, if3 AT/PPP, if4 QMI network (no tty). */
    public static Device quectelEc25(String busPort) {
        return new Device(
                busPort,
                "2c7c",
                "0125",
                "Quectel",
                "EC25-E",
                "",
                List.of(
                        Iface.serial(0, "ff", "ff", "ff"),
                        Iface.serial(1, "ff", "00", "00"),
                        Iface.serial(2, "ff", "00", "00"),
                        Iface.serial(3, "ff", "00", "00"),
                        Iface.other(4, "ff", "ff", "ff", "qmi_wwan")));
    }

    /** A modem in CD-ROM ("ZeroCD") mode: one mass-storage interface, no tty. */
    public static Device storageMode(String busPort, String vid, String pid) {
        return new Device(busPort, vid, pid, "Mass", "Storage", "", List.of(Iface.storage(0)));
    }

    /**
     * Huawei E3372 in HiLink mode (12d1:14dc, 14db on the E3372h-320): a CDC Ethernet function, if0
     * 02/06/00 and if1 0a/06/00, both bound to cdc_ether (lsusb of a 12d1:14db stick in
     * 4IceG/luci-app-3ginfo-lite issue #62; ids from trackIT-Systems/modemmanager-e3372 docs). Add its
     * network interface with {@link #addNetInterface}.
     */
    public static Device huaweiE3372HiLink(String busPort, String productId) {
        return new Device(
                busPort,
                "12d1",
                productId,
                "HUAWEI_MOBILE",
                "HUAWEI_MOBILE",
                "",
                List.of(Iface.other(0, "02", "06", "00", "cdc_ether"), Iface.other(1, "0a", "06", "00", "cdc_ether")));
    }

    /**
     * The 2024+ "E3372-325" (ZOWEE/Brovi, 3566:2001 in every mode) in HiLink mode: RNDIS, if0 class e0
     * (e0/01/03 is RNDIS) and if1 0a, bound to rndis_host (trackIT-Systems/modemmanager-e3372
     * docs/E3372-325.md: "interface 0 class e0 = HiLink (RNDIS)"). In CD-ROM mode the same id has only
     * mass storage: {@code storageMode(busPort, "3566", "2001")}.
     */
    public static Device e3372_325HiLink(String busPort) {
        return new Device(
                busPort,
                "3566",
                "2001",
                "ZOWEE TECHNOLOGY (HEYUAN) CO., LTD.",
                "E3372-325",
                "",
                List.of(
                        Iface.other(0, "e0", "01", "03", "rndis_host"),
                        Iface.other(1, "0a", "00", "00", "rndis_host")));
    }

    /** The Ethernet chip of a Pi B+/2B/3B (LAN9514's 0424:ec00, smsc95xx): eth0 is on USB too. */
    public static Device piEthernet(String busPort) {
        return new Device(busPort, "0424", "ec00", "", "", "", List.of(Iface.other(0, "ff", "00", "ff", "smsc95xx")));
    }

    /** A USB 2.0 hub (Pi B+/2B/3B LAN9514 style) with per-port {@code disable} files. */
    public static Device hub(String busPort) {
        return new Device(busPort, "0424", "9514", "", "", "", List.of(Iface.other(0, "09", "00", "02", "hub")));
    }

    // ---- changes ----

    /** Adds {@code d}; ttys get the lowest free ttyUSB numbers. Returns interface number -> tty name. */
    public Map<Integer, String> add(Device d) {
        return add(d, Set.of(), nextDevnum());
    }

    /** Adds {@code d} with a new devnum while the given ttyUSB numbers are still held open by someone. */
    public Map<Integer, String> addHolding(Device d, Set<Long> busyNumbers) {
        return add(d, busyNumbers, nextDevnum());
    }

    /** Adds {@code d} with a devnum, skipping busy tty numbers; returns interface number -> tty name. */
    private Map<Integer, String> add(Device d, Set<Long> busyNumbers, int devnum) {
        try {
            Path dir = deviceDir(d.busPort());
            Files.createDirectories(dir);
            write(dir.resolve("idVendor"), d.vendorId());
            write(dir.resolve("idProduct"), d.productId());
            if (!d.manufacturer().isEmpty()) {
                write(dir.resolve("manufacturer"), d.manufacturer());
            }
            if (!d.product().isEmpty()) {
                write(dir.resolve("product"), d.product());
            }
            if (!d.serial().isEmpty()) {
                write(dir.resolve("serial"), d.serial());
            }
            write(dir.resolve("devnum"), Integer.toString(devnum));
            write(dir.resolve("authorized"), "1");
            write(dir.resolve("bNumInterfaces"), Integer.toString(d.interfaces().size()));
            symlink(busDevices().resolve(d.busPort()), dir);
            if (d.interfaces().stream().anyMatch(i -> "09".equals(i.cls()))) {
                addHubPorts(d.busPort());
            }
            return addInterfaces(d, busyNumbers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<Integer, String> addInterfaces(Device d, Set<Long> busyNumbers) throws IOException {
        Map<Integer, String> ttys = new LinkedHashMap<>();
        Set<Long> busy = new HashSet<>(busyNumbers);
        Path dir = deviceDir(d.busPort());
        for (Iface i : d.interfaces()) {
            String ifName = d.busPort() + ":1." + i.number();
            Path ifDir = dir.resolve(ifName);
            Files.createDirectories(ifDir);
            write(ifDir.resolve("bInterfaceNumber"), String.format("%02x", i.number()));
            write(ifDir.resolve("bInterfaceClass"), i.cls());
            write(ifDir.resolve("bInterfaceSubClass"), i.subClass());
            write(ifDir.resolve("bInterfaceProtocol"), i.protocol());
            Path driverDir = sysRoot.resolve("bus/usb/drivers").resolve(i.driver());
            Files.createDirectories(driverDir);
            symlink(ifDir.resolve("driver"), driverDir);
            symlink(busDevices().resolve(ifName), ifDir);
            if (i.tty()) {
                long n = lowestFree(busy);
                busy.add(n);
                String tty = "ttyUSB" + n;
                Path port = ifDir.resolve(tty);
                Files.createDirectories(port.resolve("tty").resolve(tty));
                Path cls = sysRoot.resolve("class/tty").resolve(tty);
                Files.createDirectories(cls);
                write(cls.resolve("dev"), "188:" + n);
                symlink(cls.resolve("device"), port);
                Path node = devRoot.resolve(tty);
                if (!Files.exists(node, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.writeString(node, "");
                }
                String byId = "usb-" + clean(d.manufacturer()) + "_" + clean(d.product())
                        + (d.serial().isEmpty() ? "" : "_" + clean(d.serial()))
                        + String.format("-if%02d-port0", i.number());
                Path link = devRoot.resolve("serial/by-id").resolve(byId);
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, Path.of("../../" + tty));
                ttys.put(i.number(), tty);
            }
        }
        return ttys;
    }

    private void addHubPorts(String busPort) throws IOException {
        Path ifDir = deviceDir(busPort).resolve(busPort + ":1.0");
        for (int p = 1; p <= 5; p++) {
            Path port = ifDir.resolve(busPort + "-port" + p);
            Files.createDirectories(port);
            write(port.resolve("disable"), "0");
        }
    }

    /** Removes a device as an unplug or power cut does: its directories, links, ttys and dev nodes. */
    public void remove(String busPort) {
        try {
            Path dir = deviceDir(busPort);
            for (String tty : ttysOf(busPort)) {
                deleteTree(sysRoot.resolve("class/tty").resolve(tty));
                Files.deleteIfExists(devRoot.resolve(tty));
                removeByIdLinksTo(tty);
            }
            for (Path link : listDir(busDevices())) {
                String n = link.getFileName().toString();
                if (n.equals(busPort) || n.startsWith(busPort + ":")) {
                    Files.deleteIfExists(link);
                }
            }
            deleteTree(dir);
            removeDanglingNetLinks();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The device goes away and comes back (possibly as {@code next}, e.g. another product id): new devnum,
     * and new ttyUSB numbers above the old ones when {@code oldTtysHeldOpen} (a process kept the old
     * nodes open, as the daemon or pppd does when the modem crashes). Returns interface -> new tty.
     */
    public Map<Integer, String> reenumerate(String busPort, Device next, boolean oldTtysHeldOpen) {
        Set<Long> busy = new HashSet<>();
        if (oldTtysHeldOpen) {
            for (String tty : ttysOf(busPort)) {
                busy.add(Long.parseLong(tty.substring("ttyUSB".length())));
            }
        }
        int devnum = nextDevnum();
        remove(busPort);
        return add(next.withBusPort(busPort), busy, devnum);
    }

    /** What the kernel does on a write to {@code authorized}: 0 drops the interfaces, 1 configures them again. */
    public void setAuthorized(String busPort, Device d, boolean authorized) {
        try {
            Path dir = deviceDir(busPort);
            write(dir.resolve("authorized"), authorized ? "1" : "0");
            if (!authorized) {
                for (String tty : ttysOf(busPort)) {
                    deleteTree(sysRoot.resolve("class/tty").resolve(tty));
                    Files.deleteIfExists(devRoot.resolve(tty));
                    removeByIdLinksTo(tty);
                }
                for (Path p : listDir(dir)) {
                    if (p.getFileName().toString().startsWith(busPort + ":")) {
                        Files.deleteIfExists(
                                busDevices().resolve(p.getFileName().toString()));
                        deleteTree(p);
                    }
                }
                removeDanglingNetLinks();
            } else {
                addInterfaces(d.withBusPort(busPort), Set.of());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a device back from the tree (ids, strings, interfaces) so it can be re-added later, e.g. by
     * another process; empty when absent. Interfaces with a tty are recorded as tty interfaces.
     */
    public java.util.Optional<Device> snapshot(String busPort) {
        Path dir = deviceDir(busPort);
        if (!Files.isDirectory(dir)) {
            return java.util.Optional.empty();
        }
        List<Iface> ifaces = new ArrayList<>();
        for (Path ifDir : listDir(dir)) {
            String n = ifDir.getFileName().toString();
            if (!n.startsWith(busPort + ":")) {
                continue;
            }
            boolean tty = listDir(ifDir).stream()
                    .anyMatch(c -> c.getFileName().toString().startsWith("ttyUSB"));
            String driver;
            try {
                driver = Files.readSymbolicLink(ifDir.resolve("driver"))
                        .getFileName()
                        .toString();
            } catch (IOException e) {
                driver = "none";
            }
            ifaces.add(new Iface(
                    Integer.parseInt(read(ifDir, "bInterfaceNumber"), 16),
                    read(ifDir, "bInterfaceClass"),
                    read(ifDir, "bInterfaceSubClass"),
                    read(ifDir, "bInterfaceProtocol"),
                    driver,
                    tty));
        }
        ifaces.sort(Comparator.comparingInt(Iface::number));
        return java.util.Optional.of(new Device(
                busPort,
                read(dir, "idVendor"),
                read(dir, "idProduct"),
                read(dir, "manufacturer"),
                read(dir, "product"),
                read(dir, "serial"),
                ifaces));
    }

    /** Encodes a device as properties text (for the fake uhubctl's stash between its off and on calls). */
    public static String encode(Device d) {
        StringBuilder sb = new StringBuilder();
        sb.append("busPort=")
                .append(d.busPort())
                .append('\n')
                .append("vendorId=")
                .append(d.vendorId())
                .append('\n')
                .append("productId=")
                .append(d.productId())
                .append('\n')
                .append("manufacturer=")
                .append(d.manufacturer())
                .append('\n')
                .append("product=")
                .append(d.product())
                .append('\n')
                .append("serial=")
                .append(d.serial())
                .append('\n');
        for (Iface i : d.interfaces()) {
            sb.append("if.")
                    .append(i.number())
                    .append('=')
                    .append(String.join(
                            ",", i.cls(), i.subClass(), i.protocol(), i.driver(), Boolean.toString(i.tty())))
                    .append('\n');
        }
        return sb.toString();
    }

    public static Device decode(String text) {
        java.util.Properties p = new java.util.Properties();
        try {
            p.load(new java.io.StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Iface> ifaces = new ArrayList<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("if.")) {
                String[] v = p.getProperty(k).split(",", -1);
                ifaces.add(new Iface(
                        Integer.parseInt(k.substring(3)), v[0], v[1], v[2], v[3], Boolean.parseBoolean(v[4])));
            }
        }
        ifaces.sort(Comparator.comparingInt(Iface::number));
        return new Device(
                p.getProperty("busPort"),
                p.getProperty("vendorId"),
                p.getProperty("productId"),
                p.getProperty("manufacturer", ""),
                p.getProperty("product", ""),
                p.getProperty("serial", ""),
                ifaces);
    }

    private static String read(Path dir, String attr) {
        try {
            return Files.readString(dir.resolve(attr)).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Gives interface {@code number} of the device at {@code busPort} a network interface as the usbnet
     * drivers do: {@code <interface dir>/net/<name>/} with {@code address} and {@code ifindex}, and
     * {@code class/net/<name>} linking to it (whose {@code device} link leads back to the USB interface).
     */
    public void addNetInterface(String busPort, int number, String name, String mac) {
        try {
            Path ifDir = deviceDir(busPort).resolve(busPort + ":1." + number);
            if (!Files.isDirectory(ifDir)) {
                throw new IllegalArgumentException("no interface " + number + " at " + busPort);
            }
            Path netDir = ifDir.resolve("net").resolve(name);
            Files.createDirectories(netDir);
            write(netDir.resolve("address"), mac);
            symlink(netDir.resolve("device"), ifDir);
            Path cls = sysRoot.resolve("class/net");
            Files.createDirectories(cls);
            symlink(cls.resolve(name), netDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops {@code class/net} links whose interface went away with its device. */
    private void removeDanglingNetLinks() throws IOException {
        for (Path link : listDir(sysRoot.resolve("class/net"))) {
            if (Files.isSymbolicLink(link) && !Files.exists(link)) {
                Files.delete(link);
            }
        }
    }

    /** Points the dev node of {@code tty} at {@code target} (e.g. a simulator's {@code /dev/pts/7}). */
    public void linkTty(String tty, Path target) {
        try {
            Path node = devRoot.resolve(tty);
            Files.deleteIfExists(node);
            Files.createSymbolicLink(node, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean exists(String busPort) {
        return Files.exists(busDevices().resolve(busPort));
    }

    /** The sysfs directory of a device (the real directory, not the bus symlink). */
    public Path deviceDir(String busPort) {
        Path p = sysRoot.resolve(BUS_DIR);
        String[] parts = busPort.split("-", 2);
        if (parts.length == 2) {
            StringBuilder chain = new StringBuilder(parts[0] + "-");
            String[] hops = parts[1].split("\\.");
            for (int i = 0; i < hops.length; i++) {
                chain.append(i == 0 ? "" : ".").append(hops[i]);
                p = p.resolve(chain.toString());
            }
        } else {
            p = p.resolve(busPort);
        }
        return p;
    }

    /** The ttyUSB names currently under a device's interfaces, in order. */
    public List<String> ttysOf(String busPort) {
        List<String> out = new ArrayList<>();
        for (Path ifDir : listDir(deviceDir(busPort))) {
            if (!ifDir.getFileName().toString().startsWith(busPort + ":")) {
                continue;
            }
            for (Path c : listDir(ifDir)) {
                if (c.getFileName().toString().startsWith("ttyUSB")) {
                    out.add(c.getFileName().toString());
                }
            }
        }
        out.sort(Comparator.comparingLong(t -> Long.parseLong(t.substring(6))));
        return out;
    }

    /** Like the kernel's per-bus counter: every enumeration gets a new devnum (kept in a file for other processes). */
    private int nextDevnum() {
        Path counter = sysRoot.resolve(".fake-devnum");
        int max = 1;
        try {
            if (Files.exists(counter)) {
                max = Integer.parseInt(Files.readString(counter).trim());
            }
        } catch (IOException | NumberFormatException e) {
            // start again from the devices present
        }
        for (Path link : listDir(busDevices())) {
            try {
                max = Math.max(
                        max,
                        Integer.parseInt(
                                Files.readString(link.resolve("devnum")).trim()));
            } catch (IOException | NumberFormatException e) {
                // interface link or no devnum
            }
        }
        try {
            Files.writeString(counter, Integer.toString(max + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return max + 1;
    }

    private long lowestFree(Set<Long> busy) {
        Set<Long> used = new HashSet<>(busy);
        for (Path p : listDir(sysRoot.resolve("class/tty"))) {
            String n = p.getFileName().toString();
            if (n.startsWith("ttyUSB")) {
                used.add(Long.parseLong(n.substring(6)));
            }
        }
        long n = 0;
        while (used.contains(n)) {
            n++;
        }
        return n;
    }

    private void removeByIdLinksTo(String tty) throws IOException {
        for (Path link : listDir(devRoot.resolve("serial/by-id"))) {
            if (Files.isSymbolicLink(link)
                    && Files.readSymbolicLink(link).getFileName().toString().equals(tty)) {
                Files.delete(link);
            }
        }
    }

    private Path busDevices() {
        return sysRoot.resolve("bus/usb/devices");
    }

    private static String clean(String s) {
        return s.replaceAll("[^A-Za-z0-9.,-]", "_");
    }

    private static void write(Path p, String value) throws IOException {
        Files.writeString(p, value + "\n", StandardCharsets.UTF_8);
    }

    private static void symlink(Path link, Path target) throws IOException {
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, link.getParent().relativize(target));
    }

    private static List<Path> listDir(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            for (Path c : listDir(p)) {
                deleteTree(c);
            }
        }
        Files.delete(p);
    }
}
