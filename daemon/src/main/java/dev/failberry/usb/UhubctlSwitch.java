package dev.failberry.usb;

import dev.failberry.config.FailberryConfig;
import dev.failberry.proc.CommandRunner;
import dev.failberry.time.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Power-cycles hub ports with uhubctl, then verifies (see {@link VerifiedSwitch}).
 *
 * <p>With one location: {@code uhubctl -l LOCATION -p PORTS -a cycle -d OFF_SECONDS}. With
 * {@code extra-locations} (Pi 4B: {@code 1-1} and {@code 2}; Pi 5: {@code 2} and {@code 4}), whose ports
 * are ganged across hubs so VBUS drops only while <em>all</em> are off, one call per hub cannot be a
 * {@code cycle}: it runs {@code -a off} for every location, waits the off time on the scheduler, then
 * {@code -a on} for every location. Extra locations are switched on all their ports (as uhubctl's README
 * does for these models). uhubctl exits 0 after many failures, so its output is parsed
 * ({@link UhubctlOutput}); errors that happen before any switching (no hub, permissions, bad arguments)
 * end the cycle at once, others still go through verification.
 */
final class UhubctlSwitch extends VerifiedSwitch {
    private final CommandRunner runner;
    private final Path command;
    private final String location;
    private final List<Integer> ports;
    private final List<String> extraLocations;
    private final Duration offTime;
    private final Duration commandGrace;

    public UhubctlSwitch(
            FailberryConfig.UsbPower config,
            CommandRunner runner,
            UsbTree tree,
            UsbDeviceMatcher matcher,
            Scheduler scheduler) {
        this(config, runner, tree, matcher, scheduler, DEFAULT_COMMAND_GRACE);
    }

    /** How long one uhubctl call may take beyond the off time before it is killed. */
    public static final Duration DEFAULT_COMMAND_GRACE = Duration.ofSeconds(20);

    public UhubctlSwitch(
            FailberryConfig.UsbPower config,
            CommandRunner runner,
            UsbTree tree,
            UsbDeviceMatcher matcher,
            Scheduler scheduler,
            Duration commandGrace) {
        super(tree, matcher, scheduler, config.waitForModem());
        this.commandGrace = commandGrace;
        this.runner = runner;
        this.command = config.command();
        this.location = config.location();
        this.ports = List.copyOf(config.ports());
        this.extraLocations = List.copyOf(config.extraLocations());
        this.offTime = config.offTime();
    }

    @Override
    public String describe() {
        StringBuilder sb =
                new StringBuilder("uhubctl -l ").append(location).append(" -p ").append(portList());
        extraLocations.forEach(l -> sb.append(" + -l ").append(l));
        return sb.append(" (off ").append(offSeconds()).append(" s)").toString();
    }

    /** The argument arrays this switch runs, in order (for the single-hub case: one {@code cycle} call). */
    public List<List<String>> commands() {
        if (extraLocations.isEmpty()) {
            return List.of(args(location, true, "cycle"));
        }
        List<List<String>> all = new ArrayList<>(offCommands());
        all.addAll(onCommands());
        return all;
    }

    private List<List<String>> offCommands() {
        List<List<String>> c = new ArrayList<>();
        c.add(args(location, true, "off"));
        extraLocations.forEach(l -> c.add(args(l, false, "off")));
        return c;
    }

    private List<List<String>> onCommands() {
        List<List<String>> c = new ArrayList<>();
        c.add(args(location, true, "on"));
        extraLocations.forEach(l -> c.add(args(l, false, "on")));
        return c;
    }

    private List<String> args(String loc, boolean withPorts, String action) {
        List<String> a = new ArrayList<>(List.of(command.toString(), "-l", loc));
        if (withPorts) {
            a.addAll(List.of("-p", portList()));
        }
        a.addAll(List.of("-a", action));
        if (action.equals("cycle")) {
            a.addAll(List.of("-d", offSeconds()));
        }
        return a;
    }

