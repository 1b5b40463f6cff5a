package dev.failberry.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.modem.AtPort;
import dev.failberry.modem.AtResult;
import dev.failberry.modem.AtResult.Status;
import dev.failberry.modem.SerialLink;
import dev.failberry.modem.UrcRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * {@link AtPort} over a serial link that misbehaves at random: replies mutated, late, split into random
 * chunks or missing, reads returning 0 or -1 or throwing, writes failing, over-long lines. Every
 * {@code send} returns a typed result within its timeout plus a small margin and never throws; once
 * the modem behaves again the port is back in step within two commands.
 */
@AddLifecycleHook(FuzzCampaign.class)
class AtPortFuzzTest {

    /**
     * Scheduling slack on a loaded 2-core machine (measured overshoot: at most ~10 ms); a send that
     * hangs misses it by seconds.
     */
    private static final long MARGIN_MS = 150;

    private static final int MAX_LINE = 256;

    /** How the fake modem answers one command. */
    enum Answer {
        PROPER,
        MUTATED,
        SILENT,
        LATE,
        HUGE_LINE,
        CME,
        URC_STORM
    }

    /** A modem at the far end of a flaky serial line; all randomness from one seeded Random. */
    static final class ChaosLink implements SerialLink {
        private final Random random;
        private final ArrayDeque<byte[]> pending = new ArrayDeque<>(); // guarded by this
        private long releaseAtNanos; // guarded by this
        volatile boolean chaos = true;
        volatile int openCount;

        ChaosLink(long seed) {
            this.random = new Random(seed);
        }

        @Override
        public void open() {
            openCount++;
        }

        @Override
        public int read(byte[] buf) throws IOException {
            int dice;
            synchronized (this) {
                dice = random.nextInt(1000);
            }
            if (chaos && dice < 3) {
                return -1; // device vanished
            }
            if (chaos && dice < 5) {
                throw new IOException("EIO");
            }
            synchronized (this) {
                if (!pending.isEmpty() && System.nanoTime() >= releaseAtNanos) {
                    byte[] head = pending.poll();
                    int n = Math.min(head.length, Math.min(buf.length, 1 + random.nextInt(chaos ? 64 : 1024)));
                    System.arraycopy(head, 0, buf, 0, n);
                    if (n < head.length) {
                        byte[] rest = new byte[head.length - n];
                        System.arraycopy(head, n, rest, 0, rest.length);
                        pending.addFirst(rest);
                    }
                    return n;
                }
            }
            pause(chaos ? 1 + dice % 15 : 10); // a read timeout without data
            return 0;
        }

        @Override
        public void write(byte[] data) throws IOException {
            String cmd = new String(data, StandardCharsets.US_ASCII).strip();
            synchronized (this) {
                if (!chaos) {
                    pending.add(bytes(cmd + "\r\r\n" + (cmd.equals("AT+CSQ") ? "+CSQ: 17,99\r\n\r\n" : "") + "OK\r\n"));
                    return;
                }
                if (random.nextInt(40) == 0) {
                    throw new IOException("write: EIO");
                }
                Answer a = Answer.values()[random.nextInt(Answer.values().length)];
                String echo = random.nextBoolean() ? cmd + "\r" : "";
                switch (a) {
                    case PROPER -> pending.add(bytes(echo + "\r\nOK\r\n"));
                    case MUTATED -> pending.add(mutate(bytes(echo + pick(AtCorpus.REPLIES))));
                    case SILENT -> {}
                    case LATE -> {
                        releaseAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(random.nextInt(400));
                        pending.add(bytes(echo + "\r\n+CSQ: 12,99\r\n\r\nOK\r\n"));
                    }
                    case HUGE_LINE ->
                        pending.add(bytes("\r\n" + "Z".repeat(MAX_LINE + random.nextInt(5000)) + "\r\nOK\r\n"));
                    case CME -> pending.add(bytes("\r\n+CME ERROR: " + random.nextInt(1000) + "\r\n"));
                    case URC_STORM ->
                        pending.add(bytes("\r\n^RSSI:9\r\n".repeat(1 + random.nextInt(50)) + "\r\nOK\r\n"));
                    default -> throw new IllegalStateException();
                }
            }
        }

