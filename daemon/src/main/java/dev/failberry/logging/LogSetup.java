package dev.failberry.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.joran.spi.ConsoleTarget;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * FailberryPi's logging set-up, in code: what the shipped {@code /etc/failberry/logback.xml} says (one
 * line per event, {@code LEVEL Logger: message}, no timestamp because journald adds one; the AWS SDK,
 * Undertow and XNIO at WARN; the root level from {@code failberry.log.level}, default WARN, until the
 * configuration's {@code log-level} is applied; the target from {@code failberry.log.target}).
 *
 * <p>Why not let logback read that file: its XML configurator loads about 400 classes (Joran and a SAX
 * parser), which stay in the daemon's memory for its whole life, and slows every start. So the file is
 * read by logback only when it says something else: when {@code logback.configurationFile} names a file
 * that differs from the shipped one (the admin edited it), or a {@code logback-test.xml} is on the class
 * path, this configurator steps aside and logback's own takes over, exactly as without it.
 *
 * <p>No {@code @ConfiguratorRank}: logback runs the configurators it finds as services before its own
 * (XML, then basic) whatever their rank, and orders them by rank only among themselves; this is the only
 * one in the jar. Reading the annotation cost every start a dynamic proxy class (~5 ms).
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    /** The shipped logback.xml, byte for byte (config/logback.xml, bundled by the build). */
    static final String SHIPPED = "/logging/logback.xml";

    static final String PATTERN = "%-5level %logger{0}: %msg%n";
    static final String[] QUIET = {"software.amazon.awssdk", "io.undertow", "org.xnio", "org.jboss"};

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (!useBuiltIn(
                System.getProperty("logback.configurationFile"),
                LogSetup.class.getClassLoader().getResource("logback-test.xml") != null)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Sets {@code context} up as the shipped logback.xml would ({@link ShippedLayout} is its pattern). */
    static void apply(LoggerContext context) {
        // As the file's <statusListener class="...NopStatusListener"/>: logback's own status messages go
        // nowhere. (Without a listener, logback would also load its status printer after configuring, and
        // with it the time-zone database and a date formatter: ~10 ms of every start, for nothing.)
        context.getStatusManager().add(new NopStatusListener());
        var layout = new ShippedLayout();
        layout.setContext(context);
        layout.start();
        var encoder = new LayoutWrappingEncoder<ILoggingEvent>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setTarget(target(System.getProperty("failberry.log.target")).getName());
        console.setEncoder(encoder);
        console.start();
        for (String quiet : QUIET) {
            context.getLogger(quiet).setLevel(Level.WARN);
        }
        var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty("failberry.log.level"), Level.WARN));
        root.addAppender(console);
    }

    static ConsoleTarget target(String name) {
        ConsoleTarget t = name == null ? null : ConsoleTarget.findByName(name.trim());
        return t == null ? ConsoleTarget.SystemOut : t;
    }

    /**
     * Whether the built-in set-up applies: no test configuration on the class path, and no configuration
     * file named, or the named one is the shipped file unchanged, or it is missing or unreadable. For the
     * last: logback itself would then fall back to its BasicConfigurator, DEBUG on stdout, which buried
     * every command's answer in the AWS SDK's stack traces (issue 20: a removed
     * /etc/failberry/logback.xml, or a user who may not read it); the shipped set-up is what the file
     * says anyway.
     */
    static boolean useBuiltIn(String configurationFile, boolean testConfigPresent) {
        if (testConfigPresent) {
            return false;
        }
        if (configurationFile == null || configurationFile.isBlank()) {
            return true;
        }
        byte[] named;
        try {
            named = Files.readAllBytes(Path.of(configurationFile));
        } catch (IOException | RuntimeException e) {
            return true;
        }
        try (InputStream shipped = LogSetup.class.getResourceAsStream(SHIPPED)) {
            return shipped != null && Arrays.equals(shipped.readAllBytes(), named);
        } catch (IOException e) {
            return false;
        }
    }
}
