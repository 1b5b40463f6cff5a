package dev.failberry.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void replacesContentAndLeavesNoTempFile() throws IOException {
        Path f = dir.resolve("state/usage.properties");
        var p = new Properties();
        p.setProperty("rx", "1");
        AtomicFile.writeProperties(f, p, "test");
        p.setProperty("rx", "2");
        AtomicFile.writeProperties(f, p, "test");
        assertThat(AtomicFile.readProperties(f))
                .get()
                .extracting(x -> x.getProperty("rx"))
                .isEqualTo("2");
        try (var files = Files.list(f.getParent())) {
            assertThat(files).containsExactly(f);
        }
    }

    @Test
    void missingFileIsEmptyAndCorruptFileIsSetAside() throws IOException {
        assertThat(AtomicFile.readProperties(dir.resolve("none"))).isEmpty();
        Path f = dir.resolve("x.properties");
        Files.write(f, "rx=\\u12".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> AtomicFile.readProperties(f))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("malformed state file");
        Path aside = AtomicFile.setAside(f, Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(aside.getFileName().toString()).isEqualTo("x.properties.corrupt-20261121T100000Z");
        assertThat(f).doesNotExist();
    }

    /** Found in the demo: the last save at shutdown ran on an interrupted thread and was lost. */
    @Test
    void anInterruptedThreadStillSavesAndKeepsItsInterrupt() throws IOException {
        Path f = dir.resolve("state/usage.properties");
        var p = new Properties();
        p.setProperty("rx", "12345");
        Thread.currentThread().interrupt();
        try {
            AtomicFile.writeProperties(f, p, "test");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(AtomicFile.readProperties(f))
                .hasValueSatisfying(r -> assertThat(r.getProperty("rx")).isEqualTo("12345"));
    }

    /** Issue 21 item 6: root followed a link planted at the predictable temp name and wrote outside. */
    @Test
    void plantedLinksAtTheOldTempNameAndAtTheTargetAreNeverWrittenThrough() throws IOException {
        Path victim = Files.writeString(dir.resolve("victim"), "precious\n");
        Path state = Files.createDirectory(dir.resolve("state"));
        Files.createSymbolicLink(state.resolve(".data-usage.properties.tmp"), victim);
        Files.createSymbolicLink(state.resolve("reboot-guard.properties"), victim);

        AtomicFile.write(state.resolve("data-usage.properties"), "rx_bytes=1\n".getBytes(StandardCharsets.US_ASCII));
        AtomicFile.write(state.resolve("reboot-guard.properties"), "reboots=\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(Files.readString(victim)).isEqualTo("precious\n");
        assertThat(Files.readString(state.resolve("data-usage.properties"))).isEqualTo("rx_bytes=1\n");
        assertThat(Files.isSymbolicLink(state.resolve("reboot-guard.properties")))
                .isFalse();
        try (var left = Files.list(state)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("no temp file or planted link left")
                    .containsExactlyInAnyOrder("data-usage.properties", "reboot-guard.properties");
        }
    }

    @Test
    void tempNamesAreUnpredictableAndCreatedExclusively() throws Exception {
        Path state = Files.createDirectory(dir.resolve("state"));
        java.util.Set<String> names = new java.util.HashSet<>();
        var watcher = state.getFileSystem().newWatchService();
        state.register(watcher, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
        for (int i = 0; i < 3; i++) {
            AtomicFile.write(state.resolve("x.properties"), new byte[] {'a'});
        }
        var key = watcher.poll(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(key).isNotNull();
        key.pollEvents().forEach(e -> names.add(e.context().toString()));
        names.remove("x.properties");
        assertThat(names).hasSize(3).allMatch(n -> n.matches("\\.x\\.properties\\.[0-9a-z]+\\.tmp"));
        watcher.close();
    }
}
