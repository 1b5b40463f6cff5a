package dev.failberry.dns;

import dev.failberry.persist.AtomicFile;
import dev.failberry.time.TimeSource;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last published addresses, kept in {@code <state-dir>/dns-published.properties} (written
 * atomically) so that a restart with the same IP makes no API call. Stored per provider and record: a
 * state file written for another record is ignored. A corrupt file is set aside and forgotten.
 */
final class PublishedStore {
    private static final Logger log = LoggerFactory.getLogger(PublishedStore.class);
    public static final String FILE_NAME = "dns-published.properties";

    /**
     * @param requested what the publisher was asked to publish (the link's addresses)
     * @param published what the record holds as a result (differs for the reference function behind NAT)
     */
    public record Published(
            Map<RecordType, InetAddress> requested, Map<RecordType, InetAddress> published, Instant at) {
        public Published {
            requested = Map.copyOf(requested);
            published = Map.copyOf(published);
        }
    }

    private final Path file;
    private final TimeSource time;
    private final String provider;
    private final String record;

    public PublishedStore(Path stateDir, TimeSource time, String provider, String record) {
        this.file = stateDir.resolve(FILE_NAME);
        this.time = time;
        this.provider = provider;
        this.record = record;
    }

    public Path file() {
        return file;
    }

    public Optional<Published> load() {
        try {
            Optional<Properties> props = AtomicFile.readProperties(file);
            if (props.isEmpty()) {
                return Optional.empty();
            }
            Properties p = props.get();
            if (!provider.equals(p.getProperty("provider")) || !record.equals(p.getProperty("record"))) {
                log.info(
                        "dns: ignoring {}: it was written for {} {}",
                        file,
                        p.getProperty("provider"),
                        p.getProperty("record"));
                return Optional.empty();
            }
            return Optional.of(new Published(
                    addresses(p, "requested."), addresses(p, "published."), Instant.parse(required(p, "updated"))));
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            try {
                Path aside = AtomicFile.setAside(file, time.now());
                log.warn(
                        "dns: state file {} is corrupt ({}); moved to {}, starting without a published IP",
                        file,
                        AwsErrors.oneLine(e.getMessage()),
                        aside.getFileName());
            } catch (IOException io) {
                log.warn(
                        "dns: state file {} is corrupt ({}) and could not be moved aside: {}",
                        file,
                        AwsErrors.oneLine(e.getMessage()),
                        io.getMessage());
            }
            return Optional.empty();
        }
    }

    public void save(Published state) throws IOException {
        Properties p = new Properties();
        p.setProperty("provider", provider);
        p.setProperty("record", record);
        state.requested().forEach((t, ip) -> p.setProperty("requested." + t.name(), ip.getHostAddress()));
        state.published().forEach((t, ip) -> p.setProperty("published." + t.name(), ip.getHostAddress()));
        p.setProperty("updated", state.at().toString());
        AtomicFile.writeProperties(file, p, "failberry: last published DNS addresses");
    }

    private static Map<RecordType, InetAddress> addresses(Properties p, String prefix) {
        Map<RecordType, InetAddress> out = new EnumMap<>(RecordType.class);
        for (RecordType t : RecordType.values()) {
            String v = p.getProperty(prefix + t.name());
            if (v != null) {
                InetAddress ip = Ips.parse(v)
                        .filter(t::accepts)
                        .orElseThrow(
                                () -> new IllegalArgumentException(prefix + t.name() + " is not an address: " + v));
                out.put(t, ip);
            }
        }
        return out;
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return v;
    }
}
