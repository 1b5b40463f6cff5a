package dev.failberry.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;

/**
 * The shipped pattern, {@code %-5level %logger{0}: %msg%n} (and the stack trace logback's pattern layout
 * appends to it), written out in code: {@code LEVEL} padded to five, the logger's name after its last dot,
 * ": ", the message, a line separator, then any exception by logback's own converter.
 *
 * <p>Why not logback's {@code PatternLayout}: compiling a pattern loads its parser and the map of all ~70
 * converters, about 150 classes and as many lambda links, every start: about 4 % of the CPU time before
 * the daemon's first {@code /health} answer (bench/start.sh). {@code LogSetupTest} checks that both render every
 * kind of event to the same bytes.
 */
final class ShippedLayout extends LayoutBase<ILoggingEvent> {
    private static final int LEVEL_WIDTH = 5;
    private ThrowableProxyConverter throwable;

    @Override
    public void start() {
        // as logback's EnsureExceptionHandling chooses for a pattern without an exception converter
        throwable = getContext() instanceof LoggerContext c && c.isPackagingDataEnabled()
                ? new ExtendedThrowableProxyConverter()
                : new ThrowableProxyConverter();
        throwable.setContext(getContext());
        throwable.start();
        super.start();
    }

    @Override
    public void stop() {
        throwable.stop();
        super.stop();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        var line = new StringBuilder(128);
        String level = event.getLevel().toString();
        line.append(level);
        for (int i = level.length(); i < LEVEL_WIDTH; i++) {
            line.append(' ');
        }
        String logger = event.getLoggerName();
        line.append(' ')
                .append(logger, logger.lastIndexOf('.') + 1, logger.length())
                .append(": ")
                .append(event.getFormattedMessage())
                .append(CoreConstants.LINE_SEPARATOR)
                .append(throwable.convert(event));
        return line.toString();
    }
}
