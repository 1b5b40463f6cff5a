package dev.failberry.proc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command from an argument array (never through a shell), with a time limit, and
 * returns its exit code and output, with only {@link ChildEnvironment#minimal the minimal environment}.
 * Used for uhubctl, the reboot command, {@code ip} and {@code nft} (whose rule sets arrive on standard
 * input); pppd has its own long-lived supervisor.
 */
public final class CommandRunner {
    private static final int MAX_OUTPUT = 64 * 1024;

    /** Output and exit status of a finished (or killed) command. */
    public record Result(List<String> command, int exitCode, String output, boolean timedOut, String startError) {
        public boolean ok() {
            return startError == null && !timedOut && exitCode == 0;
        }

        /** One-line description for logs. */
        public String describe() {
            if (startError != null) {
                return "could not start " + command.get(0) + ": " + startError;
            }
            if (timedOut) {
                return command.get(0) + " did not finish in time and was killed";
            }
            return command.get(0) + " exited " + exitCode;
        }
    }

    public Result run(List<String> command, Duration timeout) {
        return run(command, null, timeout);
    }

    /**
     * As {@link #run(List, Duration)}, with {@code stdin} (at most a few KiB) written to the command's
     * standard input, then closed; null gives it an empty input.
     */
    public Result run(List<String> command, String stdin, Duration timeout) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        Path exe = Path.of(command.get(0));
        if (exe.isAbsolute() && !Files.isExecutable(exe)) {
            return new Result(
                    List.copyOf(command),
                    -1,
                    "",
                    false,
                    Files.exists(exe) ? "not executable" : "not installed (" + exe + " missing)");
        }
        Process process;
        try {
            process = ProcessTree.start(ChildEnvironment.minimal(new ProcessBuilder(command))
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.PIPE));
        } catch (IOException e) {
            return new Result(List.copyOf(command), -1, "", false, e.getMessage());
        }
        try {
            var reader = new OutputCollector(process.getInputStream());
            reader.start();
            // written before waiting: the inputs here (rule sets, ip batches) are a few KiB, far below the
            // pipe's buffer, so a command that does not read cannot block this write
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the command exited without reading all of it: its exit status says why
            }
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                ProcessTree.kill(process.toHandle());
                process.waitFor(2, TimeUnit.SECONDS);
            }
            reader.join(2000);
            return new Result(
                    List.copyOf(command), finished ? process.exitValue() : -1, reader.text(), !finished, null);
        } catch (InterruptedException e) {
            ProcessTree.kill(process.toHandle());
            Thread.currentThread().interrupt();
            return new Result(List.copyOf(command), -1, "", true, null);
        }
    }

    private static final class OutputCollector extends Thread {
        private final InputStream in;
        private final StringBuilder text = new StringBuilder();

        OutputCollector(InputStream in) {
            super("command-output");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (text) {
                        if (text.length() < MAX_OUTPUT) {
                            text.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                        }
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        }

        String text() {
            synchronized (text) {
                return text.toString();
            }
        }
    }
}
