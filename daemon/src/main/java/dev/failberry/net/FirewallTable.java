package dev.failberry.net;

import dev.failberry.status.DataUsageView.OverheadView;
import dev.failberry.time.TimeSource;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The firewall table in force: renders {@link FirewallRules} for a spec and loads it with nft only when the
 * text differs, remembers what is loaded (for which link, whether it blocks for the data cap, when and how
 * fast), keeps the last error (logged once), and folds the table's counters into the link's overhead before
 * a reload starts them from zero. {@link Network} decides when to load and calls this under its own lock.
 */
final class FirewallTable {
    // the lines are the network's, as they were before the table had a class of its own
    private static final Logger log = LoggerFactory.getLogger(Network.class);

    private final NftTable nft;
    private final TimeSource time;
    private final OverheadCounters overhead = new OverheadCounters();

    private String loadedInterface;
    private String loadedText;
    private boolean loadedBlock;
    private boolean failed;
    private String error;
    private Instant loadedAt;
    private Long loadMillis;

    FirewallTable(NftTable nft, TimeSource time) {
        this.nft = nft;
        this.time = time;
    }

    /** Renders the table for {@code spec} and loads it unless that text is in force; {@code why} for the log. */
    void load(FirewallRules.Spec spec, String why) {
        String iface = spec.linkInterface();
        String text;
        try {
            text = FirewallRules.render(spec);
        } catch (IllegalArgumentException e) {
            failure("cannot render the table for " + iface + ": " + e.getMessage());
            return;
        }
        if (text.equals(loadedText)) {
            return;
        }
        if (loadedText != null) {
            readCounters(); // the load starts the counters from zero: keep what they hold so far
        }
        long t0 = time.nanoTime();
        String loadError = nft.load(text);
        long ms = (time.nanoTime() - t0) / 1_000_000;
        if (loadError != null) {
            failure(loadError + (loadedText != null ? " (the previous table stays in force)" : ""));
            return;
        }
        overhead.tableReloaded(time.nanoTime());
        loadedText = text;
        loadedInterface = iface;
        boolean blockChanged = loadedBlock != spec.capBlock();
        loadedBlock = spec.capBlock();
        loadedAt = time.now();
        loadMillis = ms;
        if (failed) {
            log.info("firewall: loaded again, the error is gone");
        }
        failed = false;
        error = null;
        log.info(
                "firewall: table inet {} loaded for link {} ({}; {} forwards; {} ms)",
                FirewallRules.TABLE,
                iface,
                why,
                spec.forwards().size(),
                ms);
        if (blockChanged) {
            log.warn(
                    "firewall: data cap block {}: LAN traffic {} the mobile link{}",
                    loadedBlock ? "ON" : "off",
                    loadedBlock ? "no longer uses" : "may use",
                    loadedBlock && !spec.capAllow().isEmpty()
                            ? " (except ppp.data-usage.cap-allow " + String.join(", ", spec.capAllow()) + ")"
                            : "");
        }
    }

    private void failure(String message) {
        if (!message.equals(error)) {
            log.error("firewall: {}", message);
        }
        failed = true;
        error = message;
    }

    /** Reads the table's counters into the overhead totals; false when the table is not there. */
    boolean readCounters() {
        var text = nft.counters();
        if (text.isEmpty()) {
            return false;
        }
        OverheadCounters.parse(text.get()).ifPresent(c -> overhead.add(c, time.nanoTime()));
        return true;
    }

    /** What the link carried for the Pi itself, from the table's counters; or null. */
    OverheadView overhead() {
        return overhead.view(time.nanoTime());
    }

    /** Someone else removed the table: the next {@link #load} loads it whatever its text. */
    void forget() {
        loadedText = null;
    }

    /** Deletes the table if one was loaded: an error, or null. */
    String remove() {
        return loadedText != null ? nft.delete() : null;
    }

    boolean loaded() {
        return loadedText != null;
    }

    /** The link interface of the table in force, or null before the first load. */
    String loadedInterface() {
        return loadedInterface;
    }

    /** Whether the table in force blocks LAN traffic for the data cap. */
    boolean blocks() {
        return loadedBlock;
    }

    /** The last load failed (the previous table, if any, stays in force). */
    boolean failed() {
        return failed;
    }

    /** The last load's error, or null. */
    String error() {
        return error;
    }

    Instant loadedAt() {
        return loadedAt;
    }

    Long loadMillis() {
        return loadMillis;
    }
}
