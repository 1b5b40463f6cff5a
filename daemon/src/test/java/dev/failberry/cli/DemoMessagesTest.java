package dev.failberry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's clean-up of its scratch directory: quiet whatever the file system says. Found in an armhf
 * root under qemu-user (deploy/ci/distro-check.sh), where the emulated 32-bit JVM could not read an ext4
 * directory (EOVERFLOW): the demo's clean-up threw, and its last words were a stray
 * {@code FileSystemException} instead of the reason it stopped.
 */
class DemoMessagesTest {
    @TempDir
    Path tmp;

    @Test
    void aDirectoryThatCannotBeReadLeavesTheRestDeletedAndThrowsNothing() throws IOException {
        Path scratch = tmp.resolve("scratch");
        Path loose = Files.createDirectories(scratch.resolve("state")).resolve("journal");
        Files.writeString(loose, "x");
        // A directory that even root cannot open: its absolute path is longer than PATH_MAX (4096), so
        // opening it fails with ENAMETOOLONG. Made from two chains short enough to create, one moved into the other.
        String name = "d".repeat(200);
        Path deep = scratch;
        for (int i = 0; i < 12; i++) {
            deep = deep.resolve(name);
        }
        Files.createDirectories(deep);
        Path chain = tmp.resolve("chain");
        Path end = chain;
        for (int i = 0; i < 10; i++) {
            end = end.resolve(name);
        }
        Files.createDirectories(end);
        Files.writeString(end.resolve("far"), "x");
        Path moved = deep.resolve("chain");
        Files.move(chain, moved);
        try {
            assertThatCode(() -> DemoMessages.deleteQuietly(scratch)).doesNotThrowAnyException();
            assertThat(loose).as("what could be deleted is gone").doesNotExist();
            assertThat(scratch.resolve("state")).doesNotExist();
        } finally {
            // back within PATH_MAX, so that the temporary directory can be removed
            if (Files.exists(moved)) {
                Files.move(moved, chain);
            }
        }
    }
}
