package dev.failberry.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.modem.AtResponseParser;
import dev.failberry.modem.AtResponseParser.Discarded;
import dev.failberry.modem.AtResponseParser.Event;
import dev.failberry.modem.AtResponseParser.Overflow;
import dev.failberry.modem.AtResponseParser.Reply;
import dev.failberry.modem.AtResult.Status;
import dev.failberry.modem.UrcRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * {@link AtResponseParser} against random and mutated byte streams fed in random chunk sizes: it never
 * throws, every feed returns at once, its line buffer never grows past the limit (over-long lines come
 * out as {@link Overflow} and framing carries on), chunking never changes what it reports, and a valid
 * {@code OK} after any garbage still ends the command in flight.
 */
@AddLifecycleHook(FuzzCampaign.class)
class AtFramingFuzzTest {

    /** Far above the microseconds a feed takes; only a hang or a quadratic blow-up gets near it. */
    private static final long MAX_FEED_NANOS = 250_000_000L;

    private static final List<String> COMMANDS = List.of(
            "AT",
            "AT+CSQ",
            "ATI",
            "AT+CREG?",
            "AT+COPS?",
            "AT+CGMI",
            "ATD*99#",
            "AT^SYSINFOEX",
            "AT+CPIN?",
            "ATZ",
            "AT+CGDCONT?");

    @Provide
    Arbitrary<byte[]> streams() {
        return AtCorpus.streams();
    }

    @Provide
    Arbitrary<List<Integer>> chunks() {
        return AtCorpus.chunkSizes();
    }

    @Provide
    Arbitrary<String> commands() {
        return Arbitraries.of(COMMANDS);
    }

    /** Feeds {@code data} in chunks of the given sizes (cycled), asserting each call returns quickly. */
    static List<Event> feedChunked(AtResponseParser p, byte[] data, List<Integer> sizes) {
        List<Event> out = new ArrayList<>();
        int off = 0;
        int k = 0;
        while (off < data.length) {
            int n = Math.min(sizes.get(k++ % sizes.size()), data.length - off);
            long t0 = System.nanoTime();
            out.addAll(p.feed(data, off, n));
            long took = System.nanoTime() - t0;
            assertThat(took)
                    .as("feed of %d bytes took %d ms", n, took / 1_000_000)
                    .isLessThan(MAX_FEED_NANOS);
            off += n;
        }
        return out;
    }

    /**
     * The framing rules from the parser's documentation, written out independently: lines end on CR or
     * LF, bytes below 0x20 (but tab) and from 0x7f up are dropped, blank lines are skipped, a line of
     * more than {@code max} kept bytes is one Overflow of all its kept bytes.
     */
    static List<Event> model(byte[] data, int max) {
        List<Event> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (byte x : data) {
            int b = x & 0xff;
            if (b == '\r' || b == '\n') {
                if (line.length() > max) {
                    out.add(new Overflow(line.length()));
                } else if (!line.toString().isBlank()) {
                    out.add(new Discarded(line.toString(), "no command in flight"));
                }
                line.setLength(0);
            } else if (b >= 0x20 && b < 0x7f || b == '\t') {
                line.append((char) b);
            }
        }
        return out;
    }

    @Property(tries = 600, seed = "8081")
    void framingMatchesTheDocumentedRulesWhateverTheChunking(
            @ForAll("streams") byte[] stream,
            @ForAll("chunks") List<Integer> chunks,
            @ForAll @IntRange(min = 16, max = 600) int maxLine) {
        // no URC table and no command: every framed line comes back as Discarded, so framing is all we see
        AtResponseParser p = new AtResponseParser(new UrcRegistry(), maxLine);
        byte[] terminated = concat(stream, new byte[] {'\r'});
        List<Event> events = feedChunked(p, terminated, chunks);
        assertThat(events).isEqualTo(model(terminated, maxLine));
        for (Event e : events) {
            if (e instanceof Discarded d) {
                assertThat(d.line().length()).isLessThanOrEqualTo(maxLine);
            }
        }
    }

