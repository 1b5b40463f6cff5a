package dev.failberry.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.ConsoleTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSetupTest {
    private static final Path SHIPPED = Path.of("config/logback.xml");

    @TempDir
    Path dir;

    @Test
    void theBundledCopyIsTheShippedFile() throws IOException {
        try (var in = LogSetup.class.getResourceAsStream(LogSetup.SHIPPED)) {
            assertThat(in).isNotNull();
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(SHIPPED));
        }
    }

    @Test
    void builtInOnlyWhenNothingElseIsAsked() throws IOException {
        assertThat(LogSetup.useBuiltIn(null, false)).isTrue();
        assertThat(LogSetup.useBuiltIn("  ", false)).isTrue();
        assertThat(LogSetup.useBuiltIn(null, true))
                .as("logback-test.xml on the class path")
                .isFalse();
        Path copy = Files.copy(SHIPPED, dir.resolve("logback.xml"));
        assertThat(LogSetup.useBuiltIn(copy.toString(), false))
                .as("the shipped file, unchanged")
                .isTrue();
        Files.writeString(copy, Files.readString(copy).replace("level=\"WARN\"/>", "level=\"DEBUG\"/>"));
        assertThat(LogSetup.useBuiltIn(copy.toString(), false))
                .as("edited by the admin")
                .isFalse();
        // issue 20: logback's fallback for a missing file was DEBUG on stdout, under every command's answer
        assertThat(LogSetup.useBuiltIn(dir.resolve("missing.xml").toString(), false))
                .as("missing: as shipped")
                .isTrue();
        assertThat(LogSetup.useBuiltIn(dir.toString(), false))
                .as("unreadable (a directory): as shipped")
                .isTrue();
    }

    @Test
    void stepsAsideForTheTestConfiguration() {
        var setup = new LogSetup();
        LoggerContext c = new LoggerContext();
        setup.setContext(c);
        assertThat(setup.configure(c))
                .isEqualTo(ch.qos.logback.classic.spi.Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(c.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                        .iteratorForAppenders()
                        .hasNext())
                .isFalse();
    }

    @Test
    void targetNames() {
        assertThat(LogSetup.target(null)).isEqualTo(ConsoleTarget.SystemOut);
        assertThat(LogSetup.target("System.err")).isEqualTo(ConsoleTarget.SystemErr);
        assertThat(LogSetup.target("nonsense")).isEqualTo(ConsoleTarget.SystemOut);
    }

    /** The code and the shipped XML configure the same thing (read by logback's own XML configurator). */
    @Test
    void builtInSetUpEqualsWhatTheShippedXmlSays() throws Exception {
        LoggerContext fromXml = new LoggerContext();
        var joran = new JoranConfigurator();
        joran.setContext(fromXml);
        joran.doConfigure(SHIPPED.toFile());

        LoggerContext fromCode = new LoggerContext();
        LogSetup.apply(fromCode);

        assertThat(describe(fromCode)).isEqualTo(describe(fromXml));
        assertThat(describe(fromCode))
                .contains(
                        "root=WARN",
                        "io.undertow=WARN",
                        "status listener ch.qos.logback.core.status.NopStatusListener",
                        "line=INFO  Daemon: started on port 8080" + System.lineSeparator());
    }

    /** The layout in code renders every kind of event to the same bytes as logback's pattern layout. */
    @Test
    void theLayoutWritesWhatTheShippedPatternWrites() {
        LoggerContext c = new LoggerContext();
        var pattern = new PatternLayout();
        pattern.setContext(c);
        pattern.setPattern(LogSetup.PATTERN);
        pattern.start();
        var code = new ShippedLayout();
        code.setContext(c);
        code.start();
        for (ILoggingEvent e : samples(c)) {
            assertThat(code.doLayout(e)).isEqualTo(pattern.doLayout(e));
        }
        c.setPackagingDataEnabled(true);
        var extended = new ShippedLayout();
        extended.setContext(c);
        extended.start();
        var extendedPattern = new PatternLayout();
        extendedPattern.setContext(c);
        extendedPattern.setPattern(LogSetup.PATTERN);
        extendedPattern.start();
        for (ILoggingEvent e : samples(c)) {
            assertThat(extended.doLayout(e)).isEqualTo(extendedPattern.doLayout(e));
        }
    }

    /** Events of every level, logger names with and without dots, arguments, a null message, exceptions. */
    private static List<ILoggingEvent> samples(LoggerContext c) {
        var cause = new IllegalStateException("inner");
        var outer = new java.io.UncheckedIOException("outer", new java.io.IOException("io", cause));
        outer.addSuppressed(new RuntimeException("suppressed"));
        String fqcn = LogSetupTest.class.getName();
        return List.of(
                new LoggingEvent(
                        fqcn,
                        c.getLogger("dev.failberry.daemon.Daemon"),
                        Level.INFO,
                        "started on port {}",
                        null,
                        new Object[] {8080}),
                new LoggingEvent(fqcn, c.getLogger("Main"), Level.WARN, "a warning", null, null),
                new LoggingEvent(fqcn, c.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME), Level.ERROR, "root", null, null),
                new LoggingEvent(fqcn, c.getLogger("a.b.C$Inner"), Level.DEBUG, null, null, null),
                new LoggingEvent(fqcn, c.getLogger("x.y.Z"), Level.TRACE, "t {} {}", null, new Object[] {1, "two"}),
                new LoggingEvent(
                        fqcn,
                        c.getLogger("dev.failberry.modem.ModemMonitor"),
                        Level.ERROR,
                        "failed: {}",
                        outer,
                        new Object[] {"why"}),
                new LoggingEvent(
                        fqcn, c.getLogger("dev.failberry.X"), Level.WARN, "bare", new Error("no message"), null));
    }

    /**
     * Issue 20, end to end: a command with -Dlogback.configurationFile naming a missing file (as the
     * wrapper passes it) prints its answer, and only WARN and above from the log, never DEBUG stack traces.
     */
    @Test
    void aMissingConfigurationFileKeepsCommandsQuiet() throws Exception {
        // the class path of the jar: without test-classes (their logback-test.xml), plus the probe alone
        Path probeDir = dir.resolve("probe");
        Path probe = Path.of(LogProbe.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve("dev/failberry/logging/LogProbe.class");
        Files.createDirectories(probeDir.resolve("dev/failberry/logging"));
        Files.copy(probe, probeDir.resolve("dev/failberry/logging/LogProbe.class"));
        String testClasses =
                probe.getParent().getParent().getParent().getParent().toString();
        String cp = java.util.Arrays.stream(
                        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                                .split(java.io.File.pathSeparator))
                .filter(e -> !Path.of(e).toAbsolutePath().toString().equals(testClasses))
                .collect(java.util.stream.Collectors.joining(
                        java.io.File.pathSeparator, probeDir + java.io.File.pathSeparator, ""));
        Path classes = dir.resolve("classes.log");
        Process p = new ProcessBuilder(
                        dev.failberry.proc.ThisJvm.javaBinary(),
                        "-Xmx48m",
                        "-Xlog:class+load=info:file=" + classes,
                        "-Dlogback.configurationFile=" + dir.resolve("etc/failberry/logback.xml"),
                        "-cp",
                        cp,
                        LogProbe.class.getName())
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(out.lines().toList()).as(out + err).containsExactly("WARN  Main: a warning", "answer");
        assertThat(err).isEmpty();
        // what the set-up in code keeps out of every start: logback's status printer (with the time-zone
        // database and a date formatter) and a dynamic proxy class for reading a configurator's rank
        assertThat(Files.readString(classes))
                .contains("dev.failberry.logging.LogSetup ")
                .doesNotContain("ch.qos.logback.core.util.StatusPrinter2 ")
                .doesNotContain("java.time.zone.TzdbZoneRulesProvider ")
                .doesNotContain("$Proxy");
    }

    private static List<String> describe(LoggerContext c) {
        List<String> out = new ArrayList<>();
        var root = c.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        out.add("root=" + root.getLevel());
        for (String name : LogSetup.QUIET) {
            out.add(name + "=" + c.getLogger(name).getLevel());
        }
        out.add("dev.failberry=" + c.getLogger("dev.failberry").getEffectiveLevel());
        // the file's NopStatusListener: logback's own status messages go nowhere (and its status printer,
        // with the time-zone database it loads, stays out of the start)
        c.getStatusManager()
                .getCopyOfStatusListenerList()
                .forEach(l -> out.add("status listener " + l.getClass().getName()));
        root.iteratorForAppenders().forEachRemaining(a -> {
            var console = (ConsoleAppender<ILoggingEvent>) a;
            out.add("appender " + a.getName() + " target=" + console.getTarget() + " started=" + a.isStarted());
            for (ILoggingEvent e : samples(c)) {
                out.add("line="
                        + new String(console.getEncoder().encode(e), java.nio.charset.Charset.defaultCharset()));
            }
        });
        return out;
    }
}
