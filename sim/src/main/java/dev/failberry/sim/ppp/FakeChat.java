package dev.failberry.sim.ppp;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Stand-in for chat(8), for machines without it (CI, this test host): the subset our generated scripts
 * use. Options {@code -v} (log to stderr), {@code -s}/{@code -S} (accepted), {@code -t n},
 * {@code -f file}, or the script as arguments. Keywords ABORT, TIMEOUT, SAY, REPORT/CLR_ABORT/ECHO/
 * HANGUP (argument consumed). Expect strings with {@code ''} and sub-expects {@code exp-send-exp};
 * send escapes {@code \c \d \p \r \n \s \t \\ \N ^X}; a CR is appended unless {@code \c}. Talks to
 * stdin/stdout (the tty). Exit codes as chat: 0 ok, 1 bad parameters, 2 I/O error, 3 timeout,
 * 4+k the (k+1)-th ABORT string matched.
 */
public final class FakeChat {
    private static final int EOF = -1;

    private final InputStream in;
    private final OutputStream out;
    private final PrintStream log;
    private boolean verbose;
    private long timeoutSeconds = 45;
    private final List<String> aborts = new ArrayList<>();
    private BlockingQueue<Integer> bytes;

    FakeChat(InputStream in, OutputStream out, PrintStream log) {
        this.in = in;
        this.out = out;
        this.log = log;
    }

    public static void main(String[] args) {
        var chat = new FakeChat(
                new FileInputStream(FileDescriptor.in),
                new FileOutputStream(FileDescriptor.out),
                new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        System.exit(chat.run(args));
    }

    int run(String[] args) {
        List<String> script = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-v", "-V" -> verbose = true;
                    case "-s", "-S", "-e", "-E" -> {}
                    case "-t" -> timeoutSeconds = Long.parseLong(args[++i]);
                    case "-r", "-T", "-U" -> i++;
                    case "-f" -> script.addAll(Words.split(Files.readString(Path.of(args[++i])), true));
                    default -> {
                        if (a.startsWith("-") && script.isEmpty() && a.length() > 1) {
                            log.println("chat: unknown option " + a);
                            return 1;
                        }
                        script.add(a);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            log.println("chat: " + e.getMessage());
            return 1;
        }
        startReader();
        try {
            return execute(script);
        } catch (IOException e) {
            log.println("chat: I/O error: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            return 2;
        }
    }

    private int execute(List<String> words) throws IOException, InterruptedException {
        int i = 0;
        while (i < words.size()) {
            String w = words.get(i);
            String arg = i + 1 < words.size() ? words.get(i + 1) : null;
            switch (w) {
                case "ABORT" -> {
                    aborts.add(clean(arg, false));
                    verbose("abort on (" + arg + ")");
                    i += 2;
                    continue;
                }
                case "TIMEOUT" -> {
                    timeoutSeconds = Long.parseLong(arg);
                    verbose("timeout set to " + timeoutSeconds + " seconds");
                    i += 2;
                    continue;
                }
                case "SAY" -> {
                    log.print(clean(arg, false));
                    i += 2;
                    continue;
                }
                case "REPORT", "CLR_ABORT", "CLR_REPORT", "ECHO", "HANGUP" -> {
                    i += 2;
                    continue;
                }
                default -> {}
            }
            int code = expect(w);
            if (code != 0) {
                return code;
            }
            if (arg != null) {
                send(arg);
            }
            i += 2;
        }
        return 0;
    }

    /** Expect with sub-expects: {@code exp-send-exp-send...}. */
    private int expect(String spec) throws IOException, InterruptedException {
        String[] parts = spec.split("(?<!\\\\)-", -1);
        for (int p = 0; p < parts.length; p += 2) {
            int code = expectOne(clean(parts[p], false));
            if (code != 3 || p + 1 >= parts.length) {
                return code;
            }
            send(parts[p + 1]);
        }
        return 3;
    }

    private int expectOne(String want) throws InterruptedException {
        if (want.isEmpty()) {
            return 0;
        }
        verbose("expect (" + visible(want) + ")");
        StringBuilder got = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            long left = deadline - System.nanoTime();
            Integer b = left <= 0 ? null : bytes.poll(left, TimeUnit.NANOSECONDS);
            if (b == null) {
                verbose(visible(got.toString()));
                verbose("alarm");
                verbose("Failed");
                return 3;
            }
            if (b == EOF) {
                verbose("EOF");
                return 2;
            }
            got.append((char) (b & 0xff));
            String s = got.toString();
            if (s.endsWith(want)) {
                verbose(visible(s));
                verbose(" -- got it");
                return 0;
            }
            for (int k = 0; k < aborts.size(); k++) {
                if (!aborts.get(k).isEmpty() && s.endsWith(aborts.get(k))) {
                    verbose(visible(s));
                    verbose("chat:  Failed (" + aborts.get(k) + ")");
                    return 4 + k;
                }
            }
        }
    }

    private void send(String spec) throws IOException, InterruptedException {
        boolean cr = true;
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '\\' && i + 1 < spec.length()) {
                char e = spec.charAt(++i);
                switch (e) {
                    case 'c' -> cr = false;
                    case 'd' -> {
                        flush(s);
                        Thread.sleep(1000);
                    }
                    case 'p' -> {
                        flush(s);
                        Thread.sleep(10);
                    }
                    default -> s.append(escape(e));
                }
            } else if (c == '^' && i + 1 < spec.length()) {
                s.append((char) (spec.charAt(++i) & 0x1f));
            } else {
                s.append(c);
            }
        }
        if (cr) {
            s.append('\r');
        }
        verbose("send (" + visible(s.toString()) + ")");
        flush(s);
    }

    private void flush(StringBuilder s) throws IOException {
        out.write(s.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        s.setLength(0);
    }

    /** Escapes in expect and abort strings. */
    static String clean(String s, boolean sending) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                b.append(escape(s.charAt(++i)));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String escape(char e) {
        return switch (e) {
            case 'r' -> "\r";
            case 'n' -> "\n";
            case 's' -> " ";
            case 't' -> "\t";
            case 'N' -> "\0";
            case '-' -> "-";
            case '\\' -> "\\";
            default -> "\\" + e;
        };
    }

    private static String visible(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20) {
                b.append('^').append((char) (c + 0x40));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private void verbose(String line) {
        if (verbose) {
            log.println(line);
        }
    }

    private void startReader() {
        bytes = new LinkedBlockingQueue<>();
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[256];
                    try {
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            for (int i = 0; i < n; i++) {
                                bytes.add(buf[i] & 0xff);
                            }
                        }
                    } catch (IOException ignored) {
                        // EIO: the modem went away
                    }
                    bytes.add(EOF);
                },
                "chat-reader");
        t.setDaemon(true);
        t.start();
    }
}
