package dev.failberry.sim.ppp;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The pppd stand-in's own signal handlers (pppd hangs up on SIGHUP, ends on SIGTERM, and a scenario may
 * ignore SIGTERM), through the JDK's {@code sun.misc.Signal} in {@code jdk.unsupported}. Reached by
 * reflection because javac's warning for that API cannot be suppressed and the build treats warnings as
 * errors; only this simulator needs it, the daemon never handles signals itself.
 */
final class JvmSignals {
    private JvmSignals() {}

    /**
     * Runs {@code handler} on a JVM signal thread when signal {@code name} ("TERM", "HUP") arrives.
     *
     * @throws IllegalArgumentException when the JVM refuses the signal (one ignored when it started)
     */
    static void handle(String name, Runnable handler) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object proxy = Proxy.newProxyInstance(
                    JvmSignals.class.getClassLoader(),
                    new Class<?>[] {handlerType},
                    (self, method, args) -> invoke(self, method, args, handler));
            Method install = signal.getMethod("handle", signal, handlerType);
            install.invoke(null, signal.getConstructor(String.class).newInstance(name), proxy);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException refused) {
                throw refused;
            }
            throw new IllegalStateException("cannot handle SIG" + name, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("sun.misc.Signal is not available in this JVM", e);
        }
    }

    private static Object invoke(Object self, Method method, Object[] args, Runnable handler) {
        return switch (method.getName()) {
            case "handle" -> {
                handler.run();
                yield null;
            }
            case "hashCode" -> System.identityHashCode(self);
            case "equals" -> self == args[0];
            case "toString" -> "failberry pppd stand-in signal handler";
            default -> throw new UnsupportedOperationException(method.getName());
        };
    }
}
