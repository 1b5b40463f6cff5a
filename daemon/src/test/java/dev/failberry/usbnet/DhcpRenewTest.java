package dev.failberry.usbnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.time.VirtualTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconnect of a stick without an API: its interface down, a scheduled pause, up again, through an
 * {@code ip} executable (here one that records its arguments); a name that is not an interface name
 * never reaches the command line.
 */
class DhcpRenewTest {
    @TempDir
    Path dir;

    private Path recordingIp() throws Exception {
        Path ip = dir.resolve("ip");
        Files.writeString(ip, "#!/bin/sh\necho \"$@\" >> \"" + dir.resolve("calls") + "\"\n");
        Files.setPosixFilePermissions(ip, PosixFilePermissions.fromString("rwxr-xr-x"));
        return ip;
    }

    private String calls() throws Exception {
        Path f = dir.resolve("calls");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    @Test
    void takesTheInterfaceDownAndAfterThePauseUpAgainThenReports() throws Exception {
        VirtualTime time = new VirtualTime();
        AtomicInteger done = new AtomicInteger();
        new DhcpRenew(recordingIp(), time).renew("usb0", done::incrementAndGet);
        time.runDue();
        assertThat(calls()).isEqualTo("link set dev usb0 down\n");
        assertThat(done).hasValue(0);
        time.advance(DhcpRenew.DOWN_FOR.minus(Duration.ofMillis(1)));
        assertThat(done).hasValue(0);
        time.advance(Duration.ofMillis(1));
        assertThat(calls()).isEqualTo("link set dev usb0 down\nlink set dev usb0 up\n");
        assertThat(done).hasValue(1);
    }

    @Test
    void aNameThatIsNotAnInterfaceNameIsRefusedAndStillReported() throws Exception {
        VirtualTime time = new VirtualTime();
        AtomicInteger done = new AtomicInteger();
        new DhcpRenew(recordingIp(), time).renew("usb0; reboot", done::incrementAndGet);
        time.advance(Duration.ofSeconds(5));
        assertThat(calls()).isEmpty();
        assertThat(done).hasValue(1);
    }
}
