package dev.failberry.cli;

import dev.failberry.json.Json;
import dev.failberry.status.StatusText;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code failberry data show|lift|block}: the data budget, through the running daemon's admin API. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "The mobile data budget of the running daemon: usage, cap, projection, and the block of LAN "
                + "traffic at the cap.",
        subcommands = {DataCommand.Show.class, DataCommand.Lift.class, DataCommand.Block.class})
public final class DataCommand {

    /** The {@code --admin} option of every subcommand. */
    static final class Admin {
        @Option(
                names = "--admin",
                paramLabel = "URL",
                defaultValue = "http://127.0.0.1:9001",
                description =
                        "Admin listener of the daemon, http://HOST:PORT or HOST:PORT (default: ${DEFAULT-VALUE}).")
        String url;
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Usage this billing period, cap, projection to the period's end, the link's own overhead "
                    + "and whether LAN traffic is blocked. Exit 0 not blocked, 1 blocked, 3 daemon not reachable.")
    public static final class Show implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Admin admin;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            AdminCall call = AdminCall.of(
                            "failberry data show", admin.url, spec.commandLine().getErr())
                    .unreadable("the daemon's answer is not valid status JSON");
            var bad = call.invalidUrl();
            if (bad.isPresent()) {
                return bad.getAsInt();
            }
            return call.get("/status", Duration.ofSeconds(5), Show::usage, u -> {
                if (u.isEmpty()) {
                    return call.fail("the daemon reports no data usage yet.", ExitCode.UNREACHABLE);
                }
                spec.commandLine().getOut().println(u.get().text());
                spec.commandLine().getOut().flush();
                return u.get().blocked() ? ExitCode.NEGATIVE : ExitCode.OK;
            });
        }

        /** The {@code data_usage} part of the status as text, and whether LAN traffic is blocked; empty without it. */
        private static Optional<Usage> usage(AdminClient.Answer answer) {
            Map<String, Object> status = Json.parseObject(answer.body());
            @SuppressWarnings("unchecked")
            Map<String, Object> u = (Map<String, Object>) status.get("data_usage");
            return u == null
                    ? Optional.empty()
                    : Optional.of(new Usage(StatusText.dataUsage(u), Boolean.TRUE.equals(u.get("blocked"))));
        }

        private record Usage(String text, boolean blocked) {}
    }

    @Command(
            name = "lift",
            mixinStandardHelpOptions = true,
            description = "Let LAN traffic use the mobile link again until the billing period ends, whatever the usage "
                    + "(a new period starts with the cap in force again). Exit 0 lifted, 3 daemon not reachable.")
    public static final class Lift implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Admin admin;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return post(spec, admin.url, "lift", "/data/lift");
        }
    }

    @Command(
            name = "block",
            mixinStandardHelpOptions = true,
            description = "Stop LAN traffic (except ppp.data-usage.cap-allow) from using the mobile link until the "
                    + "billing period ends, whatever the usage: re-applies a lifted block. The Pi's own traffic goes on. "
                    + "Exit 0 blocked, 1 decided but the firewall table could not be loaded, 2 the daemon does not "
                    + "manage the firewall, 3 daemon not reachable.")
    public static final class Block implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Admin admin;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return post(spec, admin.url, "block", "/data/block");
        }
    }

    private static int post(CommandSpec spec, String url, String name, String path) {
        AdminCall call = AdminCall.of(
                        "failberry data " + name, url, spec.commandLine().getErr())
                .unreadable("the daemon's answer is not understood");
        var bad = call.invalidUrl();
        if (bad.isPresent()) {
            return bad.getAsInt();
        }
        return call.post(path, "", Duration.ofSeconds(40), DataCommand::decision, d -> {
            if (d.code() == ExitCode.OK) {
                spec.commandLine().getOut().println(d.detail());
                spec.commandLine().getOut().flush();
                return d.code();
            }
            return call.fail(d.detail() + (d.detail().endsWith(".") ? "" : "."), d.code());
        });
    }

    /** The daemon's answer to lift or block: its exit code and one sentence. */
    private record Decision(int code, String detail) {}

    private static Decision decision(AdminClient.Answer answer) {
        Map<String, Object> r = Json.parseObject(answer.body());
        return new Decision(((Number) r.get("exit_code")).intValue(), String.valueOf(r.get("detail")));
    }
}
