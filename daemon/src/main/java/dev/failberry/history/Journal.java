package dev.failberry.history;

import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import dev.failberry.time.TimeSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persisted event journal: append-only segments in one directory, easy on an SD card.
 *
 * <ul>
 *   <li><b>Few writes.</b> Records wait in memory and go to the file together, {@code flushDelay} after
 *       the first of them (a fault's burst of transitions and actions becomes one or two writes); a session's
 *       start and a pending reboot are written at once, and a clean stop writes the rest. Each write is one
 *       {@code write} of the whole batch plus {@code fdatasync}, so what was written survives a power cut.</li>
 *   <li><b>Power-cut loss bound.</b> A power cut loses at most the records of the last {@code flushDelay}.
 *       {@code markInterval} after the last write a small mark record is written (a quiet link: one write
 *       per interval), so the time after the last record that a power cut leaves unknown is at most
 *       {@code markInterval}.</li>
 *   <li><b>Bounded.</b> A segment that reached {@code segmentBytes} is closed and a new one started; when all
 *       of them exceed {@code maxBytes} the oldest is deleted. The journal never rewrites itself, except
 *       once at start to set aside lines that could not be read ({@link JournalFiles#recover}).</li>
 * </ul>
 *
 * <p>Threading: {@link #append} may be called from any thread and only touches memory; flushes run on the
 * given scheduler (in the daemon the supervisor's thread: a few hundred bytes a minute at most).
 */
public final class Journal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    /** Records held in memory while the file cannot be written, at most (then new ones are counted as lost). */
    private static final int MAX_BUFFER_BYTES = 256 * 1024;

    /** Sizes and timing; see {@code history.*} in reference.conf. */
    public record Settings(long maxBytes, long segmentBytes, Duration flushDelay, Duration markInterval) {
        public Settings {
            if (segmentBytes <= 0 || maxBytes < segmentBytes) {
                throw new IllegalArgumentException("need 0 < segmentBytes <= maxBytes");
            }
        }
    }

    /** Counters for status and metrics. */
    public record Stats(
            long writes, long bytesWritten, long bytesOnDisk, int buffered, long lost, String lastError, int session) {}

    /** What was flushed (each segment's length) and what is still buffered, taken in one moment. */
    record Capture(Map<Path, Long> flushed, List<Entry> buffered) {}

    private final Path dir;
    private final Settings settings;
    private final Scheduler scheduler;
    private final TimeSource time;
    private final int session;
    private final long startNanos;

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    private final List<Entry> buffered = new ArrayList<>();
    private int segmentIndex;
    private long segmentLength;
    /** Bytes in the closed segments (kept here so that status never lists the directory). */
    private long closedBytes;

    private boolean flushArmed;
    private Cancellable markTask = Cancellable.NONE;
    private long writes;
    private long bytesWritten;
    private long lost;
    /** {@link #lost} when the file was last written: the next loss after it is logged. */
    private long lostLogged;

    private String lastError;
    private boolean closed;

    private Journal(
            Path dir, Settings settings, Scheduler scheduler, int session, int segmentIndex, long segmentLength) {
        this.dir = dir;
        this.settings = settings;
        this.scheduler = scheduler;
        this.time = scheduler.time();
        this.session = session;
        this.startNanos = time.nanoTime();
        this.segmentIndex = segmentIndex;
        this.segmentLength = segmentLength;
    }

    /** A journal opened on its directory, and what it already held (readable entries, damage set aside). */
    public record Opened(Journal journal, JournalFiles.Read previous) {}

    /**
     * Opens (creating) the journal in {@code dir}: sets aside unreadable lines (logged once per segment),
     * starts a new session after the last one found and writes its {@link Entry.Kind#SESSION} record.
     */
    public static Opened open(Path dir, Settings settings, Scheduler scheduler, String version, String bootId)
            throws IOException {
        Files.createDirectories(dir);
        JournalFiles.Read previous = JournalFiles.recover(dir, scheduler.time().now());
        previous.damage().forEach(d -> log.warn("history: {}", d.describe()));
        int lastSession = previous.entries().isEmpty()
                ? 0
                : previous.entries().get(previous.entries().size() - 1).session();
        List<Path> segments = JournalFiles.segments(dir);
        int index = 1;
        long length = 0;
        if (!segments.isEmpty()) {
            Path last = segments.get(segments.size() - 1);
            index = JournalFiles.index(last);
            length = Files.size(last);
            if (length >= settings.segmentBytes()) {
                index++;
                length = 0;
            }
        }
        Journal j = new Journal(dir, settings, scheduler, lastSession + 1, index, length);
        j.prune();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("boot", bootId);
        j.append(Entry.Kind.SESSION, version, "", "daemon started", detail, true);
        return new Opened(j, previous);
    }

    public int session() {
        return session;
    }

    /** Monotonic milliseconds since this session started: the {@code mono} of a record made now. */
    public long monoNow() {
        return (time.nanoTime() - startNanos) / 1_000_000L;
    }

    /** Milliseconds since the session started at monotonic {@code nanos} of the same time source. */
    public long monoOf(long nanos) {
        return (nanos - startNanos) / 1_000_000L;
    }

    /**
     * Records something that happened now. {@code urgent} writes it to the file at once (a session's start,
     * a pending reboot); otherwise it is written with the next batch, at most {@code flushDelay} later.
     */
    public Entry append(
            Entry.Kind kind, String name, String state, String reason, Map<String, Object> detail, boolean urgent) {
        Entry e = new Entry(kind, session, monoNow(), time.now().toEpochMilli(), name, state, reason, detail);
        append(e, urgent);
        return e;
    }

    /** Records {@code e} (its session and times as given). */
    public void append(Entry e, boolean urgent) {
        Objects.requireNonNull(e);
        byte[] line = EntryCodec.encode(e);
        boolean flushNow;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (buffer.size() + line.length > MAX_BUFFER_BYTES) {
                if (lost++ == lostLogged) {
                    log.warn(
                            "history: {} KiB of records wait for the file ({}); newer records are dropped until "
                                    + "it can be written",
                            MAX_BUFFER_BYTES / 1024,
                            lastError);
                }
                return;
            }
            buffer.write(line, 0, line.length);
            buffered.add(e);
            flushNow = urgent;
            if (!flushNow && !flushArmed) {
                flushArmed = true;
                scheduler.schedule(settings.flushDelay(), this::flush);
            }
        }
        if (flushNow) {
            scheduler.execute(this::flush);
        }
    }

    /** Writes what is buffered: one write and one fdatasync; rotates and prunes segments as needed. */
    public synchronized void flush() {
        flushArmed = false;
        if (buffer.size() == 0) {
            return;
        }
        Path seg = JournalFiles.segment(dir, segmentIndex);
        byte[] bytes = buffer.toByteArray();
        try (FileChannel ch =
                FileChannel.open(seg, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            // a write cut short (a full disk: part of the batch written, then ENOSPC) left a torn tail: the
            // retry starts where the last whole batch ended, or that tail would swallow its first record
            if (ch.size() > segmentLength) {
                ch.truncate(segmentLength);
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(false);
        } catch (IOException | RuntimeException e) {
            String why = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!why.equals(lastError)) {
                log.warn("history: cannot write {} ({}); {} bytes kept in memory and retried", seg, why, bytes.length);
            }
            lastError = why;
            if (!closed && !flushArmed) {
                flushArmed = true;
                scheduler.schedule(settings.flushDelay(), this::flush);
            }
            return;
        }
        if (lastError != null) {
            log.info(
                    "history: writing {} again{}",
                    seg,
                    lost > lostLogged ? "; " + (lost - lostLogged) + " records were dropped meanwhile" : "");
            lastError = null;
            lostLogged = lost;
        }
        writes++;
        bytesWritten += bytes.length;
        segmentLength += bytes.length;
        // the next mark is due markInterval after this write: a power cut leaves at most that unknown
        markTask.cancel();
        if (!closed) {
            markTask = scheduler.schedule(settings.markInterval(), this::mark);
        }
        buffer.reset();
        buffered.clear();
        if (segmentLength >= settings.segmentBytes()) {
            segmentIndex++;
            segmentLength = 0;
            prune();
        }
    }

    private synchronized void mark() {
        if (buffer.size() == 0) {
            append(Entry.Kind.MARK, "", "", "", null, true);
        }
    }

    /** Deletes the oldest segments while all of them together exceed {@code maxBytes}. */
    private void prune() {
        try {
            List<Path> segs = JournalFiles.segments(dir);
            long closed = 0;
            for (Path p : segs) {
                if (JournalFiles.index(p) < segmentIndex) {
                    closed += Files.size(p);
                }
            }
            // the open segment may still grow to segmentBytes: leave it that much room
            for (Path p : segs) {
                if (closed <= settings.maxBytes() - settings.segmentBytes() || JournalFiles.index(p) >= segmentIndex) {
                    break;
                }
                closed -= Files.size(p);
                Files.deleteIfExists(p);
                log.debug("history: rotated out {}", p.getFileName());
            }
            closedBytes = closed;
        } catch (IOException e) {
            log.warn("history: cannot prune old segments in {}: {}", dir, e.getMessage());
        }
    }

    /** The segments' flushed lengths and the buffered records, consistent with each other. */
    synchronized Capture capture() throws IOException {
        Map<Path, Long> flushed = new LinkedHashMap<>();
        for (Path p : JournalFiles.segments(dir)) {
            flushed.put(p, JournalFiles.index(p) == segmentIndex ? segmentLength : Files.size(p));
        }
        return new Capture(flushed, List.copyOf(buffered));
    }

    /** Counters, from memory (no file system access: status reads them). */
    public synchronized Stats stats() {
        return new Stats(writes, bytesWritten, closedBytes + segmentLength, buffered.size(), lost, lastError, session);
    }

    public Path directory() {
        return dir;
    }

    /** Writes a {@link Entry.Kind#STOP} record and everything buffered, on the calling thread. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            markTask.cancel();
            append(Entry.Kind.STOP, "", "", "daemon stopped", null, false);
            closed = true;
            flush();
        }
    }
}
