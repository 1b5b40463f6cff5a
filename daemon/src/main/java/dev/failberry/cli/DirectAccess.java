package dev.failberry.cli;

import dev.failberry.config.FailberryConfig;
import dev.failberry.host.InstanceLock;
import java.io.PrintWriter;
import java.util.OptionalInt;

/**
 * The rule for commands that act on the modem or the USB hub themselves when no daemon answers
 * ({@code modem at}, {@code modem info}, {@code usb cycle}): a daemon that holds the state directory's
 * lock but does not answer on its admin port (starting, wedged, or listening elsewhere) is still running,
 * and acting behind its back would fight it over the port or cut its link. Then they refuse.
 */
final class DirectAccess {
    private DirectAccess() {}

    /**
     * Exit code {@link ExitCode#UNREACHABLE} after one sentence on {@code err} when a daemon holds
     * {@code config}'s state directory; empty when the command may act directly.
     */
    static OptionalInt refuseBehindDaemon(FailberryConfig config, String command, String adminUrl, PrintWriter err) {
        var holder = InstanceLock.holder(config.stateDir());
        if (holder.isEmpty()) {
            return OptionalInt.empty();
        }
        String pid = holder.get() > 0 ? " (pid " + holder.get() + ")" : "";
        err.println("failberry " + command + ": the daemon" + pid + " holds " + config.stateDir()
                + " but does not answer at " + adminUrl
                + "; not acting behind its back (see systemctl status failberry).");
        err.flush();
        return OptionalInt.of(ExitCode.UNREACHABLE);
    }
}
