package dev.failberry.cli;

import dev.failberry.json.Json;
import dev.failberry.status.StatusText;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
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
            PrintWriter err = spec.commandLine().getErr();
            var bad = AdminClient.invalid(admin.url);
            if (bad.isPresent()) {
                err.println("failberry data show: " + bad.get() + ".");
                return ExitCode.USAGE;
            }
            try {
                var answer = new AdminClient(admin.url).get("/status", Duration.ofSeconds(5));
                if (answer.status() != 200) {
                    err.println("failberry data show: the daemon answered HTTP " + answer.status() + ".");
                    return ExitCode.UNREACHABLE;
                }
                Map<String, Object> status = Json.parseObject(answer.body());
                @SuppressWarnings("unchecked")
                Map<String, Object> u = (Map<String, Object>) status.get("data_usage");
                if (u == null) {
                    err.println("failberry data show: the daemon reports no data usage yet.");
                    return ExitCode.UNREACHABLE;
                }
                spec.commandLine().getOut().println(StatusText.dataUsage(u));
                spec.commandLine().getOut().flush();
                return Boolean.TRUE.equals(u.get("blocked")) ? ExitCode.NEGATIVE : ExitCode.OK;
            } catch (AdminClient.Unreachable e) {
                err.println("failberry data show: " + e.getMessage() + ".");
                return ExitCode.UNREACHABLE;
            } catch (RuntimeException e) {
                err.println("failberry data show: the daemon's answer is not valid status JSON.");
                return ExitCode.UNREACHABLE;
            }
        }
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
        PrintWriter err = spec.commandLine().getErr();
        var bad = AdminClient.invalid(url);
        if (bad.isPresent()) {
            err.println("failberry data " + name + ": " + bad.get() + ".");
            return ExitCode.USAGE;
        }
        try {
            var answer = new AdminClient(url).post(path, "", Duration.ofSeconds(40));
            if (answer.status() != 200) {
                err.println("failberry data " + name + ": the daemon answered HTTP " + answer.status() + ".");
                return ExitCode.UNREACHABLE;
            }
            Map<String, Object> r = Json.parseObject(answer.body());
            int code = ((Number) r.get("exit_code")).intValue();
            if (code == ExitCode.OK) {
                spec.commandLine().getOut().println(r.get("detail"));
                spec.commandLine().getOut().flush();
            } else {
                String detail = String.valueOf(r.get("detail"));
                err.println("failberry data " + name + ": " + detail + (detail.endsWith(".") ? "" : "."));
            }
            return code;
        } catch (AdminClient.Unreachable e) {
            err.println("failberry data " + name + ": " + e.getMessage() + ".");
            return ExitCode.UNREACHABLE;
        } catch (RuntimeException e) {
            err.println("failberry data " + name + ": the daemon's answer is not understood.");
            return ExitCode.UNREACHABLE;
        }
    }
}
