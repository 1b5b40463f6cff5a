package dev.failberry.modem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failberry.host.LockHeldException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AT port holds the device's UUCP lock exactly while it is open. */
class UucpLockedLinkTest {
    @TempDir
    Path dir;

    /** Counts opens and closes; reads nothing. */
    static final class CountingLink implements SerialLink {
        int opens;
        int closes;
        boolean failOpen;

        @Override
        public void open() throws IOException {
            if (failOpen) {
                throw new IOException("cannot open (errno 2)");
            }
            opens++;
        }

        @Override
        public int read(byte[] buf) {
            return 0;
        }

        @Override
        public void write(byte[] data) {}

        @Override
        public void close() {
            closes++;
        }

        @Override
        public String name() {
            return "/dev/ttyUSB6";
        }
    }

    @Test
    void locksWhileOpenAndRefusesWithoutOpeningWhenAnotherProcessHoldsIt() throws IOException {
        Path lock = dir.resolve("LCK..ttyUSB6");
        var inner = new CountingLink();
        var link = new UucpLockedLink(inner, dir);
        link.open();
        assertThat(Files.readString(lock))
                .isEqualTo(String.format("%10d\n", ProcessHandle.current().pid()));
        link.close();
        assertThat(lock).doesNotExist();

        long other = ProcessHandle.current().parent().orElseThrow().pid();
        Files.writeString(lock, String.format("%10d\n", other));
        var refused = new CountingLink();
        assertThatThrownBy(() -> new UucpLockedLink(refused, dir).open())
                .isInstanceOf(LockHeldException.class)
                .hasMessageStartingWith("/dev/ttyUSB6 is locked by pid " + other);
        assertThat(refused.opens).isZero();
        Files.delete(lock);

        var failing = new CountingLink();
        failing.failOpen = true;
        assertThatThrownBy(() -> new UucpLockedLink(failing, dir).open()).hasMessage("cannot open (errno 2)");
        assertThat(lock).as("no lock left by a failed open").doesNotExist();
    }
}
