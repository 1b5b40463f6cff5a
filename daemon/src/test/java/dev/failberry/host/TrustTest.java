package dev.failberry.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which directories another user could change (issue 21 items 2 and 6). */
class TrustTest {
    @TempDir
    Path dir;

    @Test
    void aPrivateDirectoryIsOursAndWritableByNoOneElse() throws IOException {
        Path ok = Files.createDirectory(dir.resolve("ok"));
        Files.setAttribute(ok, "unix:mode", 0750);
        assertThat(Trust.privateDirectory(ok)).isEmpty();
        assertThat(Trust.privateDirectory(Files.createSymbolicLink(dir.resolve("link"), ok)))
                .as("the real path counts")
                .isEmpty();

        Path groupWritable = Files.createDirectory(dir.resolve("g"));
        Files.setAttribute(groupWritable, "unix:mode", 0770);
        assertThat(Trust.privateDirectory(groupWritable))
                .hasValue(groupWritable + " is writable by its group (mode 0770)");

        Path sticky = Files.createDirectory(dir.resolve("sticky"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        assertThat(Trust.privateDirectory(sticky))
                .as("sticky is no excuse for a state directory")
                .hasValue(sticky + " is writable by group and others (mode 1777)");
        Path inSticky = Files.createDirectory(sticky.resolve("mine"));
        Files.setAttribute(inSticky, "unix:mode", 0700);
        assertThat(Trust.privateDirectory(inSticky)).as("like /tmp/mine").isEmpty();

        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setAttribute(open, "unix:mode", 0777);
        Path under = Files.createDirectory(open.resolve("state"));
        Files.setAttribute(under, "unix:mode", 0700);
        assertThat(Trust.privateDirectory(under))
                .as("a parent anyone can rename things in")
                .hasValue(open + " is writable by group and others without the sticky bit (mode 0777)");
        assertThat(Trust.privateDirectory(dir.resolve("absent")))
                .hasValueSatisfying(m -> assertThat(m).startsWith(dir.resolve("absent") + " cannot be checked"));
    }

    @Test
    void aDirectoryOfAnotherUserIsNotPrivate() throws IOException {
        Path other;
        if (Trust.myUid() == 0) {
            other = Files.createDirectory(dir.resolve("nobody"));
            Files.setAttribute(other, "unix:mode", 0700);
            Files.setAttribute(other, "unix:uid", 65534);
        } else {
            other = Path.of("/"); // root's, and not ours
        }
        assertThat(Trust.privateDirectory(other))
                .hasValue(other + " is owned by uid " + (Trust.myUid() == 0 ? 65534 : 0)
                        + ", not by this process's user (uid " + Trust.myUid() + ")");
    }
}
