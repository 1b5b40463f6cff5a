package dev.failberry.net;

import dev.failberry.proc.CommandRunner;
import java.time.Duration;
import java.util.List;

/** How {@code ip} and {@code nft} are run: {@link CommandRunner} in production, a stand-in in unit tests. */
@FunctionalInterface
interface Commands {
    CommandRunner.Result run(List<String> command, String stdin, Duration timeout);

    static Commands system() {
        CommandRunner runner = new CommandRunner();
        return runner::run;
    }

    /** The command's output on one line, at most 300 characters: what a log line and the status show. */
    static String oneLine(CommandRunner.Result r) {
        String out = r.output().strip().replaceAll("\\s*\\n\\s*", " / ");
        if (out.length() > 300) {
            out = out.substring(0, 297) + "...";
        }
        String what = r.describe();
        return out.isEmpty() ? what : what + ": " + out;
    }
}
