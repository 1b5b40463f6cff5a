package dev.failberry.sim.demo;

import dev.failberry.daemon.Environment;
import dev.failberry.http.AdminRoute;
import dev.failberry.json.Json;
import dev.failberry.proc.LineQueue;
import dev.failberry.proc.ProcessTree;
import dev.failberry.sim.Launchers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code demo} command's simulated world (modem on pseudo-terminals, pppd/chat stand-ins, fake
 * uhubctl and sysfs, loopback Route53, loopback "internet": a {@link DemoEnvironment}) run in a child
 * JVM, so that the daemon's process holds what it holds on a Raspberry Pi and nothing else: its memory,
 * threads and loaded classes are what the benchmark measures. Everything between the two processes
 * already crosses a real boundary (pseudo-terminals, executables, files, loopback sockets); the only
 * other channel is this one, for fault injection.
 *
 * <p>Protocol over the child's stdin/stdout, one line each: the child first writes {@code ready <json>}
 * (the config overrides that point the daemon at the simulators); then each {@code fault<TAB>what<TAB>value}
 * line gets {@code <status><TAB><text>} back (newlines in the text escaped as {@code \n}). The child logs to
 * stderr, which the parent inherits. End of stdin (the parent closed it, or died) stops the world.
 */
public final class DemoWorld implements AutoCloseable {
    private static final String READY = "ready ";

    private final Process process;
    private final Writer toWorld;
    private final LineQueue replies;
    private final Map<String, Object> overrides;
    private final Path scratch;

    private DemoWorld(Process process, Path scratch, long readyTimeoutMillis) throws IOException {
        this.process = process;
        this.scratch = scratch;
        this.toWorld = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.replies = LineQueue.of(process.getInputStream(), "demo-world");
        String first;
        try {
            first = replies.poll(Duration.ofMillis(readyTimeoutMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            first = null;
        }
        if (first == null || first == LineQueue.END || !first.startsWith(READY)) {
            ProcessTree.kill(process.toHandle());
            throw new IOException("the simulated world did not start"
                    + (first == null
                            ? " within " + readyTimeoutMillis + " ms"
                            : first == LineQueue.END
                                    ? " (it exited; its messages are above)"
                                    : ": unexpected line " + first));
        }
        this.overrides = parseOverrides(first.substring(READY.length()));
    }

    /**
     * Starts the world in a child JVM (same java, same class path) laid out in {@code scratch}, and waits
     * until it is ready (at most 60 s: a first start on a Raspberry Pi is slow).
     */
    public static DemoWorld start(Path scratch) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Launchers.javaBinary(),
                // small and quick: the world is a test fixture, not what is being measured
                "-Xms4m",
                "-Xmx32m",
                "-Xss256k",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:CICompilerCount=1",
                "-XX:+PerfDisableSharedMem",
                // JNA loads native code: allowed, or Java 22 and later warn about it (17 accepts the option)
                "--enable-native-access=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                // JNA (the pseudo-terminals) unpacks its library here, in the private scratch directory,
                // not in $XDG_CACHE_HOME or ~/.cache, which a caller's environment may point anywhere
                "-Djna.tmpdir=" + scratch.resolve("jna"),
                "-Dfailberry.log.level=INFO"));
        if (Runtime.version().feature() >= 23) {
            // only Java 23 and later know it; 24 and later warn about libraries using Unsafe otherwise
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(List.of("-cp", Launchers.absoluteClassPath(), DemoWorld.class.getName(), scratch.toString()));
        Process p = ProcessTree.startUntilEof(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT));
        return new DemoWorld(p, scratch, 60_000);
    }

    /** Config keys (relative to {@code failberry}) that point the daemon at the simulators. */
    public Map<String, Object> configOverrides() {
        return overrides;
    }

    public Environment environment(Path runtimeDir) {
        return DemoEnvironment.environment(scratch, runtimeDir);
    }

    /** The child's pid (tests check that it goes away). */
    public long pid() {
        return process.pid();
    }

    /** {@code POST /demo/fault?what=...&value=...}, forwarded to the world. */
    public synchronized AdminRoute.Response fault(AdminRoute.Request req) throws InterruptedException {
        String what = req.query("what", "").replaceAll("[\\t\\r\\n]", " ");
        String value = req.query("value", "").replaceAll("[\\t\\r\\n]", " ");
        if (!process.isAlive()) {
            return AdminRoute.Response.text(503, "the simulated world has exited\n");
        }
        try {
            toWorld.write("fault\t" + what + "\t" + value + "\n");
            toWorld.flush();
        } catch (IOException e) {
            return AdminRoute.Response.text(503, "the simulated world is gone: " + e.getMessage() + "\n");
        }
        String line = replies.poll(Duration.ofSeconds(10));
        if (line == null || line == LineQueue.END) {
            return AdminRoute.Response.text(503, "the simulated world did not answer\n");
        }
        int tab = line.indexOf('\t');
        try {
            return AdminRoute.Response.text(
                    Integer.parseInt(line.substring(0, tab)),
                    line.substring(tab + 1).replace("\\n", "\n"));
        } catch (RuntimeException e) {
            return AdminRoute.Response.text(502, "the simulated world answered: " + line + "\n");
        }
    }

    /** Closes the world's stdin (it stops itself), waits up to 5 s, then kills it. */
    @Override
    public void close() {
        try {
            toWorld.close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!ProcessTree.end(process.toHandle(), Duration.ofSeconds(5))) {
            ProcessTree.waitFor(process.toHandle(), Duration.ofSeconds(2));
        }
    }

    static String renderOverrides(Map<String, Object> overrides) {
        return Json.write(overrides);
    }

    static Map<String, Object> parseOverrides(String json) {
        return Json.parseObject(json);
    }

    /** The child: {@code DemoWorld <scratch>}. */
    public static void main(String[] args) throws IOException {
        // stdout is the protocol; anything else (logs included) goes to stderr
        PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        Logger log = LoggerFactory.getLogger(DemoWorld.class);
        DemoEnvironment env = DemoEnvironment.start(Path.of(args[0]));
        protocol.println(READY + renderOverrides(env.configOverrides()));
        try (var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split("\t", -1);
                AdminRoute.Response r = f.length == 3 && f[0].equals("fault")
                        ? env.fault(f[1], f[2])
                        : AdminRoute.Response.text(400, "unknown request\n");
                protocol.println(r.status() + "\t" + r.body().replace("\n", "\\n"));
            }
        } finally {
            log.info("demo: the daemon has gone; stopping the simulated world");
            env.close();
        }
        System.exit(0);
    }
}
