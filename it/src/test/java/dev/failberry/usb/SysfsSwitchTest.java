package dev.failberry.usb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.sim.usb.FakeSysfs;
import dev.failberry.time.VirtualTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysfsSwitchTest {
    @TempDir
    Path tmp;

    FakeSysfs fake;
    final FakeSysfs.Device e173 = FakeSysfs.huaweiE173("1-1.4");
    final List<String> writes = Collections.synchronizedList(new ArrayList<>());
    final VirtualTime vt = new VirtualTime();
    final List<Long> writeTimes = Collections.synchronizedList(new ArrayList<>());
    /** Delays armed on the scheduler between the two writes: presence polls and the off time. */
    final List<Duration> offTimers = Collections.synchronizedList(new ArrayList<>());

    final dev.failberry.time.Scheduler recording = new dev.failberry.time.Scheduler() {
        @Override
        public dev.failberry.time.TimeSource time() {
            return vt;
        }

        @Override
        public void execute(Runnable task) {
            vt.execute(task);
        }

        @Override
        public dev.failberry.time.Cancellable schedule(Duration delay, Runnable task) {
            if (writes.size() == 1) {
                offTimers.add(delay);
            }
            return vt.schedule(delay, task);
        }
    };

    @BeforeEach
    void setUp() {
        fake = new FakeSysfs(tmp.resolve("sys"), tmp.resolve("dev"));
        fake.add(e173);
    }

    /** Writes the file and plays the kernel's part on the fake tree. */
    SysfsSwitch.Writer kernel(boolean reacts) {
        return (file, value) -> {
            writes.add(tmp.relativize(file) + "=" + value);
            writeTimes.add(vt.nanoTime());
            if (!reacts) {
                return; // a kernel on which the write changes nothing
            }
            Files.writeString(file, value);
            if (reacts && file.getFileName().toString().equals("authorized")) {
                fake.setAuthorized("1-1.4", e173, value.equals("1"));
            }
            if (reacts && file.getFileName().toString().equals("disable")) {
                if (value.equals("1")) {
                    fake.remove("1-1.4");
                } else {
                    fake.add(e173);
                }
            }
        };
    }

    SysfsSwitch sysfs(boolean reacts) {
        return new SysfsSwitch(
                "1-1.4",
                Duration.ofSeconds(3),
                Duration.ofSeconds(30),
                new UsbTree(tmp.resolve("sys")),
                UsbDeviceMatcher.byIds("12d1", java.util.Set.of()),
                recording,
                kernel(reacts));
    }

    @Test
    void deAuthorisesThenReAuthorisesAfterTheOffTimeAndVerifies() {
        SysfsSwitch sw = sysfs(true);
        assertThat(sw.describe()).contains("authorized");
        CompletableFuture<CycleResult> f = sw.cycle("test");
        UhubctlSwitchTest.drive(vt, f, () -> {});
        CycleResult r = f.join();
        assertThat(r.outcome()).as(r.message()).isEqualTo(CycleResult.Outcome.CYCLED);
        String auth = "sys/bus/usb/devices/1-1.4/authorized";
        assertThat(writes).containsExactly(auth + "=0", auth + "=1");
        assertThat(r.actions()).containsExactly("write 0 > " + tmp.resolve(auth), "write 1 > " + tmp.resolve(auth));
        // the off time is one scheduler delay armed between the two writes; the virtual clock runs on
        // in 250 ms steps while the worker writes, so on a busy machine the gap may be a few steps longer
        assertThat(offTimers).contains(Duration.ofSeconds(3));
        assertThat(Duration.ofNanos(writeTimes.get(1) - writeTimes.get(0)))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void usesThePortDisableFileWhenTheKernelHasIt() {
        fake.add(FakeSysfs.hub("1-1"));
        SysfsSwitch sw = sysfs(true);
        assertThat(sw.describe()).contains("port disable");
        CompletableFuture<CycleResult> f = sw.cycle("test");
        UhubctlSwitchTest.drive(vt, f, () -> {});
        CycleResult r = f.join();
        assertThat(r.outcome()).as(r.message()).isEqualTo(CycleResult.Outcome.CYCLED);
        String disable = "sys/bus/usb/devices/1-1:1.0/1-1-port4/disable";
        assertThat(writes).containsExactly(disable + "=1", disable + "=0");
    }

    @Test
    void verificationFailsWhenTheDeviceNeverDisappears() {
        CompletableFuture<CycleResult> f = sysfs(false).cycle("test");
        UhubctlSwitchTest.drive(vt, f, () -> {});
        CycleResult r = f.join();
        assertThat(r.outcome()).isEqualTo(CycleResult.Outcome.NO_EFFECT);
        assertThat(r.message()).contains("switch had no effect");
        assertThat(writes).hasSize(2);
    }

    @Test
    void absentDeviceIsAConfigError() {
        fake.remove("1-1.4");
        CompletableFuture<CycleResult> f = sysfs(true).cycle("test");
        UhubctlSwitchTest.drive(vt, f, () -> {});
        assertThat(f.join().outcome()).isEqualTo(CycleResult.Outcome.CONFIG_ERROR);
        assertThat(writes).isEmpty();
    }

    @Test
    void noSwitchNeverPretends() {
        CycleResult r = new NoSwitch().cycleAndWait("test");
        assertThat(r.outcome()).isEqualTo(CycleResult.Outcome.NOT_CONFIGURED);
        assertThat(r.switched()).isFalse();
        assertThat(r.message()).contains("usb-power.method = none");
    }
}