    @Property(tries = 600, seed = "8082")
    void chunkingNeverChangesWhatTheParserReports(
            @ForAll("streams") byte[] stream,
            @ForAll("chunks") List<Integer> chunks,
            @ForAll("commands") String command,
            @ForAll @IntRange(min = 16, max = 4096) int maxLine,
            @ForAll boolean prompted) {
        AtResponseParser whole = new AtResponseParser(UrcRegistry.standard(), maxLine);
        AtResponseParser split = new AtResponseParser(UrcRegistry.standard(), maxLine);
        if (prompted) { // AT+CMGS: the "> " prompt, which has no line end, may end it too
            whole.beginPrompted(command);
            split.beginPrompted(command);
        } else {
            whole.begin(command);
            split.begin(command);
        }
        List<Event> expected = feedChunked(whole, stream, List.of(Integer.MAX_VALUE));
        List<Event> actual = feedChunked(split, stream, chunks);
        assertThat(actual).isEqualTo(expected);
        assertThat(split.inFlight()).isEqualTo(whole.inFlight());
        assertThat(split.partialRaw()).isEqualTo(whole.partialRaw());

        int replies = 0;
        for (Event e : actual) {
            if (e instanceof Reply r) {
                replies++;
                assertThat(r.status()).isNotNull().matches(Status::isReply);
                for (String l : r.lines()) {
                    assertThat(l).isNotBlank().doesNotContain("\r", "\n", "\0").hasSizeLessThanOrEqualTo(maxLine);
                }
                assertThat(r.raw().size()).isGreaterThanOrEqualTo(r.lines().size());
                assertThat(r.raw()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(maxLine));
            } else if (e instanceof Overflow o) {
                assertThat(o.droppedBytes()).isGreaterThan(maxLine);
            }
        }
        // one command, one final result at most; afterwards nothing is in flight
        assertThat(replies).isLessThanOrEqualTo(1);
        assertThat(split.inFlight()).isEqualTo(replies == 0);
    }

    @Property(tries = 600, seed = "8083")
    void aValidOkAfterGarbageStillEndsTheCommandInFlight(
            @ForAll("streams") byte[] garbage,
            @ForAll("chunks") List<Integer> chunks,
            @ForAll("commands") String before,
            @ForAll("commands") String after,
            @ForAll boolean abortBefore,
            @ForAll @IntRange(min = 16, max = 4096) int maxLine) {
        AtResponseParser p = new AtResponseParser(UrcRegistry.standard(), maxLine);
        p.begin(before);
        List<Event> noise = feedChunked(p, garbage, chunks);
        if (abortBefore) {
            p.abort(); // a timed-out command, as AtPort does
        }
        // the end of the noise (CR flushes a partial line), then AtPort's resynchronisation
        feedChunked(p, new byte[] {'\r'}, chunks);
        p.forgetOwed();
        p.begin(after);
        List<Event> events =
                feedChunked(p, ("\r\n" + after + "\r\r\n\r\nOK\r\n").getBytes(StandardCharsets.US_ASCII), chunks);
        List<Reply> replies = events.stream()
                .filter(Reply.class::isInstance)
                .map(Reply.class::cast)
                .toList();
        assertThat(replies).as("events %s", events).hasSize(1);
        assertThat(replies.get(0).status()).isEqualTo(Status.OK);
        assertThat(replies.get(0).lines()).isEmpty();
        assertThat(p.inFlight()).isFalse();

        boolean longRun = hasRunLongerThan(garbage, maxLine);
        if (longRun) {
            assertThat(noise).as("an over-long line is reported").hasAtLeastOneElementOfType(Overflow.class);
        }
    }

    /** True if some line of {@code data} keeps more than {@code max} bytes and is terminated. */
    private static boolean hasRunLongerThan(byte[] data, int max) {
        int run = 0;
        for (byte x : data) {
            int b = x & 0xff;
            if (b == '\r' || b == '\n') {
                if (run > max) {
                    return true;
                }
                run = 0;
            } else if (b >= 0x20 && b < 0x7f || b == '\t') {
                run++;
            }
        }
        return false;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
