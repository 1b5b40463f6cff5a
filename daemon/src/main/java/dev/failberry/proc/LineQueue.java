package dev.failberry.proc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The lines a child process writes on a stream, queued by one daemon thread that lives as long as the
 * stream does, so that the reader can wait for the next line with a timeout (a blocking read cannot).
 */
public final class LineQueue {
    /** What {@link #poll} returns once the stream has ended, and every time after. Compare with {@code ==}. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    public static final String END = new String("<end of stream>");

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private LineQueue() {}

    /** Starts the thread {@code threadName} reading {@code in} (UTF-8) line by line. */
    public static LineQueue of(InputStream in, String threadName) {
        LineQueue q = new LineQueue();
        Thread reader = new Thread(() -> q.pump(in), threadName);
        reader.setDaemon(true);
        reader.start();
        return q;
    }

    private void pump(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process went away: the end of the stream, below
        }
        lines.add(END);
    }

    /** The next line, {@link #END} once the stream has ended, or null when none came within {@code timeout}. */
    public String poll(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (line == END) {
            lines.add(END);
        }
        return line;
    }
}
