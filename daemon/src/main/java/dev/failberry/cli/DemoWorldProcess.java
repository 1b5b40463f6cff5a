package dev.failberry.cli;

import dev.failberry.daemon.Environment;
import dev.failberry.http.AdminRoute;
import dev.failberry.json.Json;
import dev.failberry.ppp.PppPaths;
import dev.failberry.proc.LineQueue;
import dev.failberry.proc.ProcessTree;
import dev.failberry.proc.ThisJvm;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's side of the {@code demo} command's simulated world: the world (modem on pseudo-terminals,
 * pppd/chat stand-ins, fake uhubctl and sysfs, loopback Route53, loopback "internet") runs in a child JVM
 * from the simulator module ({@value #WORLD_CLASS}), so that the daemon's process holds what it holds on a
 * Raspberry Pi and nothing else. The daemon never loads a simulator class: it names the world's main class
 * on the child's command line and speaks a line protocol with it.
 *
 * <p>The simulators are not part of the product: {@code dist/target/failberry-sim.jar} lies next to
 * {@code dist/target/failberry.jar} after a build, and the .deb ships the daemon only. {@link #classPath}
 * finds them, or says where they were looked for.
 *
 * <p>Protocol over the child's stdin/stdout, one line each: the child first writes {@code ready <json>}
 * ({@code config}: the config overrides that point the daemon at the simulators; {@code environment}: where
 * the pppd stand-in keeps its pid and lock files, the loopback AWS credentials, the Pi model file); then each
 * {@code fault<TAB>what<TAB>value} line gets {@code <status><TAB><text>} back (newlines in the text escaped
 * as {@code \n}). The child logs to stderr, which the parent inherits. End of stdin (the parent closed it,
 * or died) stops the world.
 */
final class DemoWorldProcess implements AutoCloseable {
    static final String WORLD_CLASS = "dev.failberry.sim.demo.DemoWorld";
    /** The simulator jar's name, next to the product jar. */
    static final String SIM_JAR = "failberry-sim.jar";
    /** A system property naming the simulator jar explicitly. */
    static final String SIM_JAR_PROPERTY = "failberry.sim.jar";

    private static final String READY = "ready ";

    private final Process process;
    private final Writer toWorld;
    private final LineQueue replies;
    private final Map<String, Object> overrides;
    private final Map<String, Object> environment;

    private DemoWorldProcess(Process process, long readyTimeoutMillis) throws IOException {
        this.process = process;
        this.toWorld = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
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
        Map<String, Object> ready = Json.parseObject(first.substring(READY.length()));
        this.overrides = object(ready, "config");
        this.environment = object(ready, "environment");
    }

    /** The simulators on a class path, or what is missing. */
    sealed interface Simulators {
        record Found(String classPath) implements Simulators {}

        record Missing(String reason) implements Simulators {}
    }

    /**
     * The class path of the world's JVM: the running one when it already holds the simulators (the tests,
     * an IDE); else the running one plus the jar named by {@value #SIM_JAR_PROPERTY}, or plus
     * {@value #SIM_JAR} next to the jar this class was loaded from.
     */
    static Simulators classPath() {
        String running = ThisJvm.absoluteClassPath();
        String named = System.getProperty(SIM_JAR_PROPERTY);
        if (named != null && !named.isBlank()) {
            Path jar = Path.of(named).toAbsolutePath();
            return Files.isRegularFile(jar)
                    ? new Simulators.Found(running + File.pathSeparator + jar)
                    : new Simulators.Missing(jar + " (named by -D" + SIM_JAR_PROPERTY + ") does not exist");
        }
        if (ClassLoader.getSystemResource(WORLD_CLASS.replace('.', '/') + ".class") != null) {
            return new Simulators.Found(running);
        }
        Optional<Path> self = runningJar();
        if (self.isEmpty()) {
            return new Simulators.Missing("the simulators are not on the class path");
        }
        Path sibling = self.get().resolveSibling(SIM_JAR);
        return Files.isRegularFile(sibling)
                ? new Simulators.Found(running + File.pathSeparator + sibling)
                : new Simulators.Missing(sibling + " does not exist");
    }

    /** The jar this daemon runs from, when it runs from one. */
    static Optional<Path> runningJar() {
        try {
            var source = DemoWorldProcess.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path p = Path.of(source.getLocation().toURI()).toAbsolutePath();
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts the world in a child JVM (same java) on {@code classPath}, laid out in {@code scratch}, and
     * waits until it is ready (at most 60 s: a first start on a Raspberry Pi is slow).
     */
    static DemoWorldProcess start(String classPath, Path scratch) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                ThisJvm.javaBinary(),
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
        cmd.addAll(List.of("-cp", classPath, WORLD_CLASS, scratch.toString()));
        Process p = ProcessTree.startUntilEof(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT));
        return new DemoWorldProcess(p, 60_000);
    }

    /** Config keys (relative to {@code failberry}) that point the daemon at the simulators. */
    Map<String, Object> configOverrides() {
        return overrides;
    }

    /** The daemon's environment on the world's machine (see {@link Environment#loopback}). */
    Environment environment(Path runtimeDir) {
        return Environment.loopback(
                new PppPaths(runtimeDir, Path.of(text("ppp-pid-dir")), Path.of(text("ppp-lock-dir"))),
                text("aws-access-key-id"),
                text("aws-secret-access-key"),
                Path.of(text("pi-model-file")));
    }

    /** {@code POST /demo/fault?what=...&value=...}, forwarded to the world. */
    synchronized AdminRoute.Response fault(AdminRoute.Request req) throws InterruptedException {
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

    private String text(String key) {
        Object v = environment.get(key);
        if (!(v instanceof String s)) {
            throw new IllegalStateException("the simulated world's ready line has no environment." + key);
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> ready, String key) throws IOException {
        if (!(ready.get(key) instanceof Map<?, ?> m)) {
            throw new IOException("the simulated world's ready line has no " + key + " object");
        }
        return (Map<String, Object>) m;
    }
}
