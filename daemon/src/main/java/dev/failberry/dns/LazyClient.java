package dev.failberry.dns;

import java.util.function.Supplier;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * An SDK client built on first use (building is the slow part: hundreds of ms on a PC, seconds on a
 * Pi) and kept until {@link #close()}; after a close the next use builds a new one.
 */
final class LazyClient<C extends SdkAutoCloseable> implements AutoCloseable {
    private final Supplier<C> factory;
    private C client;

    LazyClient(Supplier<C> factory) {
        this.factory = factory;
    }

    synchronized C get() {
        if (client == null) {
            client = factory.get();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
