package dev.failberry.modem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.failberry.modem.AtResult.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** AtPort behaviours that need a link misbehaving in ways a PTY cannot. */
class AtPortTest {

    /** A tty that hung up and now returns 0 bytes at once, forever (no -1). */
    static class EofForeverLink implements SerialLink {
        final AtomicInteger reads = new AtomicInteger();
        final List<String> closedBy = new CopyOnWriteArrayList<>();

        @Override
        public void open() {}

        @Override
        public int read(byte[] buf) throws IOException {
            reads.incrementAndGet();
            return 0;
        }

        @Override
        public void write(byte[] data) throws IOException {}

        @Override
        public void close() {
            closedBy.add(Thread.currentThread().getName());
        }

        @Override
        public String name() {
            return "eof-forever";
        }
    }

    @Test
    void immediateEofOverAndOverIsGoneNotASpin() throws Exception {
        EofForeverLink link = new EofForeverLink();
        AtPort port = new AtPort(link);
        List<String> gone = new CopyOnWriteArrayList<>();
        port.addGoneListener(gone::add);
        port.open();
        await().atMost(Duration.ofSeconds(2)).until(() -> !gone.isEmpty());
        int reads = link.reads.get();
        assertThat(reads).isLessThanOrEqualTo(25);
        assertThat(gone).containsExactly("reads return EOF at once (tty hung up)");
        assertThat(link.closedBy).first().asString().startsWith("at-reader");
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> true);
        assertThat(link.reads.get()).isEqualTo(reads);
        assertThat(port.send("AT", Duration.ofSeconds(1)).status()).isEqualTo(Status.GONE);
    }

    @Test
    void writeFailureGivesGoneNotAnException() throws Exception {
        SerialLink link = new EofForeverLink() {
            @Override
            public int read(byte[] buf) throws IOException {
                try {
                    Thread.sleep(100); // behaves like a read timeout
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 0;
            }

            @Override
            public void write(byte[] data) throws IOException {
                throw new IOException("EIO");
            }
        };
        try (AtPort port = new AtPort(link)) {
            port.open();
            AtResult r = port.send("AT+CSQ", Duration.ofSeconds(1));
            assertThat(r.status()).isEqualTo(Status.GONE);
        }
    }

    @Test
    void sendOnAClosedPortIsGone() {
        AtPort port = new AtPort(new EofForeverLink());
        assertThat(port.send("AT", Duration.ofMillis(100)).status()).isEqualTo(Status.GONE);
        assertThat(port.isOpen()).isFalse();
    }
}
