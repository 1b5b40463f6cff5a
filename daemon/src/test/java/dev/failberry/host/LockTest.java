package dev.failberry.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One daemon per state directory and per modem (issue 21 item 5), with locks that die with their
 * process: a real child JVM holds them, is killed with -9, and the next taker gets them at once.
 */
@SuppressWarnings("try") // a lock held for the length of a block is never referenced in it
class LockTest {
    @TempDir
    Path dir;

    @Test
    void locksHeldByAnotherProcessNameItAndDieWithItUnderKill9() throws Exception {
        Path state = Files.createDirectory(dir.resolve("state"));
        Path locks = Files.createDirectory(dir.resolve("lock"));
        String device = dir.resolve("ttyUSB7").toString();
        Files.createFile(Path.of(device));
        long holderPid;
        try (LockHolder holder = LockHolder.start(state, locks, device)) {
            holderPid = holder.pid();
            assertThat(InstanceLock.holder(state)).hasValue(holderPid);
            assertThatThrownBy(() -> InstanceLock.acquire(state))
                    .isInstanceOf(LockHeldException.class)
                    .hasMessageStartingWith("another failberry daemon (pid " + holderPid + " (java ... ")
                    .hasMessageEndingWith(") is running with the state directory " + state
                            + "; stop it first (systemctl stop failberry)");
            assertThat(Files.readString(state.resolve("failberry.lock")).strip())
                    .isEqualTo(Long.toString(holderPid));

            assertThat(Files.readString(locks.resolve("LCK..ttyUSB7"), StandardCharsets.US_ASCII))
                    .as("HDB format, as pppd writes it")
                    .isEqualTo(String.format("%10d\n", holderPid));
            assertThat(UucpLock.holder(locks, device)).hasValue(holderPid);
            assertThatThrownBy(() -> UucpLock.acquire(locks, device))
                    .isInstanceOf(LockHeldException.class)
                    .hasMessageStartingWith(device + " is locked by pid " + holderPid + " (java ... ");
            assertThat(Processes.failberryDaemon(holderPid)).hasValue(holderPid);

            holder.kill9();
        }
        assertThat(InstanceLock.holder(state)).isEmpty();
        try (InstanceLock mine = InstanceLock.acquire(state)) {
            assertThat(InstanceLock.holder(state))
                    .as("this JVM's own lock, answered from memory")
                    .hasValue(ProcessHandle.current().pid());
            assertThatThrownBy(() -> InstanceLock.acquire(state)).isInstanceOf(LockHeldException.class);
        }
        assertThat(UucpLock.holder(locks, device)).as("a dead pid is no holder").isEmpty();
        try (UucpLock mine = UucpLock.acquire(locks, device)) {
            assertThat(Files.readString(locks.resolve("LCK..ttyUSB7")))
                    .isEqualTo(String.format("%10d\n", ProcessHandle.current().pid()));
        }
        assertThat(locks.resolve("LCK..ttyUSB7")).doesNotExist();
    }

    @Test
    void staleUnreadableAndPlantedLocksAreReplacedWithoutFollowingLinks() throws Exception {
        Path locks = Files.createDirectory(dir.resolve("lock"));
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        Path lock = locks.resolve("LCK..ttyUSB2");
        for (String content : new String[] {String.format("%10d\n", done.pid()), "garbage\n", ""}) {
            Files.writeString(lock, content);
            try (UucpLock l = UucpLock.acquire(locks, "/dev/ttyUSB2")) {
                assertThat(Files.readString(lock))
                        .as(content)
                        .isEqualTo(
                                String.format("%10d\n", ProcessHandle.current().pid()));
            }
        }
        Path victim = Files.writeString(dir.resolve("victim"), "precious\n");
        Files.createSymbolicLink(lock, victim);
        try (UucpLock l = UucpLock.acquire(locks, "/dev/ttyUSB2")) {
            assertThat(Files.isSymbolicLink(lock)).isFalse();
        }
        assertThat(Files.readString(victim)).isEqualTo("precious\n");
    }

    @Test
    void aLinkToTheDeviceLocksTheRealNameAndALiveLockUnderTheLinkNameCounts() throws Exception {
        Path locks = Files.createDirectory(dir.resolve("lock"));
        Path tty = Files.createFile(dir.resolve("ttyUSB3"));
        Path link = Files.createSymbolicLink(dir.resolve("failberry-modem"), tty);
        try (UucpLock l = UucpLock.acquire(locks, link.toString())) {
            assertThat(l.file()).hasValue(locks.resolve("LCK..ttyUSB3"));
        }
        Files.writeString(
                locks.resolve("LCK..failberry-modem"),
                String.format(
                        "%10d\n", ProcessHandle.current().parent().orElseThrow().pid()));
        assertThatThrownBy(() -> UucpLock.acquire(locks, link.toString()))
                .isInstanceOf(LockHeldException.class)
                .hasMessageStartingWith(link + " is locked by pid ");
    }

    @Test
    void aLockOfOursIsOnlyRemovedWhileItStillNamesUs() throws IOException {
        Path locks = Files.createDirectory(dir.resolve("lock"));
        UucpLock l = UucpLock.acquire(locks, "/dev/ttyUSB4");
        Files.writeString(locks.resolve("LCK..ttyUSB4"), String.format("%10d\n", 1));
        l.close();
        assertThat(locks.resolve("LCK..ttyUSB4")).exists();
    }

    @Test
    void aLockDirectoryThatCannotBeWrittenIsNoReasonToRefuse() throws IOException {
        try (UucpLock l = UucpLock.acquire(dir.resolve("no-such-dir"), "/dev/ttyUSB5")) {
            assertThat(l.file()).isEmpty();
        }
    }
}
