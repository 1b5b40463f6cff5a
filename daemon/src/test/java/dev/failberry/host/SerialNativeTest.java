package dev.failberry.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.modem.JSerialCommLink;
import dev.failberry.proc.ThisJvm;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jSerialComm's native library is loaded only from a private directory, whatever another user planted
 * where jSerialComm itself would look (issue 21 item 2: a library planted in /tmp by {@code nobody} ran
 * as root in {@code failberry modem at}). Each case runs in a child JVM, because a JVM loads the
 * library once; the child reports from /proc/self/maps which file was mapped.
 */
class SerialNativeTest {
    @TempDir
    Path dir;

    @Test
    void aLibraryPlantedInTmpdirOrHomeIsNeverLoaded() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(tmp, "unix:mode", 01777); // like /tmp: world-writable, sticky
        Path home = Files.createDirectory(dir.resolve("home"));
        Path plantedTmp = plant(tmp.resolve("jSerialComm/failberry/2.11.4/libjSerialComm.so"));
        Path plantedHome = plant(home.resolve(".jSerialComm/failberry/2.11.4/libjSerialComm.so"));

        List<String> out = probe(tmp, home);

        assertThat(out)
                .anyMatch(l -> l.startsWith("open: cannot resolve /dev/failberry-no-such-port"))
                .contains("tmpdir: " + tmp, "home: " + home); // restored after loading
        List<String> mapped = out.stream().filter(l -> l.startsWith("mapped: ")).toList();
        assertThat(mapped)
                .as("the library that ran")
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m)
                        .startsWith("mapped: " + tmp + "/failberry-native-")
                        .endsWith("(deleted)"))
                .noneMatch(m -> m.contains(plantedTmp.toString()) || m.contains(plantedHome.toString()));
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("the private directory is removed")
                    .noneMatch(n -> n.startsWith("failberry-native-"));
        }
    }

    @Test
    void aTmpdirThatOthersCanWriteWithoutTheStickyBitIsRefused() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path home = Files.createDirectory(dir.resolve("home"));

        List<String> out = probe(tmp, home);

        assertThat(out)
                .contains("open: refusing to load the serial port library: " + tmp.toRealPath()
                        + " is writable by group and others without the sticky bit (mode 0777) (java.io.tmpdir)");
        assertThat(out).noneMatch(l -> l.startsWith("mapped: "));
    }

    @Test
    void aRelativeOrWritableLibraryPathEntryIsRefused() throws Exception {
        Path writable = Files.createDirectory(dir.resolve("lib"));
        Files.setAttribute(writable, "unix:mode", 01777);
        assertThat(withLibraryPath(writable.toString())).hasValueSatisfying(s -> assertThat(s)
                .isEqualTo(writable + " is writable by other users (java.library.path)"));
        assertThat(withLibraryPath("/usr/lib:"))
                .hasValue("java.library.path has the relative entry \"\" (the current directory)");
        assertThat(withLibraryPath("/usr/lib" + java.io.File.pathSeparator + dir.resolve("absent")))
                .isEmpty();
    }

    /**
     * Every production class that touches jSerialComm also calls SerialNative (jSerialComm's first use
     * loads the library: through any other door it would load from where jSerialComm looks itself).
     */
    @Test
    void everyUserOfJSerialCommGoesThroughSerialNative() throws IOException, URISyntaxException {
        Path classes = Path.of(JSerialCommLink.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        byte[] jSerialComm = "com/fazecast/jSerialComm".getBytes(StandardCharsets.US_ASCII);
        byte[] serialNative = "dev/failberry/host/SerialNative".getBytes(StandardCharsets.US_ASCII);
        List<String> users = new ArrayList<>();
        List<String> bypassing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                if (indexOf(bytes, jSerialComm) >= 0) {
                    users.add(classes.relativize(f).toString());
                    if (indexOf(bytes, serialNative) < 0) {
                        bypassing.add(classes.relativize(f).toString());
                    }
                }
            }
        }
        assertThat(users).contains("dev/failberry/modem/JSerialCommLink.class");
        assertThat(bypassing).isEmpty();
    }

    private static java.util.Optional<String> withLibraryPath(String value) {
        String old = System.getProperty("java.library.path");
        try {
            System.setProperty("java.library.path", value);
            return SerialNative.untrustedLibraryPath();
        } finally {
            System.setProperty("java.library.path", old);
        }
    }

    private List<String> probe(Path tmp, Path home) throws Exception {
        Process p = new ProcessBuilder(
                        ThisJvm.javaBinary(),
                        "-Xmx64m",
                        "-XX:TieredStopAtLevel=1",
                        "-Djava.io.tmpdir=" + tmp,
                        "-Duser.home=" + home,
                        "-Dfazecast.jSerialComm.appid=failberry",
                        "-cp",
                        ThisJvm.absoluteClassPath(),
                        SerialNativeProbe.class.getName(),
                        "/dev/failberry-no-such-port")
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return text.lines().toList();
    }

    /** Copies this machine's real jSerialComm library to {@code target}: loadable, so it would be loaded. */
    private static Path plant(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (InputStream in = SerialNativeTest.class.getResourceAsStream("/Linux/" + arch() + "/libjSerialComm.so")) {
            assertThat(in).as("jSerialComm has a library for " + arch()).isNotNull();
            Files.copy(in, target);
        }
        Files.setAttribute(target, "unix:mode", 0777);
        return target;
    }

    private static String arch() {
        String a = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "armv8_64";
            case "arm" -> "armv7hf";
            case "ppc64le" -> "ppc64le";
            default -> "x86";
        };
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
