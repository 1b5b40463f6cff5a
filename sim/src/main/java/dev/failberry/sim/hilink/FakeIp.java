package dev.failberry.sim.hilink;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for iproute2's {@code ip}, for {@code failberry demo --link ethernet}: the Pi's view of a
 * router stick's network interface without root and without a stick. It answers exactly the invocations
 * the daemon makes for an Ethernet-type link ({@code dev.failberry.usbnet}: the interface watch, the
 * gateway lookup, the DHCP renew), in iproute2's own one-line format (the format of the iproute2 6.1
 * capture {@code IpMonitorParser} is tested with):
 * <ul>
 * <li>{@code ip -o link show}, {@code ip -o addr show}: the current interfaces and addresses;</li>
 * <li>{@code ip -o monitor link address}: every change from now on, as the kernel's netlink events would
 *     be printed, until killed;</li>
 * <li>{@code ip -4 -o route show default dev IF}: nothing (the stick's DHCP lease installs no default route,
 *     as the README advises);</li>
 * <li>{@code ip link set dev IF down|up}: the request is handed to the simulated world (which takes the
 *     interface down, drops its lease, and brings both back), or "Cannot find device" with status 1.</li>
 * </ul>
 * Anything else is refused with status 2 and a line saying it is not simulated.
 *
 * <p>The simulated world ({@link Control}, in another process) owns the state, in one directory:
 * {@code links} and {@code addrs} (the snapshot, replaced atomically), {@code events} (the monitor's lines,
 * appended) and {@code requests} (appended here, one {@code IF down|up} line each).
 */
public final class FakeIp {
    private static final String DIR_PROPERTY = "fake-ip.dir";

    private FakeIp() {}

    /** The world's side: writes the state the stand-in prints, and where its requests arrive. */
    public static final class Control {
        private final Path dir;
        private final Path launcher;

        private Control(Path dir, Path launcher) {
            this.dir = dir;
            this.launcher = launcher;
        }

        /** The {@code ip} executable to configure as {@code routing.ip}. */
        public Path executable() {
            return launcher;
        }

        /** Where {@code ip link set} requests arrive, one {@code IF down|up} line each. */
        public Path requests() {
            return dir.resolve("requests");
        }

        /** Replaces the snapshot and then appends the monitor's lines for the change, in that order. */
        public synchronized void change(List<String> links, List<String> addrs, List<String> events)
                throws IOException {
            replace(dir.resolve("links"), links);
            replace(dir.resolve("addrs"), addrs);
            StringBuilder sb = new StringBuilder();
            events.forEach(e -> sb.append(e).append('\n'));
            Files.writeString(
                    dir.resolve("events"),
                    sb,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }

        private static void replace(Path file, List<String> lines) throws IOException {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Lays out the state directory {@code dir} (empty snapshot) and writes {@code launcher}: a
     * {@code #!/bin/sh} script that runs this class with the running JVM's java and class path.
     */
    public static Control install(Path dir, Path launcher) throws IOException {
        Files.createDirectories(dir);
        Files.createDirectories(launcher.getParent());
        Control c = new Control(dir, launcher);
        c.change(List.of(), List.of(), List.of());
        Files.writeString(c.requests(), "");
        String script = "#!/bin/sh\nexec " + quote(dev.failberry.sim.Launchers.javaBinary())
                + " -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss256k -Xmx16m "
                + quote("-D" + DIR_PROPERTY + "=" + dir.toAbsolutePath()) + " -cp "
                + quote(dev.failberry.sim.Launchers.absoluteClassPath()) + " " + FakeIp.class.getName() + " \"$@\"\n";
        Files.writeString(launcher, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return c;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args), Path.of(System.getProperty(DIR_PROPERTY)), System.out, System.err));
    }

    static int run(List<String> args, Path dir, PrintStream out, PrintStream err) throws IOException {
        List<String> a = new ArrayList<>(args);
        a.removeIf(x -> x.equals("-o") || x.equals("-4"));
        if (a.equals(List.of("link", "show"))) {
            out.print(Files.readString(dir.resolve("links")));
            return 0;
        }
        if (a.equals(List.of("addr", "show"))) {
            out.print(Files.readString(dir.resolve("addrs")));
            return 0;
        }
        if (a.equals(List.of("monitor", "link", "address"))) {
            follow(dir, out);
            return 0;
        }
        if (a.size() == 5 && a.subList(0, 4).equals(List.of("route", "show", "default", "dev"))) {
            return 0;
        }
        if (a.size() == 5
                && a.subList(0, 3).equals(List.of("link", "set", "dev"))
                && (a.get(4).equals("down") || a.get(4).equals("up"))) {
            String iface = a.get(3);
            boolean known = Files.readAllLines(dir.resolve("links")).stream()
                    .anyMatch(l -> l.matches("\\d+: " + java.util.regex.Pattern.quote(iface) + "[:@].*"));
            if (!known) {
                err.println("Cannot find device \"" + iface + "\"");
                return 1;
            }
            Files.writeString(
                    dir.resolve("requests"),
                    iface + " " + a.get(4) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            return 0;
        }
        err.println("fake ip: not simulated: ip " + String.join(" ", args));
        return 2;
    }

    /** Prints the lines appended to {@code events} from now on, until stdout is gone or the parent dies. */
    private static void follow(Path dir, PrintStream out) throws IOException {
        Path events = dir.resolve("events");
        try (WatchService watch = dir.getFileSystem().newWatchService();
                RandomAccessFile in = new RandomAccessFile(events.toFile(), "r")) {
            dir.register(watch, StandardWatchEventKinds.ENTRY_MODIFY);
            long offset = in.length();
            StringBuilder partial = new StringBuilder();
            var parent = ProcessHandle.current().parent();
            while (!out.checkError() && parent.map(ProcessHandle::isAlive).orElse(false)) {
                var key = watch.poll(1, TimeUnit.SECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
                long length = in.length();
                if (length <= offset) {
                    continue;
                }
                byte[] b = new byte[(int) (length - offset)];
                in.seek(offset);
                in.readFully(b);
                offset = length;
                partial.append(new String(b, StandardCharsets.UTF_8));
                int nl;
                while ((nl = partial.indexOf("\n")) >= 0) {
                    out.println(partial.substring(0, nl));
                    partial.delete(0, nl + 1);
                }
                out.flush();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }
}
