package dev.failberry.usbnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.sim.usb.FakeSysfs;
import dev.failberry.time.VirtualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Waiting for an Ethernet-type stick's interface after a USB power cycle, in virtual time, against a fake
 * sysfs laid out as the kernel lays out the real sticks ({@link FakeSysfs} presets: a Huawei E3372 in
 * HiLink mode, 12d1:14dc, cdc_ether; the Pi's own LAN9514 eth0 beside it, never to be taken for the
 * stick). The wait starts when the power is back on; the stick re-enumerates a few seconds later, or not.
 */
class InterfaceReturnTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String STICK = "1-1.3";
    private static final String MAC = "0c:5b:8f:27:9a:64";

    @TempDir
    Path tmp;

    private final VirtualTime time = new VirtualTime();

    /** How the stick behaves after the power comes back. */
    enum Comes {
        BACK_AS_ETH1,
        BACK_AS_ENX,
        NEVER,
        AS_CDROM
    }

    private FakeSysfs piWithEthernet() {
        FakeSysfs sysfs = new FakeSysfs(tmp.resolve("sys"), tmp.resolve("dev"));
        sysfs.add(FakeSysfs.piEthernet("1-1.1"));
        sysfs.addNetInterface("1-1.1", 0, "eth0", "b8:27:eb:00:00:01");
        return sysfs;
    }

    private static void stickAs(FakeSysfs sysfs, String name) {
        sysfs.add(FakeSysfs.huaweiE3372HiLink(STICK, "14dc"));
        sysfs.addNetInterface(STICK, 0, name, MAC);
    }

    private static Consumer<FakeSysfs> comes(Comes c) {
        return switch (c) {
            case BACK_AS_ETH1 -> s -> stickAs(s, "eth1");
            case BACK_AS_ENX -> s -> stickAs(s, "enx0c5b8f279a64");
            case NEVER -> s -> {};
            case AS_CDROM -> s -> s.add(FakeSysfs.storageMode(STICK, "12d1", "1f01"));
        };
    }

    static Stream<Arguments> table() {
        Optional<String> auto = Optional.empty();
        Optional<String> eth1 = Optional.of("eth1");
        return Stream.of(
                // name, configured interface, visible before the cycle, how it comes back (after 4 s),
                // back, cd-rom, seconds until the answer, words of the message
                Arguments.of("back under the same name", eth1, true, Comes.BACK_AS_ETH1, true, false, 4, "back after"),
                Arguments.of(
                        "auto: back under another name, by USB id",
                        auto,
                        true,
                        Comes.BACK_AS_ENX,
                        true,
                        false,
                        4,
                        "enx0c5b8f279a64 (cdc_ether) on 12d1:14dc"),
                Arguments.of(
                        "auto: back under the same name",
                        auto,
                        true,
                        Comes.BACK_AS_ETH1,
                        true,
                        false,
                        4,
                        "eth1 (cdc_ether) on 12d1:14dc"),
                Arguments.of(
                        "a configured name that does not come back under it",
                        eth1,
                        true,
                        Comes.BACK_AS_ENX,
                        false,
                        false,
                        60,
                        "link.interface = eth1 does not exist"),
                Arguments.of("never back", auto, true, Comes.NEVER, false, false, 60, "did not come back within 60 s"),
                Arguments.of("back as a CD-ROM", auto, true, Comes.AS_CDROM, false, true, 60, "usb_modeswitch"),
                Arguments.of(
                        "never visible before the cycle, then back",
                        auto,
                        false,
                        Comes.BACK_AS_ETH1,
                        true,
                        false,
                        4,
                        "back after 4000 ms"),
                Arguments.of(
                        "never visible before the cycle, never back",
                        auto,
                        false,
                        Comes.NEVER,
                        false,
                        false,
                        60,
                        "did not come back within 60 s"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void theWaitEndsWhenTheInterfaceIsFoundOrTheTimeIsUp(
            String name,
            Optional<String> configured,
            boolean visibleBefore,
            Comes how,
            boolean back,
            boolean cdRom,
            int seconds,
            String words) {
        FakeSysfs sysfs = piWithEthernet();
        if (visibleBefore) {
            stickAs(sysfs, "eth1");
            // the power goes off: the device and its interface go away
            sysfs.remove(STICK);
        }
        var finder = new StickInterfaces(
                sysfs.sysRoot(), new StickInterfaces.Criteria(configured, Optional.empty(), Optional.empty()));
        CompletableFuture<InterfaceReturn.Result> result = new InterfaceReturn(finder::find, time).await(LIMIT);
        long[] doneAt = {-1, -1};
        result.thenRun(() -> {
            doneAt[0] = time.nanoTime();
            doneAt[1] = time.pending();
        });
        time.schedule(Duration.ofSeconds(4), () -> comes(how).accept(sysfs));

        time.advance(Duration.ofSeconds(seconds).minus(InterfaceReturn.POLL));
        assertThat(result).as("not decided before %d s", seconds).isNotDone();
        time.advance(Duration.ofSeconds(61));

        assertThat(result).isDone();
        InterfaceReturn.Result r = result.join();
        assertThat(r.back()).isEqualTo(back);
        assertThat(r.cdRom()).isEqualTo(cdRom);
        assertThat(r.message()).contains(words);
        assertThat(Duration.ofNanos(doneAt[0])).isEqualTo(Duration.ofSeconds(seconds));
        assertThat(doneAt[1]).as("nothing left scheduled once decided").isZero();
    }

    @Test
    void anInterfaceThatIsAlreadyThereIsBackAtOnceWithoutPolling() {
        FakeSysfs sysfs = piWithEthernet();
        stickAs(sysfs, "eth1");
        var finder = new StickInterfaces(
                sysfs.sysRoot(), new StickInterfaces.Criteria(Optional.empty(), Optional.empty(), Optional.empty()));
        CompletableFuture<InterfaceReturn.Result> result = new InterfaceReturn(finder::find, time).await(LIMIT);
        time.runDue();
        assertThat(result).isDone();
        assertThat(result.join().back()).isTrue();
        assertThat(result.join().message()).contains("back after 0 ms", "eth1");
        assertThat(time.pending()).isZero();
    }

    @Test
    void thePiOwnUsbEthernetIsNeverTakenForTheStick() {
        FakeSysfs sysfs = piWithEthernet();
        var finder = new StickInterfaces(
                sysfs.sysRoot(), new StickInterfaces.Criteria(Optional.empty(), Optional.empty(), Optional.empty()));
        CompletableFuture<InterfaceReturn.Result> result =
                new InterfaceReturn(finder::find, time).await(Duration.ofSeconds(5));
        time.advance(Duration.ofSeconds(5));
        assertThat(result.join().back()).isFalse();
        assertThat(result.join().message()).doesNotContain("eth0 (smsc95xx)");
    }
}
