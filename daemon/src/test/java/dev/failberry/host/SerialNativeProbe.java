package dev.failberry.host;

import dev.failberry.modem.JSerialCommLink;
import dev.failberry.modem.SerialSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link SerialNativeTest}: opens a serial port the way every command does (which
 * loads jSerialComm's native library first), then prints {@code open: <error>} and every mapping of the
 * library from {@code /proc/self/maps} as {@code mapped: <path>}: where the code that ran came from.
 */
public final class SerialNativeProbe {
    private SerialNativeProbe() {}

    public static void main(String[] args) throws IOException {
        try {
            new JSerialCommLink(SerialSettings.of(args[0])).open();
            System.out.println("open: ok");
        } catch (IOException e) {
            System.out.println("open: " + e.getMessage());
        }
        System.out.println("tmpdir: " + System.getProperty("java.io.tmpdir"));
        System.out.println("home: " + System.getProperty("user.home"));
        Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(l -> l.contains("libjSerialComm"))
                .map(l -> l.substring(l.indexOf('/')))
                .distinct()
                .forEach(l -> System.out.println("mapped: " + l));
    }
}
