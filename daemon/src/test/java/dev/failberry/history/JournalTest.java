package dev.failberry.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.testutil.LogCapture;
import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal on a real file system in virtual time: round trip, batching, marks, power cuts,
 * truncation and corruption, bounded size.
 */
class JournalTest {
    static final Journal.Settings DEFAULTS =
            new Journal.Settings(2 * 1024 * 1024, 256 * 1024, Duration.ofSeconds(60), Duration.ofHours(1));

    @TempDir
    Path dir;

    private final VirtualTime time = new VirtualTime();

    private Journal open(Journal.Settings s) throws IOException {
        Journal j = Journal.open(dir, s, time, "0.1.0", "boot-a").journal();
        time.runDue();
        return j;
    }

    private List<Entry> onDisk() throws IOException {
        return JournalFiles.read(dir, null).entries();
    }

    private static List<String> kinds(List<Entry> entries) {
        return entries.stream()
                .map(e -> e.kind().name() + (e.name().isEmpty() ? "" : ":" + e.name()))
                .toList();
    }

    @Test
    void roundTripAcrossRestartsKeepsOrderSessionsAndBothClocks() throws IOException {
        Journal j = open(DEFAULTS);
        time.advance(Duration.ofSeconds(5));
        j.append(Entry.Kind.STATE, "MODEM_INIT", "STARTING", "modem port opened", null, false);
        time.advance(Duration.ofSeconds(20));
        j.append(Entry.Kind.STATE, "CONNECTED", "DIALING", "link verified", null, false);
        j.close();
        time.advance(Duration.ofMinutes(3));
        Journal again = open(DEFAULTS);
        assertThat(again.session()).isEqualTo(2);
        again.append(Entry.Kind.ACTION, "redial", "DEGRADED", "", Map.of("n", 1), false);
        again.close();

        List<Entry> all = onDisk();
        assertThat(kinds(all))
                .containsExactly(
                        "SESSION:0.1.0",
                        "STATE:MODEM_INIT",
                        "STATE:CONNECTED",
                        "STOP",
                        "SESSION:0.1.0",
                        "ACTION:redial",
                        "STOP");
        assertThat(all.get(2).mono()).isEqualTo(25_000);
        assertThat(all.get(2).wall())
                .isEqualTo(java.time.Instant.parse("2026-01-01T00:00:25Z").toEpochMilli());
        assertThat(all.get(4).session()).isEqualTo(2);
        assertThat(all.get(4).mono()).isZero();
        assertThat(all.get(4).detail()).containsEntry("boot", "boot-a");
        assertThat(all.get(5).detail()).containsEntry("n", 1L);
    }

    @Test
    void recordsAreBatchedOneWriteAfterTheFlushDelayAndTheStartIsWrittenAtOnce() throws IOException {
        Journal j = open(DEFAULTS);
        assertThat(j.stats().writes())
                .as("the session's start is written at once")
                .isEqualTo(1);
        for (int i = 0; i < 10; i++) {
            j.append(Entry.Kind.STATE, "S" + i, "", "burst", null, false);
            time.advance(Duration.ofSeconds(3));
        }
        assertThat(j.stats().writes()).isEqualTo(1);
        assertThat(j.stats().buffered()).isEqualTo(10);
        time.advance(Duration.ofSeconds(31));
        assertThat(j.stats().writes()).as("ten records, one write").isEqualTo(2);
        assertThat(j.stats().buffered()).isZero();
        assertThat(onDisk()).hasSize(11);
        assertThat(j.stats().bytesOnDisk()).isEqualTo(Files.size(JournalFiles.segment(dir, 1)));
    }

    @Test
    void aPendingRebootIsWrittenAtOnce() throws IOException {
        Journal j = open(DEFAULTS);
        j.append(Entry.Kind.EVENT, "reboot-pending", "RECOVERING", "host reboot in 10 s", null, true);
        time.runDue();
        assertThat(kinds(onDisk())).containsExactly("SESSION:0.1.0", "EVENT:reboot-pending");
    }

