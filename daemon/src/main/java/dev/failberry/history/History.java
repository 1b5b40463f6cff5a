package dev.failberry.history;

import dev.failberry.config.HistoryConfig;
import dev.failberry.notify.EventName;
import dev.failberry.notify.EventSink;
import dev.failberry.notify.NotifyEvent;
import dev.failberry.status.StatusSnapshot;
import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import dev.failberry.time.TimeSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What happened, kept: the {@link Journal} of every state transition, recovery action and notification
 * event; the availability {@link Timeline}; and the dashboard's 24-hour {@link Series}. It takes state
 * transitions through {@link #stateChanged} (the supervisor's listener), recovery actions through
 * {@link #actionTaken}, notification events through {@link #sink()} (tee'd with the notifier), and samples
 * the published status every {@code history.sample-interval} on the scheduler it is given: no thread of its
 * own, and nothing runs for a reader that is not there.
 */
public final class History implements AutoCloseable {
    /** The journal's directory under the state directory. */
    public static final String DIRECTORY = "history";

    /**
     * Seams for what the status will carry but the supervisor's state does not: the wired path
     * ({@code up}, {@code down}, {@code unknown} or null) and whether the data budget blocks the mobile link.
     */
    public record Sources(Function<StatusSnapshot, String> wiredPath, Predicate<StatusSnapshot> blockedByBudget) {
        /** Wired path unknown, never blocked (until those parts of the status exist). */
        public static final Sources NONE = new Sources(s -> null, s -> false);
    }

    private final Journal journal;
    private final Scheduler scheduler;
    private final TimeSource time;
    private final Supplier<StatusSnapshot> snapshot;
    private final Sources sources;
    private final Timeline timeline = new Timeline();
    private final Series series;
    private final Cancellable sampling;
    private Availability.Report cached;
    private long cachedAtMono = Long.MIN_VALUE;

    private History(
            Journal journal,
            Scheduler scheduler,
            HistoryConfig config,
            Supplier<StatusSnapshot> snapshot,
            Sources sources) {
        this.journal = journal;
        this.scheduler = scheduler;
        this.time = scheduler.time();
        this.snapshot = snapshot;
        this.sources = sources;
        this.series = new Series((int) Math.max(
                1,
                java.time.Duration.ofHours(24).toMillis()
                        / config.sampleInterval().toMillis()));
        this.sampling = scheduler.scheduleEvery(config.sampleInterval(), config.sampleInterval(), this::sample);
    }

    /**
     * Opens the journal in {@code <stateDir>/history} (setting aside what cannot be read), starts a new
     * session and the sampling. Throws when the directory cannot be used; the daemon then runs without.
     */
    public static History open(
            HistoryConfig config,
            Path stateDir,
            Scheduler scheduler,
            Supplier<StatusSnapshot> snapshot,
            Sources sources)
            throws IOException {
        var settings = new Journal.Settings(
                config.maxBytes(), config.segmentBytes(), config.flushDelay(), config.markInterval());
        Journal.Opened opened = Journal.open(stateDir.resolve(DIRECTORY), settings, scheduler, version(), bootId());
        History h = new History(opened.journal(), scheduler, config, snapshot, sources);
        h.timeline.addPast(
                Chronology.runs(opened.previous().entries(), null),
                opened.journal().session());
        return h;
    }

    // ---- inputs ---------------------------------------------------------------------------------

    /** A state transition of the supervisor (its listener; on the supervisor's thread). */
    public void stateChanged(String from, String to, String reason) {
        Entry e = journal.append(Entry.Kind.STATE, to, from, reason, null, false);
        synchronized (this) {
            timeline.set(e.mono(), Timeline.apply(timeline.liveFlags(), e));
            cached = null;
        }
    }

    /**
     * A recovery action the supervisor took ({@code redial}, {@code modem_reset}, {@code usb_power_cycle},
     * {@code reboot}), on the supervisor's thread. Without a reason, the record is made after the supervisor's
     * current task, with the reason it then publishes as its last action (the fault it saw), and the time
     * of the call.
     */
    public void actionTaken(String action, String state, String reason) {
        long mono = journal.monoNow();
        long wall = time.now().toEpochMilli();
        boolean urgent = action.equals("reboot");
        if (!reason.isEmpty()) {
            journal.append(
                    new Entry(Entry.Kind.ACTION, journal.session(), mono, wall, action, state, reason, null), urgent);
            return;
        }
        scheduler.execute(() -> {
            var last = snapshot.get().recovery() == null
                    ? null
                    : snapshot.get().recovery().lastAction();
            String why = last != null && action.equals(last.action()) && last.reason() != null ? last.reason() : "";
            journal.append(
                    new Entry(Entry.Kind.ACTION, journal.session(), mono, wall, action, state, why, null), urgent);
        });
    }

    /** Where the supervisor's notification events are recorded; tee it with the notifier. Never blocks. */
    public EventSink sink() {
        return this::record;
    }

    private void record(NotifyEvent ev) {
        long mono = journal.monoOf(ev.nanos());
        long now = journal.monoNow();
        if (mono < 0 || mono > now) {
            mono = now; // not from this daemon's clock
        }
        Entry e = new Entry(
                Entry.Kind.EVENT,
                journal.session(),
                mono,
                ev.time().toEpochMilli(),
                ev.name().wire(),
                ev.state(),
                ev.reason(),
                ev.detail());
        journal.append(e, ev.name() == EventName.REBOOT_PENDING);
        synchronized (this) {
            byte flags = Timeline.apply(timeline.liveFlags(), e);
            if (flags != timeline.liveFlags()) {
                timeline.set(mono, flags);
                cached = null;
            }
        }
    }

    /** Takes one sample of the published status; records the wired path and the budget block when they change. */
    void sample() {
        StatusSnapshot s = snapshot.get();
        long mono = journal.monoNow();
        Integer rssi = s.modem() == null || s.modem().signal() == null
                ? null
                : s.modem().signal().rssiDbm();
        Long latency = s.ppp() == null ? null : s.ppp().probeLatencyMs();
        var u = s.dataUsage();
        String path = sources.wiredPath().apply(s);
        boolean blocked = sources.blockedByBudget().test(s);
        byte flags;
        synchronized (this) {
            series.add(
                    mono, rssi, latency, u == null ? null : u.rxBytes() + u.txBytes(), u == null ? null : u.capBytes());
            flags = timeline.liveFlags();
        }
        byte wired = Timeline.wired(flags, path == null ? "unknown" : path);
        if (wired != flags) {
            Entry e = journal.append(Entry.Kind.WIRED, path == null ? "unknown" : path, s.state(), "", null, false);
            change(e.mono(), wired);
            flags = wired;
        }
        if (blocked != ((flags & Timeline.BLOCKED) != 0)) {
            Entry e = journal.append(
                    Entry.Kind.BUDGET,
                    blocked ? "blocked" : "open",
                    s.state(),
                    blocked ? "data cap reached: LAN traffic over the mobile link blocked" : "",
                    null,
                    false);
            change(e.mono(), (byte) (blocked ? flags | Timeline.BLOCKED : flags & ~Timeline.BLOCKED));
        }
    }

    private synchronized void change(long mono, byte flags) {
        timeline.set(mono, flags);
        cached = null;
    }

    // ---- outputs --------------------------------------------------------------------------------

    /** The figures of every window; computed at most once a second. */
    public synchronized Availability.Report availability() {
        long mono = journal.monoNow();
        if (cached == null || mono - cachedAtMono >= 1000) {
            long now = time.now().toEpochMilli();
            cached = Availability.report(timeline.spans(now, mono), now);
            cachedAtMono = mono;
        }
        return cached;
    }

    /** True/false while the wired path is known up/down, null while unknown. */
    public synchronized Boolean wiredUp() {
        byte f = timeline.liveFlags();
        return (f & Timeline.WIRED_UP) != 0 ? Boolean.TRUE : (f & Timeline.WIRED_DOWN) != 0 ? Boolean.FALSE : null;
    }

    public Journal.Stats stats() {
        return journal.stats();
    }

    /** The {@code history} object of {@code /status}. */
    public Map<String, Object> statusMap() {
        Journal.Stats st = journal.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("journal", journal.directory().toString());
        m.put("journal_bytes", st.bytesOnDisk());
        m.put("writes", st.writes());
        m.put("bytes_written", st.bytesWritten());
        m.put("buffered", st.buffered());
        m.put("lost", st.lost());
        m.put("last_error", st.lastError());
        m.put("session", st.session());
        Boolean wired = wiredUp();
        m.put("wired_path", wired == null ? "unknown" : wired ? "up" : "down");
        m.put("memory_bytes", footprintBytes());
        return m;
    }

    /** The folded items of the journal (files and what is not yet written) from {@code sinceMillis} on. */
    public List<Item> items(long sinceMillis) throws IOException {
        Journal.Capture c = journal.capture();
        List<Entry> entries = new ArrayList<>(
                JournalFiles.read(journal.directory(), c.flushed()).entries());
        entries.addAll(c.buffered());
        var anchor = new Chronology.Anchor(journal.session(), time.now().toEpochMilli(), journal.monoNow());
        return Fold.items(Chronology.runs(entries, anchor), sinceMillis);
    }

    /** The dashboard's samples since {@code sinceWall}. */
    synchronized Series.Columns samples(long sinceWall) {
        return series.columns(time.now().toEpochMilli(), journal.monoNow(), sinceWall);
    }

    /** The link bands: the timeline's runs on the wall clock. */
    synchronized List<Timeline.Span> spans() {
        return timeline.spans(time.now().toEpochMilli(), journal.monoNow());
    }

    long nowMillis() {
        return time.now().toEpochMilli();
    }

    /** Bytes of memory held: the series, the timeline and the unwritten records. */
    public synchronized long footprintBytes() {
        return series.footprintBytes() + timeline.footprintBytes();
    }

    /** Reads a journal without a daemon ({@code failberry events} when none answers). */
    public record Offline(List<Item> items, List<String> damage) {}

    /** The items of the journal in {@code <stateDir>/history} from {@code sinceMillis} on, read-only. */
    public static Offline readOffline(Path stateDir, long sinceMillis) throws IOException {
        Path dir = stateDir.resolve(DIRECTORY);
        if (!Files.isDirectory(dir)) {
            throw new java.nio.file.NoSuchFileException(dir.toString(), null, "no journal");
        }
        JournalFiles.Read read = JournalFiles.read(dir, null);
        List<String> damage =
                read.damage().stream().map(JournalFiles.Damage::describe).toList();
        return new Offline(Fold.items(Chronology.runs(read.entries(), null), sinceMillis), damage);
    }

    @Override
    public void close() {
        sampling.cancel();
        journal.close();
    }

    static String version() {
        try (InputStream in = History.class.getResourceAsStream("/failberry-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The kernel's id of this boot: a different one in the next run means the host rebooted. */
    static String bootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII)
                    .strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
