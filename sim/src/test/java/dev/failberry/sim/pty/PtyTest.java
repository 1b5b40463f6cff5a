package dev.failberry.sim.pty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.failberry.modem.JSerialCommLink;
import dev.failberry.modem.SerialSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PtyTest {

    @Test
    void bytesFlowBothWaysThroughJSerialCommWithoutLineDisciplineEcho() throws Exception {
        try (Pty pty = Pty.open()) {
            assertThat(pty.slavePath()).startsWith("/dev/pts/");
            JSerialCommLink link =
                    new JSerialCommLink(SerialSettings.of(pty.slavePath()).withReadTimeout(Duration.ofMillis(200)));
            link.open();
            try {
                link.write("AT\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] buf = new byte[64];
                int n = readAtLeast(pty, buf, 4);
                assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).isEqualTo("AT\r\n");
                pty.write("\r\nOK\r\n".getBytes(StandardCharsets.US_ASCII), 0, 6, 1000);
                StringBuilder got = new StringBuilder();
                await().atMost(Duration.ofSeconds(2)).until(() -> {
                    int k = link.read(buf);
                    if (k > 0) {
                        got.append(new String(buf, 0, k, StandardCharsets.US_ASCII));
                    }
                    return got.toString().equals("\r\nOK\r\n");
                });
                // raw mode: nothing echoed back to the master by the line discipline
                assertThat(pty.read(buf, 0, buf.length, 100)).isZero();
            } finally {
                link.close();
            }
        }
    }

    @Test
    void masterSurvivesTheClientClosingAndReopening() throws Exception {
        try (Pty pty = Pty.open()) {
            byte[] buf = new byte[8];
            for (int i = 0; i < 2; i++) {
                JSerialCommLink link = new JSerialCommLink(SerialSettings.of(pty.slavePath()));
                link.open();
                link.write(new byte[] {'x'});
                // read before closing: jSerialComm flushes the queues when it closes the port
                assertThat(readAtLeast(pty, buf, 1)).isEqualTo(1);
                link.close();
            }
            assertThat(pty.read(buf, 0, buf.length, 100)).isZero(); // no EIO: our slave fd is held
        }
    }

    @Test
    void closingThePtyMakesTheClientReadFailAndWakesABlockedReader() throws Exception {
        Pty pty = Pty.open();
        JSerialCommLink link =
                new JSerialCommLink(SerialSettings.of(pty.slavePath()).withReadTimeout(Duration.ofMillis(200)));
        link.open();
        AtomicInteger masterRead = new AtomicInteger(99);
        Thread blocked = new Thread(() -> {
            try {
                masterRead.set(pty.inputStream().read());
            } catch (Exception e) {
                masterRead.set(-2);
            }
        });
        blocked.start();
        pty.close();
        blocked.join(2000);
        assertThat(masterRead.get()).isEqualTo(-1);
        byte[] buf = new byte[8];
        long t0 = System.nanoTime();
        int n = link.read(buf);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("client read after master close: " + n + " in " + ms + " ms");
        int n2 = link.read(buf);
        System.out.println("second read: " + n2);
        assertThat(n).isLessThanOrEqualTo(0);
        link.close();
    }

    @Test
    @SuppressWarnings("try") // closed early on purpose, and again by the try
    void linkAsCreatesAndReplacesASymlinkAndCloseRemovesIt(@TempDir Path dir) throws Exception {
        Path link = dir.resolve("ttyUSB2");
        try (Pty a = Pty.open();
                Pty b = Pty.open()) {
            a.linkAs(link);
            assertThat(Files.readSymbolicLink(link)).isEqualTo(Paths.get(a.slavePath()));
            b.linkAs(link);
            assertThat(Files.readSymbolicLink(link)).isEqualTo(Paths.get(b.slavePath()));
            a.close();
            assertThat(Files.isSymbolicLink(link)).isTrue(); // a no longer owns it
            b.close();
            assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .isFalse();
        }
    }

    private static int readAtLeast(Pty pty, byte[] buf, int min) throws Exception {
        int total = 0;
        long end = System.nanoTime() + 2_000_000_000L;
        while (total < min && System.nanoTime() < end) {
            int n = pty.read(buf, total, buf.length - total, 200);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
