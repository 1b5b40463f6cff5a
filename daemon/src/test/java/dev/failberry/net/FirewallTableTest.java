package dev.failberry.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.time.VirtualTime;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table in force against {@link FakeKernel}'s nft: loaded only when its text changes, and its state kept. */
class FirewallTableTest {
    private final FakeKernel kernel = new FakeKernel();
    private final FirewallTable table =
            new FirewallTable(new NftTable(Path.of("/usr/sbin/nft"), kernel), new VirtualTime());

    private static FirewallRules.Spec spec(String link, boolean block) {
        return new FirewallRules.Spec(
                "eth0", link, 9000, List.of(), List.of(), true, true, block, List.of("192.168.1.10/32"));
    }

    private long loads() {
        return kernel.commands.stream().filter(c -> c.contains("-f")).count();
    }

    @Test
    void loadsOnlyWhenTheTextChangesAndRemembersWhatIsInForce() {
        assertThat(table.loaded()).isFalse();
        assertThat(table.remove()).isNull();

        table.load(spec("ppp0", false), "start");
        long first = loads();
        table.load(spec("ppp0", false), "again");

        assertThat(loads()).isEqualTo(first).isPositive();
        assertThat(table.loaded()).isTrue();
        assertThat(table.loadedInterface()).isEqualTo("ppp0");
        assertThat(table.blocks()).isFalse();
        assertThat(table.loadedAt()).isNotNull();
        assertThat(kernel.table).contains("\"ppp0\"");

        table.load(spec("ppp0", true), "data cap block on");
        assertThat(loads()).isGreaterThan(first);
        assertThat(table.blocks()).isTrue();

        table.forget();
        long before = loads();
        table.load(spec("ppp0", true), "after a flush");
        assertThat(loads()).isGreaterThan(before);
    }

    @Test
    void aRefusedLoadKeepsThePreviousTableAndItsError() {
        table.load(spec("ppp0", false), "start");
        String previous = kernel.table;
        kernel.nftRefusal = "/dev/stdin:9:3-40: Error: Could not process rule: No such file or directory\n";

        table.load(spec("usb0", false), "link on usb0");

        assertThat(table.failed()).isTrue();
        assertThat(table.error()).contains("Could not process rule").endsWith("(the previous table stays in force)");
        assertThat(table.loadedInterface()).isEqualTo("ppp0");
        assertThat(kernel.table).isEqualTo(previous);

        kernel.nftRefusal = null;
        table.load(spec("usb0", false), "retry");
        assertThat(table.failed()).isFalse();
        assertThat(table.error()).isNull();
        assertThat(table.loadedInterface()).isEqualTo("usb0");
    }
}
