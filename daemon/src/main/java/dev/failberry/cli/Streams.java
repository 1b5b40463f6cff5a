package dev.failberry.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Bridges picocli's writers to capability code that prints to a PrintStream. */
final class Streams {
    private Streams() {}

    static PrintStream of(PrintWriter writer) {
        return new PrintStream(
                new OutputStream() {
                    private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

                    @Override
                    public void write(int b) {
                        line.write(b);
                        if (b == '\n') {
                            flush();
                        }
                    }

                    @Override
                    public void flush() {
                        writer.print(line.toString(StandardCharsets.UTF_8));
                        writer.flush();
                        line.reset();
                    }
                },
                true,
                StandardCharsets.UTF_8);
    }
}
