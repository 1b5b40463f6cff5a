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
        AdminCall call = AdminCall.of("failberry status", admin, err)
                .httpError(a -> "the daemon answered HTTP " + a.status() + " at " + admin + "/status.")
                .unreadable("the daemon's answer is not valid status JSON");
        var bad = call.invalidUrl();
        if (bad.isPresent()) {
            return bad.getAsInt();
        }
        return call.get("/status", Duration.ofSeconds(5), a -> new Read(a.body(), Json.parseObject(a.body())), r -> {
            out.print(json ? r.body() : StatusText.format(r.status()));
            out.flush();
            boolean healthy = Boolean.TRUE.equals(r.status().get("healthy"))
                    && "CONNECTED".equals(r.status().get("state"));
            return healthy ? ExitCode.OK : ExitCode.NEGATIVE;
        });
    }

    /** The answer as sent (for {@code --json}) and as read. */
    private record Read(String body, Map<String, Object> status) {}
}
