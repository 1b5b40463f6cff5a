package dev.failberry.modem;

import dev.failberry.config.Secret;
import dev.failberry.persist.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Never spends a second attempt on a SIM PIN the SIM refused. A SIM allows three wrong PINs and then wants
 * its PUK; the daemon restarts, and the power goes, far more often than that. So what the daemon learnt
 * about the configured PIN (this SIM refused it; or an attempt was under way when the daemon stopped) is
 * kept in {@code <state-dir>/sim-pin.properties}, written atomically before and after each attempt, and the
 * PIN is sent only when that file and the SIM's own count of attempts left (where the modem reports it) say
 * it is safe: never a PIN this SIM refused, never with one attempt left, never after an attempt whose
 * outcome cannot be known.
 *
 * <p>Entries are keyed by the SIM's ICCID and a salted PBKDF2 hash of the PIN, never the PIN itself. (A PIN
 * of 4 digits can still be found from its hash by trying all 10,000; the file is as private as the
 * configuration that holds the PIN.) A new PIN in {@code modem.pin}, or another SIM, starts afresh.
 *
 * <p>Used on the modem thread only.
 */
final class PinGuard {
    static final String FILE_NAME = "sim-pin.properties";
    private static final String SALT = "salt";
    private static final String UNKNOWN_ICCID = "unknown-iccid";
    private static final int ITERATIONS = 10_000;

    /** What is known about one PIN on one SIM. */
    enum Mark {
        REJECTED,
        ATTEMPTING
    }

    /**
     * One entry of the file.
     *
     * @param attemptsBefore the SIM's attempts left just before the attempt (null: not reported)
     */
    record Entry(Mark mark, Integer attemptsBefore, Instant since) {}

    /**
     * Whether to send the configured PIN, and why not.
     *
     * @param learntRejected the entry said "attempting" and the SIM's count shows the attempt was refused
     */
    record Verdict(boolean send, String why, boolean learntRejected) {
        static final Verdict SEND = new Verdict(true, null, false);

        static Verdict refuse(String why) {
            return new Verdict(false, why, false);
        }
    }

    private final Path file;
    private final Supplier<Instant> now;
    private final Map<String, String> hashes = new HashMap<>();
    private final Set<String> told = new HashSet<>();

    PinGuard(Path stateDir, Supplier<Instant> now) {
        this.file = stateDir.resolve(FILE_NAME);
        this.now = now;
    }

    Path file() {
        return file;
    }

    /** True the first time this daemon gives this reason for not sending the PIN: it is logged once. */
    boolean firstTime(String why) {
        return told.add(why);
    }

    /**
     * The decision, from what the file says about this PIN on this SIM and the attempts the SIM has left
     * (null when the modem does not say).
     */
    static Verdict decide(Entry entry, Integer attemptsLeft) {
        if (attemptsLeft != null && attemptsLeft <= 1) {
            return Verdict.refuse(
                    attemptsLeft == 1
                            ? "only 1 PIN attempt is left on this SIM: modem.pin is not sent (a wrong PIN would lock the SIM"
                                    + " to its PUK); check it, then enter it once with failberry modem at"
                            : "this SIM has no PIN attempt left: it needs its PUK");
        }
        if (entry == null) {
            return Verdict.SEND;
        }
        String when = entry.since() == null ? "earlier" : "on " + entry.since();
        if (entry.mark() == Mark.REJECTED) {
            return Verdict.refuse(refused(when, attemptsLeft));
        }
        if (attemptsLeft == null || entry.attemptsBefore() == null) {
            return Verdict.refuse("an attempt with modem.pin was cut short " + when + " and this modem does not report"
                    + " the attempts left, so it may have been refused: not trying it again; check modem.pin, then"
                    + " delete " + FILE_NAME + " in the state directory");
        }
        if (attemptsLeft < entry.attemptsBefore()) {
            return new Verdict(false, refused(when, attemptsLeft), true);
        }
        // the attempt never reached the SIM, or the SIM took it (a right PIN resets the count)
        return Verdict.SEND;
    }

    private static String refused(String when, Integer attemptsLeft) {
        return "the configured PIN was refused by this SIM " + when + ": not trying it again"
                + (attemptsLeft == null ? "" : " (" + attemptsLeft + " attempts left)")
                + "; put the right PIN in modem.pin";
    }