    @Test
    void aMarkFollowsTheLastWriteAfterTheMarkIntervalSoAQuietHourWritesOneSmallRecordAndABusyOneNone()
            throws IOException {
        Journal j = open(DEFAULTS);
        time.advance(Duration.ofMinutes(59));
        assertThat(kinds(onDisk())).containsExactly("SESSION:0.1.0");
        time.advance(Duration.ofMinutes(1));
        assertThat(kinds(onDisk())).as("an hour after the last write").containsExactly("SESSION:0.1.0", "MARK");
        time.advance(Duration.ofMinutes(30));
        j.append(Entry.Kind.STATE, "DEGRADED", "CONNECTED", "probes failed", null, false); // written at 1:31
        time.advance(Duration.ofMinutes(59));
        assertThat(kinds(onDisk()))
                .as("no mark while there are writes")
                .containsExactly("SESSION:0.1.0", "MARK", "STATE:DEGRADED");
        time.advance(Duration.ofMinutes(2)); // 2:31
        assertThat(kinds(onDisk())).containsExactly("SESSION:0.1.0", "MARK", "STATE:DEGRADED", "MARK");
        time.advance(Duration.ofHours(10));
        assertThat(j.stats().writes()).isEqualTo(1 + 1 + 1 + 1 + 10);
        assertThat(Files.size(JournalFiles.segment(dir, 1))).isLessThan(700);
    }

    @Test
    void aPowerCutLosesOnlyWhatWasNotYetWrittenAndTheNextStartGoesOn() throws IOException {
        Journal j = open(DEFAULTS);
        j.append(Entry.Kind.STATE, "DEGRADED", "CONNECTED", "probes failed", null, false);
        time.advance(Duration.ofSeconds(60));
        j.append(Entry.Kind.STATE, "RECOVERING", "DEGRADED", "redial", null, false);
        time.advance(Duration.ofSeconds(59));
        // power cut: no close(); the second record is younger than the flush delay and is lost
        assertThat(kinds(onDisk())).containsExactly("SESSION:0.1.0", "STATE:DEGRADED");

        VirtualTime next = new VirtualTime();
        Journal after = Journal.open(dir, DEFAULTS, next, "0.1.0", "boot-b").journal();
        next.runDue();
        assertThat(after.session()).isEqualTo(2);
        assertThat(kinds(onDisk())).containsExactly("SESSION:0.1.0", "STATE:DEGRADED", "SESSION:0.1.0");
    }