    private String portList() {
        return ports.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private String offSeconds() {
        long ms = offTime.toMillis();
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : String.valueOf(ms / 1000.0);
    }

    @Override
    CompletableFuture<Operation> operate(PresenceWatch watch, long start) {
        if (!Files.isExecutable(command)) {
            String why = Files.exists(command) ? "is not executable" : "not installed";
            return CompletableFuture.completedFuture(new Operation(
                    List.of(),
                    Optional.of(CycleResult.of(
                            CycleResult.Outcome.NOT_INSTALLED,
                            "uhubctl " + why + " at " + command + ": apt install uhubctl",
                            elapsed(start),
                            List.of())),
                    Optional.empty(),
                    List.of()));
        }
        if (extraLocations.isEmpty()) {
            return CompletableFuture.supplyAsync(
                            () -> runAll(List.of(args(location, true, "cycle")), new Log(start)), SerialGate.WORKER)
                    .thenApply(Log::operation);
        }
        return CompletableFuture.supplyAsync(() -> runAll(offCommands(), new Log(start)), SerialGate.WORKER)
                .thenCompose(log -> log.failure.isPresent()
                        ? CompletableFuture.completedFuture(log)
                        : after(offTime, () -> runAll(onCommands(), log)))
                .thenApply(Log::operation);
    }

    /** Accumulates what the calls did. Only touched by one thread at a time (the worker, in sequence). */
    private final class Log {
        final long start;
        final List<String> actions = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        Optional<CycleResult> failure = Optional.empty();
        Optional<String> softError = Optional.empty();

        Log(long start) {
            this.start = start;
        }

        Operation operation() {
            return new Operation(actions, failure, softError, notes);
        }
    }

    private static boolean switchesOff(List<String> call) {
        int a = call.indexOf("-a");
        return a >= 0 && a + 1 < call.size() && !call.get(a + 1).equals("on");
    }

    /**
     * After a uhubctl killed while it switched ports off (or in the middle of a cycle): the ports may be off,
     * and would stay off, the stick with them, until the next cycle minutes later. So every port this switch
     * handles is switched on once (on a port that is on already, a no-op); says what came of it.
     */
    private String powerBackOn(Log log) {
        List<String> failed = new ArrayList<>();
        for (List<String> on : onCommands()) {
            log.actions.add(String.join(" ", on));
            CommandRunner.Result r = runner.run(on, commandGrace);
            if (r.startError() != null || r.timedOut() || r.exitCode() != 0) {
                failed.add(String.join(" ", on.subList(1, on.size()))
                        + (r.startError() != null
                                ? ": " + r.startError()
                                : r.timedOut() ? ": killed too" : ": exit " + r.exitCode()));
            }
        }
        return failed.isEmpty()
                ? "the ports were switched on again"
                : "switching the ports on again failed (" + String.join("; ", failed)
                        + "): the stick may have no power";
    }

    private Log runAll(List<List<String>> calls, Log log) {
        for (List<String> call : calls) {
            if (log.failure.isPresent()) {
                break;
            }
            log.actions.add(String.join(" ", call));
            Duration timeout = offTime.plus(commandGrace);
            CommandRunner.Result r = runner.run(call, timeout);
            if (r.startError() != null) {
                log.failure = Optional.of(CycleResult.of(
                        CycleResult.Outcome.NOT_INSTALLED,
                        "could not run " + command + ": " + r.startError() + " (apt install uhubctl)",
                        elapsed(log.start),
                        log.actions));
                break;
            }
            if (r.timedOut()) {
                String killed = "uhubctl did not finish within " + timeout.toSeconds()
                        + " s and was killed (a hung hub or device? uhubctl -N may help)";
                log.failure = Optional.of(CycleResult.of(
                        CycleResult.Outcome.SWITCH_FAILED,
                        switchesOff(call) ? killed + "; " + powerBackOn(log) : killed,
                        elapsed(log.start),
                        log.actions));
                break;
            }
            UhubctlReport report = UhubctlOutput.parse(r.output());
            report.warnings().forEach(w -> log.notes.add("uhubctl: " + w.line()));
            Optional<UhubctlReport.Problem> p = report.failure();
            if (p.isPresent()) {
                UhubctlReport.Problem problem = p.get();
                switch (problem.kind()) {
                    case PERMISSION ->
                        log.failure = Optional.of(CycleResult.of(
                                CycleResult.Outcome.PERMISSION_DENIED,
                                "uhubctl: permission denied (\"" + problem.line()
                                        + "\"): run as root or install uhubctl's udev rule"
                                        + " (udev/rules.d/52-usb.rules) and add the user to its group",
                                elapsed(log.start),
                                log.actions));
                    case NO_DEVICES ->
                        log.failure = Optional.of(CycleResult.of(
                                CycleResult.Outcome.CONFIG_ERROR,
                                "uhubctl: \"" + problem.line() + "\": no hub with power switching at location "
                                        + call.get(2) + " (check usb-power.location with `sudo uhubctl`)",
                                elapsed(log.start),
                                log.actions));
                    case MULTIPLE_HUBS, INVALID_ARGUMENTS ->
                        log.failure = Optional.of(CycleResult.of(
                                CycleResult.Outcome.CONFIG_ERROR,
                                "uhubctl: \"" + problem.line() + "\" (check usb-power.location/ports)",
                                elapsed(log.start),
                                log.actions));
                    default -> log.softError = Optional.of("uhubctl reported \"" + problem.line() + "\"");
                }
            } else if (r.exitCode() != 0) {
                String last = r.output().strip().lines().reduce((a, b) -> b).orElse("no output");
                log.softError = Optional.of("uhubctl exited " + r.exitCode() + ": " + last);
            }
        }
        return log;
    }
}