    /** Reads the file and decides; marks a cut-short attempt that the SIM's count shows was refused. */
    Verdict check(String iccid, Secret pin, Integer attemptsLeft) {
        Properties p;
        try {
            p = load();
        } catch (IOException e) {
            return Verdict.refuse("cannot read " + file + " (" + e.getMessage() + "), which remembers refused PINs:"
                    + " modem.pin is not sent");
        }
        Entry entry = p.containsKey(SALT) ? parse(p.getProperty(key(p, iccid, pin))) : null;
        Verdict v = decide(entry, attemptsLeft);
        if (v.learntRejected()) {
            try {
                put(iccid, pin, Mark.REJECTED, null);
            } catch (IOException e) {
                // the entry still says "attempting", which refuses just the same
            }
        }
        return v;
    }

    /** Written before the PIN is sent: an attempt is under way. */
    void attempting(String iccid, Secret pin, Integer attemptsLeft) throws IOException {
        put(iccid, pin, Mark.ATTEMPTING, attemptsLeft);
    }

    /** The SIM refused the PIN. */
    void rejected(String iccid, Secret pin) throws IOException {
        put(iccid, pin, Mark.REJECTED, null);
    }

    /** The SIM took the PIN: nothing to remember about it. */
    void accepted(String iccid, Secret pin) throws IOException {
        Properties p = load();
        if (p.containsKey(SALT) && p.remove(key(p, iccid, pin)) != null) {
            save(p);
        }
    }

    private void put(String iccid, Secret pin, Mark mark, Integer attemptsBefore) throws IOException {
        Properties p = load();
        if (!p.containsKey(SALT)) {
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            p.setProperty(SALT, HexFormat.of().formatHex(salt));
        }
        String stamp = now.get().truncatedTo(ChronoUnit.SECONDS).toString();
        p.setProperty(
                key(p, iccid, pin),
                mark == Mark.REJECTED
                        ? "rejected " + stamp
                        : "attempting " + (attemptsBefore == null ? "-" : attemptsBefore) + " " + stamp);
        save(p);
    }

    private Properties load() throws IOException {
        return AtomicFile.readProperties(file).orElseGet(Properties::new);
    }

    private void save(Properties p) throws IOException {
        AtomicFile.writeProperties(
                file,
                p,
                "FailberryPi: SIM PINs a SIM refused, or an attempt under way, by ICCID"
                        + " and salted hash of the PIN (never the PIN). Delete an entry to let the daemon try that PIN again.");
    }

    /** {@code <iccid>.<hash>}; the hash salted with the file's salt and the ICCID. */
    private String key(Properties p, String iccid, Secret pin) {
        String sim = iccid == null ? UNKNOWN_ICCID : iccid;
        String salt = p.getProperty(SALT);
        // cached in memory (PBKDF2 takes a while on a Pi 2B), keyed like the config holds the PIN: in memory only
        return sim + "." + hashes.computeIfAbsent(salt + "/" + sim + "/" + pin.value(), k -> hash(salt + sim, pin));
    }

    private static String hash(String salt, Secret pin) {
        try {
            var spec = new PBEKeySpec(
                    pin.value().toCharArray(), salt.getBytes(StandardCharsets.US_ASCII), ITERATIONS, 128);
            byte[] h = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
            spec.clearPassword();
            return HexFormat.of().formatHex(h);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        }
    }

    /** An entry from its value; null when absent. One that cannot be read counts as an attempt of unknown outcome. */
    static Entry parse(String value) {
        if (value == null) {
            return null;
        }
        String[] f = value.strip().split("\\s+");
        try {
            if (f.length == 2 && f[0].equals("rejected")) {
                return new Entry(Mark.REJECTED, null, Instant.parse(f[1]));
            }
            if (f.length == 3 && f[0].equals("attempting")) {
                return new Entry(Mark.ATTEMPTING, f[1].equals("-") ? null : Integer.valueOf(f[1]), Instant.parse(f[2]));
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            // falls through: an entry we cannot read still counts as an attempt of unknown outcome
        }
        return new Entry(Mark.ATTEMPTING, null, null);
    }
}
