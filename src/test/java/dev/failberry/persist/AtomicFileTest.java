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
        assertThat(AtomicFile.readProperties(f)).get().extracting(x -> x.getProperty("rx")).isEqualTo("2");
        try (var files = Files.list(f.getParent())) {
            assertThat(files).containsExactly(f);
        }
    }

    @Test
    void missingFileIsEmptyAndCorruptFileIsSetAside() throws IOException {
        assertThat(AtomicFile.readProperties(dir.resolve("none"))).isEmpty();
        Path f = dir.resolve("x.properties");
        Files.write(f, "rx=\\u12".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> AtomicFile.readProperties(f)).isInstanceOf(IOException.class)
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
        assertThat(AtomicFile.readProperties(f)).hasValueSatisfying(r -> assertThat(r.getProperty("rx")).isEqualTo("12345"));
    }
}
