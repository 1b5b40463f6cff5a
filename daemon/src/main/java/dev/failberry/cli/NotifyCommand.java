package dev.failberry.cli;

import dev.failberry.config.FailberryConfig;
import dev.failberry.json.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
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
            return call.post("/notify/test", "", limit, a -> TestAnswer.of(a.body()), r -> print(r, out, call));
        }

        /** The daemon's answer to {@code POST /notify/test}, read in full before anything is printed. */
        record TestAnswer(int exitCode, List<Row> rows, String error) {
            /** One channel's outcome. */
            record Row(String channel, Object target, String result, Object detail) {}

            /** @throws RuntimeException when the body is not such an answer */
            static TestAnswer of(String body) {
                Map<String, Object> r = Json.parseObject(body);
                List<Row> rows = new ArrayList<>();
                for (Map<String, Object> row : Json.objects(r, "results")) {
                    rows.add(new Row(
                            String.valueOf(row.get("channel")),
                            row.get("target"),
                            String.valueOf(row.get("result")),
                            row.get("detail")));
                }
                Object error = r.get("error");
                return new TestAnswer(
                        ((Number) r.get("exit_code")).intValue(), rows, error == null ? null : error.toString());
            }
        }

        /** One line per channel on stdout; when not all sent, one sentence on stderr. */
        private static int print(TestAnswer r, PrintWriter out, AdminCall call) {
            long notSent = 0;
            for (TestAnswer.Row row : r.rows()) {
                boolean sent = "sent".equals(row.result());
                notSent += sent ? 0 : 1;
                out.println(row.channel() + " (" + row.target() + "): " + row.result()
                        + (row.detail() == null ? "" : ": " + row.detail()));
            }
            out.flush();
            if (r.exitCode() == ExitCode.OK) {
                return ExitCode.OK;
            }
            int exit = r.exitCode() == ExitCode.USAGE ? ExitCode.USAGE : ExitCode.NEGATIVE;
            if (r.error() != null) {
                return call.fail(r.error() + ".", exit);
            }
            int channels = r.rows().size();
            return call.fail(
                    notSent + " of " + channels + " channel" + (channels == 1 ? "" : "s")
                            + " did not send the test message.",
                    exit);
        }
    }
}