    @Test
    void aTornLastLineIsSetAsideOnceAndTheRestKept() throws IOException {
        Journal j = open(DEFAULTS);
        for (int i = 0; i < 5; i++) {
            j.append(Entry.Kind.STATE, "S" + i, "", "r", null, false);
        }
        j.close();
        Path seg = JournalFiles.segment(dir, 1);
        long size = Files.size(seg);
        try (var f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.setLength(size - 12); // the power went while the last line was being written
        }
        try (var log = LogCapture.of(Journal.class)) {
            Journal reopened = open(DEFAULTS);
            assertThat(log.messages())
                    .singleElement()
                    .asString()
                    .startsWith(
                            "WARN history: journal-000001.log: 1 unreadable line (line 7: torn last line (no newline), ")
                    .contains("set aside in journal-000001.log.bad-");
            reopened.close();
        }
        assertThat(kinds(onDisk()))
                .containsExactly(
                        "SESSION:0.1.0",
                        "STATE:S0",
                        "STATE:S1",
                        "STATE:S2",
                        "STATE:S3",
                        "STATE:S4",
                        "SESSION:0.1.0",
                        "STOP");
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> aside =
                    s.filter(p -> p.getFileName().toString().contains(".bad-")).toList();
            assertThat(aside).hasSize(1);
            assertThat(Files.readString(aside.get(0))).doesNotContain("\n").matches("[0-9a-f]{8} X\t1\t.*");
        }
        try (var log = LogCapture.of(Journal.class)) {
            open(DEFAULTS).close();
            assertThat(log.messages()).as("logged once: the damage is gone").isEmpty();
        }
    }

    @Test
    void aCorruptLineInTheMiddleAndZerosAtTheEndAreSetAsideAndEveryReadableLineKept() throws IOException {
        Journal j = open(DEFAULTS);
        for (int i = 0; i < 5; i++) {
            j.append(Entry.Kind.STATE, "S" + i, "", "reason " + i, null, false);
        }
        j.close();
        Path seg = JournalFiles.segment(dir, 1);
        String text = Files.readString(seg);
        int at = text.indexOf("reason 2");
        byte[] bytes = Files.readAllBytes(seg);
        bytes[at] = 'R'; // one flipped byte
        byte[] withZeros = java.util.Arrays.copyOf(bytes, bytes.length + 300); // delayed allocation after a crash
        Files.write(seg, withZeros);
        try (var log = LogCapture.of(Journal.class)) {
            open(DEFAULTS).close();
            assertThat(log.messages())
                    .singleElement()
                    .asString()
                    .contains("2 unreadable lines (line 4: checksum mismatch");
        }
        assertThat(kinds(onDisk()))
                .containsExactly(
                        "SESSION:0.1.0",
                        "STATE:S0",
                        "STATE:S1",
                        "STATE:S3",
                        "STATE:S4",
                        "STOP",
                        "SESSION:0.1.0",
                        "STOP");
    }

    @Test
    void readingWithoutTheDaemonSkipsDamageButChangesNothing() throws IOException {
        Journal j = open(DEFAULTS);
        j.append(Entry.Kind.STATE, "S", "", "r", null, false);
        j.close();
        Path seg = JournalFiles.segment(dir, 1);
        Files.write(seg, "garbage\n".getBytes(), java.nio.file.StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(seg);
        JournalFiles.Read r = JournalFiles.read(dir, null);
        assertThat(r.entries()).hasSize(3);
        assertThat(r.damage())
                .singleElement()
                .extracting(JournalFiles.Damage::describe)
                .isEqualTo("journal-000001.log: 1 unreadable line (line 4: not a journal line, 8 bytes) skipped");
        assertThat(Files.readAllBytes(seg)).isEqualTo(before);
    }

    @Test
    void sizeStaysBoundedTheOldestSegmentsGoAndClosedSegmentsAreNeverRewritten() throws IOException {
        var small = new Journal.Settings(8 * 1024, 2 * 1024, Duration.ofSeconds(60), Duration.ofHours(1));
        Journal j = open(small);
        Path first = JournalFiles.segment(dir, 1);
        FileTime firstWritten = null;
        long maxSeen = 0;
        for (int i = 0; i < 2000; i++) {
            j.append(Entry.Kind.STATE, i % 2 == 0 ? "DEGRADED" : "CONNECTED", "", "flap " + i, null, false);
            time.advance(Duration.ofSeconds(10));
            if (firstWritten == null && Files.exists(JournalFiles.segment(dir, 2))) {
                firstWritten = Files.getLastModifiedTime(first);
            }
            if (i == 100) {
                assertThat(Files.getLastModifiedTime(first))
                        .as("a closed segment is not written again")
                        .isEqualTo(firstWritten);
            }
            long total = 0;
            for (Path p : JournalFiles.segments(dir)) {
                total += Files.size(p);
            }
            maxSeen = Math.max(maxSeen, total);
        }
        j.close();
        assertThat(maxSeen).as("never above max-size plus one batch").isLessThanOrEqualTo(8 * 1024 + 1024);
        List<Path> segs = JournalFiles.segments(dir);
        assertThat(segs.size()).isBetween(3, 5);
        assertThat(first).doesNotExist();
        List<Entry> left = onDisk();
        assertThat(left.get(left.size() - 2).reason()).isEqualTo("flap 1999");
        assertThat(j.stats().bytesOnDisk())
                .isEqualTo(segs.stream()
                        .mapToLong(p -> {
                            try {
                                return Files.size(p);
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        })
                        .sum());
    }

    @Test
    void aFileSystemThatRefusesWritesIsLoggedOnceAndTheRecordsWaitInMemory() throws IOException {
        Journal j = open(DEFAULTS);
        Path seg = JournalFiles.segment(dir, 1);
        Files.delete(seg);
        Files.createDirectory(seg); // writing the segment now fails (as root, permissions would not)
        try (var log = LogCapture.of(Journal.class)) {
            j.append(Entry.Kind.STATE, "DEGRADED", "CONNECTED", "r", null, false);
            time.advance(Duration.ofMinutes(5));
            assertThat(log.messages())
                    .singleElement()
                    .asString()
                    .startsWith("WARN history: cannot write ")
                    .contains("kept in memory and retried");
            assertThat(j.stats().buffered()).isEqualTo(1);
            assertThat(j.stats().lastError()).isNotNull();
            Files.delete(seg);
            time.advance(Duration.ofMinutes(1));
            assertThat(log.messages()).hasSize(2).last().asString().startsWith("INFO history: writing");
        }
        assertThat(j.stats().buffered()).isZero();
        assertThat(kinds(onDisk())).containsExactly("STATE:DEGRADED");
    }
}
