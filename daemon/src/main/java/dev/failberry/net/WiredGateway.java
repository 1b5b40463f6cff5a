package dev.failberry.net;

import dev.failberry.persist.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wired router's address for the wired routing table. {@code wired.gateway = auto} learns it from
 * the main table's default route on the wired interface, which exists as the daemon starts (pppd has not
 * run yet; pppd 2.4's {@code replacedefaultroute} removes it only while the link is up, pppd 2.5's metric
 * route leaves it). What was learned is remembered in {@code state-dir/wired-gateway.properties} (written
 * only when it changes) for a start that finds no such route, e.g. after a crash that left pppd's route.
 */
final class WiredGateway {
    private static final Logger log = LoggerFactory.getLogger(WiredGateway.class);

    private final Path file;
    private String v4;
    private String v6;

    WiredGateway(Path stateDir) {
        this.file = stateDir.resolve("wired-gateway.properties");
        try {
            AtomicFile.readProperties(file).ifPresent(p -> {
                v4 = literal(p.getProperty("ipv4"));
                v6 = literal(p.getProperty("ipv6"));
            });
        } catch (IOException e) {
            log.warn("wired gateway: cannot read {}: {}", file, e.getMessage());
        }
    }

    /** Records what the main table shows now (when it shows something); returns the address to use. */
    Optional<String> learned4(Optional<String> seen) {
        seen.ifPresent(g -> {
            if (!g.equals(v4)) {
                v4 = g;
                save();
            }
        });
        return Optional.ofNullable(v4);
    }

    Optional<String> learned6(Optional<String> seen) {
        seen.ifPresent(g -> {
            if (!g.equals(v6)) {
                v6 = g;
                save();
            }
        });
        return Optional.ofNullable(v6);
    }

    /** Only an address literal is used from the file; anything else is ignored (and replaced when learned). */
    private static String literal(String s) {
        return s == null
                ? null
                : dev.failberry.config.Cidr.parse(s)
                        .filter(c -> c.prefix() == c.network().getAddress().length * 8)
                        .map(Object::toString)
                        .orElse(null);
    }

    private void save() {
        Properties p = new Properties();
        if (v4 != null) {
            p.setProperty("ipv4", v4);
        }
        if (v6 != null) {
            p.setProperty("ipv6", v6);
        }
        try {
            AtomicFile.writeProperties(
                    file, p, "the wired router, as learned from the default route on wired.interface");
        } catch (IOException e) {
            log.warn("wired gateway: cannot remember it in {}: {}", file, e.getMessage());
        }
    }
}
