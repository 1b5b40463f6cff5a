package dev.failberry.lab;

import static dev.failberry.lab.LabDaemon.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults of the host's network tools, with the real daemon, ip, nft and kernel in the lab. The daemon's
 * {@code routing.ip} and {@code firewall.nft} are small wrappers around the real tools that, while a flag
 * file exists, do what a real fault does: nft refuses a table; the link's interface vanishes between the
 * link's report and the routing change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class NetworkFaultsLabTest {
    @RegisterExtension
    static final LabExtension fixture = new LabExtension();

    private NetLab lab;
    private LabDaemon daemon;
    private Path scratch;
    private Path flags;

    @BeforeAll
    void startLab() throws Exception {
        lab = fixture.lab();
        scratch = fixture.scratch();
        flags = scratch.resolve("flags");
        Files.createDirectories(flags);
        // nft: refuses to load while flags/nft-refuses exists, with nft's own kind of message
        Path nft = script("nft", """
                #!/bin/sh
                if [ -e '%s/nft-refuses' ] && [ "$1" = "-f" ]; then
                  echo "/dev/stdin:12:3-40: Error: Could not process rule: Operation not supported" >&2
                  exit 1
                fi
                exec %s "$@"
                """.formatted(flags, NetLab.NFT));
        // ip: once flags/vanish exists, the link's interface disappears just before the change that routes
        // the link's table through it (ReplyRouting runs `ip -4 -batch -` with the commands on stdin)
        Path ip = script("ip", """
                #!/bin/sh
                if [ -e '%1$s/vanish' ] && [ "$2" = "-batch" ]; then
                  input=$(cat)
                  case "$input" in
                    *"dev ppp0 table 7102"*) rm -f '%1$s/vanish'; %2$s link del ppp0 ;;
                  esac
                  printf '%%s\n' "$input" | %2$s "$@"
                  exit $?
                fi
                exec %2$s "$@"
                """.formatted(flags, NetLab.IP));
        daemon = fixture.daemon(new LabDaemon(
                lab, scratch, false, Map.of(), "routing.ip = \"" + ip + "\"\nfirewall.nft = \"" + nft + "\""));
    }

    private Path script(String name, String text) throws Exception {
        Path p = scratch.resolve("tools").resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    @Order(1)
    void aRefusedTableIsLoggedOnceTheOldOneStaysAndTheNextLinkChangeLoadsIt() throws Exception {
        // a table from before (an earlier run that crashed): nft refusing the new one must leave it alone
        var old = new dev.failberry.proc.CommandRunner()
                .run(
                        java.util.List.of(NetLab.IP, "netns", "exec", lab.pi, NetLab.NFT, "-f", "-"),
                        "table inet failberry {\n\tchain left_by_an_earlier_run {\n\t}\n}\n",
                        Duration.ofSeconds(10));
        assertThat(old.ok()).as(old.output()).isTrue();
        Files.createFile(flags.resolve("nft-refuses"));
        daemon.start();
        daemon.awaitConnected(Duration.ofSeconds(45));
        Map<String, Object> firewall = part(daemon.status(), "firewall");
        assertThat(String.valueOf(firewall.get("last_error")))
                .startsWith("nft refused the table: ")
                .contains("Error: Could not process rule: Operation not supported");
        assertThat(lab.nftIn(lab.pi, "list", "table", "inet", "failberry").output())
                .contains("left_by_an_earlier_run");
        assertThat(daemon.log().lines().filter(l -> l.contains("ERROR") && l.contains("nft refused")))
                .hasSize(1);
        // routing does not depend on the table to send the link's own traffic out of the link
        assertThat(lab.http(lab.inet, ReplyRoutingLab.MOBILE, LabDaemon.HEALTH, "/health", "lte"))
                .isEqualTo("200 OK | failberry ok");

        Files.delete(flags.resolve("nft-refuses"));
        daemon.dropCarrier();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> part(daemon.status(), "firewall").get("last_error") == null);
        assertThat(lab.nftIn(lab.pi, "list", "table", "inet", "failberry").output())
                .doesNotContain("left_by_an_earlier_run")
                .contains("mark_prerouting");
    }

    @Test
    @Order(2)
    void aLinkThatVanishesMidChangeLeavesNoHalfRuleSetAndTheNextChangeRepairsIt() throws Exception {
        daemon.awaitConnected(Duration.ofSeconds(30));
        Files.createFile(flags.resolve("vanish"));
        daemon.dropCarrier();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> part(daemon.status(), "routing").get("last_error") != null);
        assertThat(String.valueOf(part(daemon.status(), "routing").get("last_error")))
                .isEqualTo("ip -4 route replace default dev ppp0 table 7102: Cannot find device \"ppp0\"");
        // the whole change was undone: nothing of the link is left in the rules or its table
        assertThat(ReplyRoutingLab.ours(lab.show(lab.pi, "rule", "show")))
                .containsExactly(
                        "7100:\tfrom all lookup main suppress_prefixlength 0",
                        "7101:\tfrom all fwmark 0x1000000/0xf000000 lookup 7101",
                        "7102:\tfrom all fwmark 0x2000000/0xf000000 lookup 7102",
                        "7104:\tfrom all iif eth0 lookup 7102",
                        "7105:\tfrom " + NetLab.PI_LAN + " lookup 7101");
        assertThat(lab.show(lab.pi, "route", "show", "table", "7102").strip()).isEmpty();
        assertThat(daemon.log().lines().filter(l -> l.contains("ERROR") && l.contains("Cannot find device")))
                .hasSize(1);

        // the next link change puts everything in place
        daemon.dropCarrier();
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> part(daemon.status(), "routing").get("last_error") == null
                        && lab.show(lab.pi, "rule", "show").contains("7103:\tfrom " + ReplyRoutingLab.MOBILE));
        daemon.awaitConnected(Duration.ofSeconds(30));
        assertThat(lab.http(lab.inet, ReplyRoutingLab.MOBILE, LabDaemon.HEALTH, "/health", "lte"))
                .isEqualTo("200 OK | failberry ok");
    }
}
