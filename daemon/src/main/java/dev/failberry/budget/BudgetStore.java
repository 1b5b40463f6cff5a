package dev.failberry.budget;

import dev.failberry.persist.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link BudgetState} in {@code <state-dir>/budget.properties}, apart from the usage counters (which
 * are saved every few minutes): it is written atomically at once whenever it changes, a few times a
 * month, so no power cut can lose a block. A corrupt file is set aside and logged once; the budget then
 * starts from what the usage counter says (it blocks again at once if the counter is over the cap).
 */
public final class BudgetStore {
    private static final Logger log = LoggerFactory.getLogger(BudgetStore.class);

    private final Path file;
    private final Supplier<Instant> clock;
    private String lastError;

    public BudgetStore(Path file, Supplier<Instant> clock) {
        this.file = file;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /** The saved state, or a fresh one (none saved yet, or set aside as corrupt). */
    public BudgetState load() {
        try {
            Optional<Properties> props = AtomicFile.readProperties(file);
            if (props.isEmpty()) {
                return BudgetState.fresh(null);
            }
            Properties p = props.get();
            String period = p.getProperty("period", "").strip();
            BudgetState s = new BudgetState(
                    period.isEmpty() ? null : Instant.parse(period),
                    bool(p, "warned"),
                    bool(p, "capped"),
                    Long.parseLong(required(p, "capped_at_cap")),
                    BudgetState.Override.valueOf(required(p, "override").toUpperCase(Locale.ROOT)));
            if (s.cappedAtCap() < 0) {
                throw new IllegalArgumentException("negative capped_at_cap");
            }
            return s;
        } catch (IOException | RuntimeException e) {
            setAside(e);
            return BudgetState.fresh(null);
        }
    }

    /** Saves {@code s}; a failure is logged once per distinct message and returned. */
    public String save(BudgetState s) {
        Properties p = new Properties();
        p.setProperty("period", s.period() == null ? "" : s.period().toString());
        p.setProperty("warned", Boolean.toString(s.warned()));
        p.setProperty("capped", Boolean.toString(s.capped()));
        p.setProperty("capped_at_cap", Long.toString(s.cappedAtCap()));
        p.setProperty("override", s.override().name().toLowerCase(Locale.ROOT));
        p.setProperty("saved_at", clock.get().toString());
        try {
            AtomicFile.writeProperties(file, p, "failberry data budget: the block survives restarts and power cuts");
            lastError = null;
            return null;
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            if (!m.equals(lastError)) {
                log.error(
                        "data budget: could not save {}: {} (the block holds while the daemon runs)",
                        file,
                        e.toString());
            }
            lastError = m;
            return m;
        }
    }

    private void setAside(Exception e) {
        try {
            Path aside = AtomicFile.setAside(file, clock.get());
            log.warn(
                    "data budget state {} is corrupt ({}); moved to {}; the budget starts from the usage counter",
                    file,
                    e.getMessage(),
                    aside.getFileName());
        } catch (IOException io) {
            log.warn(
                    "data budget state {} is corrupt ({}) and could not be moved aside ({}); the budget starts from "
                            + "the usage counter",
                    file,
                    e.getMessage(),
                    io.getMessage());
        }
    }

    private static boolean bool(Properties p, String key) {
        String v = required(p, key);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " is not true or false");
        }
        return Boolean.parseBoolean(v);
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return v.strip();
    }
}
