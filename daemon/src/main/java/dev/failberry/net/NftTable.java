package dev.failberry.net;

import dev.failberry.proc.CommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Loads, checks and deletes the table {@code inet failberry} with {@code nft -f -} (the rule set on
 * standard input, an argument array, no shell and no file on disk). One {@code nft -f} is one
 * transaction: a table nft refuses changes nothing, so the previous one stays in force.
 */
final class NftTable {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final Path nft;
    private final Commands commands;

    NftTable(Path nft, Commands commands) {
        this.nft = nft;
        this.commands = commands;
    }

    /** Loads {@code text}; returns nft's complaint (null when loaded). */
    String load(String text) {
        CommandRunner.Result r = commands.run(List.of(nft.toString(), "-f", "-"), text, TIMEOUT);
        return r.ok() ? null : "nft refused the table: " + Commands.oneLine(r);
    }

    /**
     * The table's named counters ({@code nft list counters table inet failberry}); empty when the table is
     * not there (an nftables.service reload with `flush ruleset` removes it) or nft fails.
     */
    java.util.Optional<String> counters() {
        CommandRunner.Result r = commands.run(
                List.of(nft.toString(), "list", "counters", "table", "inet", FirewallRules.TABLE), null, TIMEOUT);
        return r.ok() ? java.util.Optional.of(r.output()) : java.util.Optional.empty();
    }

    /** Whether the table exists (an nftables.service reload with `flush ruleset` removes it). */
    boolean present() {
        return commands.run(List.of(nft.toString(), "list", "table", "inet", FirewallRules.TABLE), null, TIMEOUT)
                .ok();
    }

    /** Deletes the table (if it is there); returns the error or null. */
    String delete() {
        CommandRunner.Result r = commands.run(List.of(nft.toString(), "-f", "-"), FirewallRules.deletion(), TIMEOUT);
        return r.ok() ? null : "nft could not delete the table: " + Commands.oneLine(r);
    }
}
