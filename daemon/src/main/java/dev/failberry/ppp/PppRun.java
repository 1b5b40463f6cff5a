package dev.failberry.ppp;

import dev.failberry.time.Cancellable;
import java.util.ArrayList;
import java.util.List;

/** One pppd run of {@link PppLink}: its process, what it said, its timers. On the link's scheduler thread only. */
final class PppRun {
    final Process process;
    final List<ProcessHandle> children = new ArrayList<>();
    final List<String> dns = new ArrayList<>();
    Cancellable connectTimer = Cancellable.NONE;
    Cancellable settleTimer = Cancellable.NONE;
    Cancellable stableTimer = Cancellable.NONE;
    Cancellable killTimer = Cancellable.NONE;
    String iface;
    String device;
    String local;
    String remote;
    String cause;
    String lastLine;
    Long up;
    LinkInfo info;
    PppdExit killReason;
    String killDetail;
    /** pppd announced its own end (hangup, dead peer, failed dial) before any signal of ours. */
    boolean endingOnItsOwn;

    boolean redialAfter;

    PppRun(Process process) {
        this.process = process;
    }

    void noteCause(String line) {
        if (cause == null) {
            cause = line.strip();
        }
    }

    void cancelTimers() {
        connectTimer.cancel();
        settleTimer.cancel();
        stableTimer.cancel();
        killTimer.cancel();
    }
}
