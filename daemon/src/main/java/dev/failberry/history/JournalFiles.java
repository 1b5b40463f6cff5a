package dev.failberry.history;

import dev.failberry.persist.AtomicFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The journal's files: segments {@code journal-000001.log}, {@code journal-000002.log}, ... in one
 * directory, oldest first, each a sequence of {@link EntryCodec} lines. Reading keeps every line that
 * passes its checksum; {@link #recover} (the daemon, at start) also sets the unreadable lines aside in
 * {@code journal-NNNNNN.log.bad-<time>} and rewrites the segment with the readable ones, once, so that
 * nothing is appended after garbage and the damage is logged only once.
 */
final class JournalFiles {
    static final Pattern SEGMENT = Pattern.compile("journal-(\\d{6,9})\\.log");
    private static final Pattern BAD = Pattern.compile("journal-\\d{6,9}\\.log\\.bad-.*");
    /** Set-aside files kept; older ones are deleted (each is at most one segment). */
    static final int KEEP_BAD = 4;

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private JournalFiles() {}

    /** What a segment held that could not be read. */
    record Damage(Path segment, int badLines, int firstBadLine, String reason, int badBytes, Path setAside) {
        /** One sentence for the log or stderr. */
        String describe() {
            return segment.getFileName() + ": " + badLines + " unreadable line" + (badLines == 1 ? "" : "s")
                    + " (line " + firstBadLine + ": " + reason + ", " + badBytes + " bytes)"
                    + (setAside == null ? " skipped" : " set aside in " + setAside.getFileName());
        }
    }

    /** The readable entries of every segment, in order, and what could not be read. */
    record Read(List<Entry> entries, List<Damage> damage) {}

    static Path segment(Path dir, int index) {
        return dir.resolve(String.format("journal-%06d.log", index));
    }

    static int index(Path segment) {
        Matcher m = SEGMENT.matcher(segment.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The segments in {@code dir}, oldest first; empty when the directory does not exist. */
    static List<Path> segments(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> index(p) >= 0)
                    .sorted(Comparator.comparingInt(JournalFiles::index))
                    .toList();
        }
    }

    /**
     * Reads every segment without changing anything (the CLI, and the daemon answering a request).
     * {@code limits} caps how many bytes of a segment are read (what was flushed when the caller looked);
     * segments that vanish meanwhile (rotated away) are skipped.
     */
    static Read read(Path dir, Map<Path, Long> limits) throws IOException {
        List<Entry> entries = new ArrayList<>();
        List<Damage> damage = new ArrayList<>();
        for (Path seg : limits == null
                ? segments(dir)
                : limits.keySet().stream()
                        .sorted(Comparator.comparingInt(JournalFiles::index))
                        .toList()) {
            byte[] bytes;
            try {
                bytes = readUpTo(seg, limits == null ? Long.MAX_VALUE : limits.get(seg));
            } catch (NoSuchFileException e) {
                continue;
            }
            Parsed p = parse(seg, bytes, entries);
            if (p.badLines > 0) {
                damage.add(new Damage(seg, p.badLines, p.firstBadLine, p.reason, p.bad.size(), null));
            }
        }
        return new Read(entries, damage);
    }

    /**
     * Reads every segment and sets aside what cannot be read: the unreadable bytes go to a {@code .bad-}
     * file beside the segment, and the segment is rewritten atomically with its readable lines.
     */
    static Read recover(Path dir, Instant now) throws IOException {
        List<Entry> entries = new ArrayList<>();
        List<Damage> damage = new ArrayList<>();
        for (Path seg : segments(dir)) {
            byte[] bytes = Files.readAllBytes(seg);
            Parsed p = parse(seg, bytes, entries);
            if (p.badLines == 0) {
                continue;
            }
            Path aside = seg.resolveSibling(seg.getFileName() + ".bad-" + STAMP.format(now));
            AtomicFile.write(aside, p.bad.toByteArray());
            AtomicFile.write(seg, p.good.toByteArray());
            damage.add(new Damage(seg, p.badLines, p.firstBadLine, p.reason, p.bad.size(), aside));
        }
        pruneSetAside(dir);
        return new Read(entries, damage);
    }

    private static final class Parsed {
        final ByteArrayOutputStream good = new ByteArrayOutputStream();
        final ByteArrayOutputStream bad = new ByteArrayOutputStream();
        int badLines;
        int firstBadLine;
        String reason;

        void bad(int line, String why, byte[] b, int from, int to) {
            if (badLines++ == 0) {
                firstBadLine = line;
                reason = why;
            }
            bad.write(b, from, to - from);
        }
    }

    private static Parsed parse(Path seg, byte[] b, List<Entry> into) {
        Parsed p = new Parsed();
        int start = 0;
        int line = 0;
        while (start < b.length) {
            line++;
            int nl = indexOf(b, (byte) '\n', start);
            if (nl < 0) {
                p.bad(line, "torn last line (no newline)", b, start, b.length);
                break;
            }
            EntryCodec.Decoded d = EntryCodec.decode(b, start, nl);
            if (d.entry() != null) {
                into.add(d.entry());
                p.good.write(b, start, nl + 1 - start);
            } else {
                p.bad(line, d.problem(), b, start, nl + 1);
            }
            start = nl + 1;
        }
        return p;
    }

    private static int indexOf(byte[] b, byte v, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] readUpTo(Path seg, long limit) throws IOException {
        try (InputStream in = Files.newInputStream(seg)) {
            return limit == Long.MAX_VALUE
                    ? in.readAllBytes()
                    : in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE));
        }
    }

    private static void pruneSetAside(Path dir) throws IOException {
        List<Path> bad;
        try (Stream<Path> s = Files.list(dir)) {
            bad = s.filter(p -> BAD.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing(p -> p.getFileName().toString().replaceFirst(".*\\.bad-", "")))
                    .toList();
        }
        for (int i = 0; i < bad.size() - KEEP_BAD; i++) {
            Files.deleteIfExists(bad.get(i));
        }
    }
}
