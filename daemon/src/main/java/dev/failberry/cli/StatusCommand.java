package dev.failberry.cli;

import dev.failberry.json.Json;
import dev.failberry.status.StatusText;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code failberry status}: asks the running daemon; exit 0 healthy, 1 degraded or down, 3 unreachable. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show the running daemon's state. Exit 0 when the link is up and healthy, 1 when degraded "
                + "or down, 3 when the daemon cannot be reached.")
public final class StatusCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print the raw status JSON.")
    boolean json;

    @Option(
            names = "--admin",
            paramLabel = "URL",
            defaultValue = "http://127.0.0.1:9001",
            description = "Admin listener of the daemon, http://HOST:PORT or HOST:PORT (default: ${DEFAULT-VALUE}).")
    String admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        var bad = AdminClient.invalid(admin);
        if (bad.isPresent()) {
            err.println("failberry status: " + bad.get() + ".");
            return ExitCode.USAGE;
        }
        AdminClient.Answer answer;
        try {
            answer = new AdminClient(admin).get("/status", Duration.ofSeconds(5));
        } catch (AdminClient.Unreachable e) {
            err.println("failberry status: " + e.getMessage() + ".");
            return ExitCode.UNREACHABLE;
        }
        if (answer.status() != 200) {
            err.println("failberry status: the daemon answered HTTP " + answer.status() + " at " + admin + "/status.");
            return ExitCode.UNREACHABLE;
        }
        Map<String, Object> status;
        try {
            status = Json.parseObject(answer.body());
        } catch (RuntimeException e) {
            err.println("failberry status: the daemon's answer is not valid status JSON.");
            return ExitCode.UNREACHABLE;
        }
        out.print(json ? answer.body() : StatusText.format(status));
        out.flush();
        boolean healthy = Boolean.TRUE.equals(status.get("healthy")) && "CONNECTED".equals(status.get("state"));
        return healthy ? ExitCode.OK : ExitCode.NEGATIVE;
    }
}
