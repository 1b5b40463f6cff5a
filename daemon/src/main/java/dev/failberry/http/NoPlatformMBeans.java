package dev.failberry.http;

import java.util.function.Supplier;
import javax.management.MBeanServer;
import javax.management.MBeanServerBuilder;
import javax.management.MBeanServerDelegate;

/**
 * Keeps XNIO from creating the JVM's platform MBean server for its own MBeans.
 *
 * <p>Why: XNIO 3.8 registers a management bean for its provider, its worker and each listener, with no
 * option to leave it out ({@code Xnio.register}); the first registration creates the platform MBean server,
 * which registers the JVM's own MXBeans: ~300 classes (JMX, {@code java.util.logging}, the diagnostic
 * commands) before the listener binds, about 4 % of the CPU time of {@code failberry run} before its
 * first {@code /health} answer (bench/start.sh), for beans nothing reads (the daemon exposes no JMX; its
 * figures are on {@code /metrics}). While XNIO and its worker are created, {@code javax.management.builder.initial} names this
 * builder, which refuses; XNIO catches that and registers nothing then or later (its holder of the server
 * failed to initialise). The property is restored at once, so a JMX client attached later (jconsole,
 * {@code jcmd ManagementAgent.start}) gets the platform server as always, without XNIO's beans. An
 * administrator's own {@code javax.management.builder.initial} is left alone (XNIO then registers).
 */
public final class NoPlatformMBeans extends MBeanServerBuilder {
    static final String PROPERTY = "javax.management.builder.initial";

    /** Called by {@code MBeanServerFactory} (reflectively) while {@link #during} runs. */
    public NoPlatformMBeans() {}

    @Override
    public MBeanServer newMBeanServer(String defaultDomain, MBeanServer outer, MBeanServerDelegate delegate) {
        throw new UnsupportedOperationException("no MBean server while the HTTP listeners start");
    }

    /** Runs {@code action} with this builder in place (unless another one is configured), then restores it. */
    static synchronized <T> T during(Supplier<T> action) {
        if (System.getProperty(PROPERTY) != null) {
            return action.get();
        }
        System.setProperty(PROPERTY, NoPlatformMBeans.class.getName());
        try {
            return action.get();
        } finally {
            System.clearProperty(PROPERTY);
        }
    }
}
