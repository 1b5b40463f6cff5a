package dev.failberry.modem.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.sim.usb.FakeSysfs;
import dev.failberry.time.VirtualTime;
import dev.failberry.usb.UsbTree;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Waiting for the modem's ports after a power cycle, entirely in virtual time. */
class ReenumerationTest {
    @TempDir
    Path tmp;

    FakeSysfs fake;
    VirtualTime vt;
    Reenumeration reenumeration;

    @BeforeEach
    void setUp() {
        fake = new FakeSysfs(tmp.resolve("sys"), tmp.resolve("dev"));
        vt = new VirtualTime();
        var criteria =
                new PortSelector.Criteria(Optional.of("12d1"), Optional.of("1506"), Optional.empty(), Optional.empty());
        reenumeration = new Reenumeration(
                new PortDiscovery(new UsbTree(tmp.resolve("sys")), tmp.resolve("dev"), criteria, "auto", "auto"), vt);
    }

    @Test
    void findsThePortsWhenTheyReturnUnderNewNumbers() {
        fake.add(FakeSysfs.huaweiE3131("1-1.3"));
        fake.remove("1-1.3");
        CompletableFuture<Reenumeration.Result> f = reenumeration.await(Duration.ofSeconds(60));
        vt.advance(Duration.ofSeconds(7));
        assertThat(f).isNotDone();
        // ttyUSB0..2 still held open by the old owner: the modem comes back as ttyUSB3..5
        fake.addHolding(FakeSysfs.huaweiE3131("1-1.3"), java.util.Set.of(0L, 1L, 2L));
        vt.advance(Reenumeration.POLL);
        Reenumeration.Result r = f.join();
        assertThat(r.outcome()).isEqualTo(Reenumeration.Outcome.BACK);
        assertThat(r.modem().orElseThrow().controlPort()).isEqualTo(tmp.resolve("dev/ttyUSB5"));
        assertThat(r.modem().orElseThrow().dataPort()).isEqualTo(tmp.resolve("dev/ttyUSB3"));
        assertThat(r.elapsed()).isEqualTo(Duration.ofMillis(7500));
        assertThat(vt.pending())
                .as("polling and the deadline are cancelled once back")
                .isZero();
    }

    @Test
    void portsThatAreAlreadyThereAreBackAtOnceAndNothingStaysScheduled() {
        fake.add(FakeSysfs.huaweiE3131("1-1.3"));
        CompletableFuture<Reenumeration.Result> f = reenumeration.await(Duration.ofSeconds(60));
        vt.runDue();
        assertThat(f.join().outcome()).isEqualTo(Reenumeration.Outcome.BACK);
        assertThat(f.join().elapsed()).isEqualTo(Duration.ZERO);
        assertThat(vt.pending()).isZero();
    }

    @Test
    void storageModeThatUsbModeswitchFixesInTimeEndsBack() {
        fake.add(FakeSysfs.storageMode("1-1.3", "12d1", "1446"));
        CompletableFuture<Reenumeration.Result> f = reenumeration.await(Duration.ofSeconds(60));
        vt.advance(Duration.ofSeconds(18));
        assertThat(f).isNotDone();
        fake.reenumerate("1-1.3", FakeSysfs.huaweiE3131("1-1.3"), false); // usb_modeswitch switched it
        vt.advance(Duration.ofSeconds(1));
        assertThat(f.join().outcome()).isEqualTo(Reenumeration.Outcome.BACK);
    }

    @Test
    void stickLeftInCdRomModeIsReportedAsSuchAtTheDeadline() {
        fake.add(FakeSysfs.storageMode("1-1.3", "12d1", "1f01"));
        CompletableFuture<Reenumeration.Result> f = reenumeration.await(Duration.ofSeconds(60));
        vt.advance(Duration.ofSeconds(59));
        assertThat(f).isNotDone();
        vt.advance(Duration.ofSeconds(1));
        Reenumeration.Result r = f.join();
        assertThat(r.outcome()).isEqualTo(Reenumeration.Outcome.STORAGE_MODE);
        assertThat(r.message())
                .contains("after 60 s", "12d1:1f01", "usb_modeswitch normally switches it to modem mode within ~20 s");
    }

    @Test
    void modemThatNeverReturnsIsATypedResultAfterExactlyTheLimit() {
        CompletableFuture<Reenumeration.Result> f = reenumeration.await(Duration.ofSeconds(60));
        vt.advance(Duration.ofMillis(59_999));
        assertThat(f).isNotDone();
        vt.advance(Duration.ofMillis(1));
        Reenumeration.Result r = f.join();
        assertThat(r.outcome()).isEqualTo(Reenumeration.Outcome.NOT_BACK);
        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(60));
        assertThat(r.message()).contains("did not come back within 60 s", "no USB modem found (12d1:1506)");
        vt.advance(Duration.ofMinutes(5));
        assertThat(vt.pending()).isZero();
    }
}