        /** The modem settles: late and queued answers are gone, every command gets its proper reply. */
        synchronized void settle() {
            chaos = false;
            pending.clear();
            releaseAtNanos = 0;
        }

        private byte[] mutate(byte[] in) {
            byte[] out = in.clone();
            for (int k = random.nextInt(4); k > 0 && out.length > 0; k--) {
                out[random.nextInt(out.length)] = (byte) random.nextInt(256);
            }
            return out;
        }

        private String pick(List<String> l) {
            return l.get(random.nextInt(l.size()));
        }

        @Override
        public void close() {}

        @Override
        public String name() {
            return "chaos";
        }

        private static byte[] bytes(String s) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }

        private static void pause(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Provide
    Arbitrary<List<String>> commands() {
        return Arbitraries.of("AT", "AT+CSQ", "ATI", "AT+CREG?", "AT+COPS?", "AT+CPIN=1234", "ATD*99#")
                .list()
                .ofMinSize(1)
                .ofMaxSize(6);
    }

    @Property(tries = 20, seed = "8090")
    void sendAlwaysReturnsATypedResultInTimeAndRecovers(
            @ForAll("commands") List<String> commands,
            @ForAll @Size(min = 6, max = 6) List<@IntRange(min = 20, max = 150) Integer> timeoutsMs,
            @ForAll long linkSeed)
            throws IOException {
        ChaosLink link = new ChaosLink(linkSeed);
        List<String> urcs = new CopyOnWriteArrayList<>();
        try (AtPort port = new AtPort(link, UrcRegistry.standard(), MAX_LINE)) {
            port.addUrcListener(urcs::add);
            port.open();
            for (int i = 0; i < commands.size(); i++) {
                if (port.state() == AtPort.State.GONE && i % 2 == 0) {
                    port.open(); // the device came back
                }
                timedSend(port, commands.get(i), Duration.ofMillis(timeoutsMs.get(i)));
            }

            link.settle();
            if (!port.isOpen()) {
                port.open();
            }
            // at most one command is spent paying off replies the chaos still owed
            AtResult first = timedSend(port, "AT", Duration.ofMillis(900));
            AtResult ok = first.isOk() ? first : timedSend(port, "AT", Duration.ofMillis(900));
            assertThat(ok.status()).as("after %s", first).isEqualTo(Status.OK);
            AtResult csq = timedSend(port, "AT+CSQ", Duration.ofMillis(900));
            assertThat(csq.status()).isEqualTo(Status.OK);
            assertThat(csq.lines()).containsExactly("+CSQ: 17,99");
        }
        assertThat(urcs)
                .allSatisfy(u -> assertThat(u).doesNotContain("\r", "\n").hasSizeLessThanOrEqualTo(MAX_LINE));
    }

    private static AtResult timedSend(AtPort port, String cmd, Duration timeout) {
        long t0 = System.nanoTime();
        AtResult r = port.send(cmd, timeout);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(ms)
                .as("%s with timeout %s took %d ms and gave %s", cmd, timeout, ms, r)
                .isLessThanOrEqualTo(timeout.toMillis() + MARGIN_MS);
        assertThat(r).isNotNull();
        assertThat(r.command()).isEqualTo(cmd);
        assertThat(r.status()).isNotNull();
        assertThat(r.latency()).isNotNull().isLessThanOrEqualTo(Duration.ofMillis(ms + 1));
        assertThat(r.raw()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(MAX_LINE));
        if (!r.status().isReply()) {
            assertThat(r.lines()).isEmpty();
        }
        return r;
    }
}
