package dev.failberry.cli;

import dev.failberry.config.FailberryConfig;
import dev.failberry.json.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code failberry notify test}. */
@Command(
        name = "notify",
        mixinStandardHelpOptions = true,
        description = "Notifications (SMS and webhook).",
        subcommands = {NotifyCommand.Test.class})
public final class NotifyCommand {
    /** Read timeout beyond the daemon's own limit for {@code POST /notify/test}. */
    private static final Duration SLACK = Duration.ofSeconds(10);
    /** The daemon's limit (an SMS's whole dialogue behind a busy modem thread), plus the webhook timeout. */
    private static final Duration DAEMON_LIMIT = Duration.ofMinutes(5);

    /** Sends a test message on every configured channel through the running daemon and prints each result. */
    @Command(
            name = "test",
            mixinStandardHelpOptions = true,
            description = "Send a test message now on every configured channel (webhook, SMS to each number) through "
                    + "the running daemon, bypassing folding, notify.events and the rate limit, and print each "
                    + "channel's result. Exit 0 all sent, 1 some not sent, 2 no channel configured, 3 the daemon is "
                    + "not running.")
    public static final class Test implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            FailberryConfig c = config.loadOrReport(spec);
            if (c == null) {
                return ExitCode.USAGE;
            }
            var out = spec.commandLine().getOut();
            var err = spec.commandLine().getErr();
            if (!c.notifications().enabled()) {
                err.println("failberry notify test: no notification channel is configured: set notify.webhook.url "
                        + "or notify.sms.to in " + config.resolve() + ".");
                return ExitCode.USAGE;
            }
            Duration limit =
                    DAEMON_LIMIT.plus(c.notifications().webhook().timeout()).plus(SLACK);
            AdminCall call = AdminCall.of("failberry notify test", ModemCommand.adminUrl(c), err)
                    .httpError(a -> "the daemon answered HTTP " + a.status() + " (is it older than this command?).");
            return call.post("/notify/test", "", limit, a -> Json.parseObject(a.body()), r -> print(r, out, call));
        }

        /** One line per channel on stdout; when not all sent, one sentence on stderr. */
        private static int print(Map<String, Object> r, PrintWriter out, AdminCall call) {
            int code = ((Number) r.get("exit_code")).intValue();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> results = (List<Map<String, Object>>) r.get("results");
            long notSent = 0;
            for (Map<String, Object> row : results) {
                boolean sent = "sent".equals(row.get("result"));
                notSent += sent ? 0 : 1;
                out.println(row.get("channel") + " (" + row.get("target") + "): " + row.get("result")
                        + (row.get("detail") == null ? "" : ": " + row.get("detail")));
            }
            out.flush();
            if (code == ExitCode.OK) {
                return ExitCode.OK;
            }
            int exit = code == ExitCode.USAGE ? ExitCode.USAGE : ExitCode.NEGATIVE;
            if (r.get("error") != null) {
                return call.fail(r.get("error") + ".", exit);
            }
            return call.fail(
                    notSent + " of " + results.size() + " channel" + (results.size() == 1 ? "" : "s")
                            + " did not send the test message.",
                    exit);
        }
    }
}
