package dev.failberry.host;

import java.io.IOException;

/** A lock is held by another live process; the message is one sentence naming it. */
public final class LockHeldException extends IOException {
    private final long pid;

    public LockHeldException(String message, long pid) {
        super(message, null);
        this.pid = pid;
    }

    /** The holder's process id. */
    public long pid() {
        return pid;
    }
}
