package dev.failberry.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.testutil.LogCapture;
import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full SD card: a batch is written in part, then ENOSPC. The torn part must not swallow the first record of
 * the retried batch, and nothing buffered may be lost once there is room again.
 */
class JournalFullDiskTest {
    @TempDir
    Path dir;

    private final VirtualTime time = new VirtualTime();

    private static String reason(int i) {
        return "record " + i + " " + "x".repeat(120);
    }

    @Test
    void aTornTailLeftByAWriteCutShortIsCutBeforeTheNextBatch() throws IOException {
        Journal j =
                Journal.open(dir, JournalTest.DEFAULTS, time, "0.1.0", "boot-a").journal();
        time.runDue();
        Path seg = JournalFiles.segment(dir, 1);
        long whole = Files.size(seg);
        // what a write stopped half-way leaves: the start of a line, no newline
        Files.write(
                seg,
                "H\t1\t2\t3\tSTATE\tCONN".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
        j.append(Entry.Kind.STATE, "CONNECTED", "MODEM_INIT", "dialled", null, false);
        time.advance(Duration.ofMinutes(2));
        var read = JournalFiles.read(dir, null);
        assertThat(read.damage()).isEmpty();
        assertThat(read.entries()).extracting(Entry::name).containsExactly("0.1.0", "CONNECTED");
        assertThat(Files.size(seg)).isGreaterThan(whole);
        j.close();
    }

    @Test
    void recordsBeyondWhatMemoryHoldsAreDroppedWithOneLineAndCountedWhenTheFileIsBack() throws IOException {
        Journal j =
                Journal.open(dir, JournalTest.DEFAULTS, time, "0.1.0", "boot-a").journal();
        time.runDue();
        Path seg = JournalFiles.segment(dir, 1);
        Files.delete(seg);
        Files.createDirectory(seg); // the segment cannot be written
        try (var log = LogCapture.of(Journal.class)) {
            time.advance(Duration.ofMinutes(1));
            for (int i = 0; i < 3000; i++) { // about 450 KB of records: more than the 256 KB held
                j.append(Entry.Kind.STATE, "S" + i, "CONNECTED", reason(i), null, false);
            }
            time.advance(Duration.ofMinutes(2));
            long lost = j.stats().lost();
            assertThat(lost).isBetween(1000L, 2000L);
            assertThat(log.messages())
                    .filteredOn(m -> m.contains("dropped"))
                    .singleElement()
                    .asString()
                    .startsWith("WARN history: 256 KiB of records wait for the file");
            Files.delete(seg);
            time.advance(Duration.ofMinutes(2));
            assertThat(log.messages())
                    .last()
                    .asString()
                    .startsWith("INFO history: writing")
                    .endsWith(lost + " records were dropped meanwhile");
        }
        j.close();
        var names =
                JournalFiles.read(dir, null).entries().stream().map(Entry::name).toList();
        assertThat(names)
                .as("the oldest records were kept, the newest dropped")
                .contains("S0", "S1000")
                .doesNotContain("S2999");
    }

    /** A real file system that fills up: a tmpfs of a few pages (root only; one line says why it skips). */
    @Test
    void aDiskThatFillsUpMidBatchLosesNothingOnceThereIsRoomAgain() throws Exception {
        Path mnt = Files.createDirectory(dir.resolve("sd"));
        Assumptions.assumeTrue(
                run("mount", "-t", "tmpfs", "-o", "size=32k", "tmpfs", mnt.toString()),
                "full-disk test skipped: cannot mount a tmpfs here (needs root)");
        try {
            Path hist = mnt.resolve("history");
            Journal j = Journal.open(hist, JournalTest.DEFAULTS, time, "0.1.0", "boot-a")
                    .journal();
            time.runDue();
            Path seg = JournalFiles.segment(hist, 1);
            long before = Files.size(seg);
            Path filler = mnt.resolve("filler");
            try (OutputStream out = Files.newOutputStream(filler)) {
                byte[] block = new byte[512];
                while (true) {
                    out.write(block);
                    out.flush();
                }
            } catch (IOException full) {
                // the file system is full: the segment's last page has room for part of a batch only
            }
            try (var log = LogCapture.of(Journal.class)) {
                for (int i = 0; i < 40; i++) {
                    j.append(Entry.Kind.STATE, "S" + i, "CONNECTED", reason(i), null, false);
                }
                time.advance(Duration.ofMinutes(2));
                assertThat(j.stats().lastError()).as("the write failed").contains("No space left");
                assertThat(Files.size(seg))
                        .as("part of the batch was written before ENOSPC")
                        .isGreaterThan(before);
                Files.delete(filler);
                time.advance(Duration.ofMinutes(2));
                assertThat(j.stats().lastError()).isNull();
                assertThat(log.messages()).hasSize(2);
                assertThat(log.messages().get(0)).asString().startsWith("WARN history: cannot write ");
                assertThat(log.messages().get(1)).asString().startsWith("INFO history: writing");
            }
            j.close();
            var read = JournalFiles.read(hist, null);
            assertThat(read.damage()).isEmpty();
            List<String> names = read.entries().stream().map(Entry::name).toList();
            assertThat(names).hasSize(42).startsWith("0.1.0", "S0", "S1").contains("S39");
        } finally {
            run("umount", mnt.toString());
        }
    }

    private static boolean run(String... cmd) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException noSuchCommand) {
            return false;
        }
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
