package dev.failberry.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * One request of a CLI command to the running daemon's admin listener, and the ways it fails, each one sentence
 * on stderr after the command's name ({@code failberry data show: ...}) with the exit code of the interface
 * document:
 *
 * <ul>
 *   <li>an {@code --admin} URL that is not {@code http://HOST:PORT} or {@code HOST:PORT}: {@link ExitCode#USAGE};
 *   <li>nothing answers (the daemon is not running) or no answer in time: {@link ExitCode#UNREACHABLE}, or the
 *       command's way without the daemon ({@link #withoutDaemon});
 *   <li>an HTTP status other than 200: {@link ExitCode#UNREACHABLE} (the sentence is the command's:
 *       {@link #httpError});
 *   <li>an answer the command cannot read (its reader throws: not JSON, a field missing or of another type):
 *       {@link ExitCode#UNREACHABLE}, "the daemon's answer is not understood" or the command's own sentence
 *       ({@link #unreadable}).
 * </ul>
 *
 * The command says only what it asks ({@link #get}, {@link #post}), what it reads from the answer and how it
 * prints that. The reader takes from the answer everything the printer needs, so that printing cannot fail
 * half-way through.
 */
final class AdminCall {
    private final String command;
    private final String url;
    private final PrintWriter err;
    private Function<AdminClient.Answer, String> httpError = a -> "the daemon answered HTTP " + a.status() + ".";
    private String unreadable = "the daemon's answer is not understood";
    private Function<String, Integer> withoutDaemon;

    private AdminCall(String command, String url, PrintWriter err) {
        this.command = command;
        this.url = url;
        this.err = err;
    }

    /** {@code command} as the user typed it ({@code "failberry data show"}); {@code url} as {@link AdminClient}. */
    static AdminCall of(String command, String url, PrintWriter err) {
        return new AdminCall(command, url, err);
    }

    /** {@link ExitCode#USAGE} after one sentence when {@code url} came from {@code --admin} and is no admin URL. */
    OptionalInt invalidUrl() {
        var bad = AdminClient.invalid(url);
        if (bad.isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(fail(bad.get() + ".", ExitCode.USAGE));
    }

    /** The whole sentence (with its full stop, if any) for an answer that is not HTTP 200. */
    AdminCall httpError(Function<AdminClient.Answer, String> sentence) {
        this.httpError = Objects.requireNonNull(sentence);
        return this;
    }

    /**
     * What an answer the reader fails on (a RuntimeException) is, without the full stop: "the daemon's answer is
     * not valid status JSON" (default: "the daemon's answer is not understood").
     */
    AdminCall unreadable(String sentence) {
        this.unreadable = Objects.requireNonNull(sentence);
        return this;
    }

    /** What the command does when no daemon answers: given why, returns the exit code (it prints itself). */
    AdminCall withoutDaemon(Function<String, Integer> fallback) {
        this.withoutDaemon = Objects.requireNonNull(fallback);
        return this;
    }

    <T> int get(String path, Duration timeout, Function<AdminClient.Answer, T> read, ToIntFunction<T> print) {
        return call(path, null, timeout, read, print);
    }

    /** A POST of {@code body} (text). */
    <T> int post(
            String path, String body, Duration timeout, Function<AdminClient.Answer, T> read, ToIntFunction<T> print) {
        return call(path, Objects.requireNonNull(body), timeout, read, print);
    }

    /** No daemon answers ({@code why}, from {@link AdminClient.Unreachable}): the way without it, or exit 3. */
    int notRunning(String why) {
        if (withoutDaemon != null) {
            return withoutDaemon.apply(why);
        }
        return fail(why + ".", ExitCode.UNREACHABLE);
    }

    /** One sentence (with its full stop, if any) after the command's name on stderr; returns {@code exitCode}. */
    int fail(String sentence, int exitCode) {
        err.println(command + ": " + sentence);
        return exitCode;
    }

    private <T> int call(
            String path, String body, Duration timeout, Function<AdminClient.Answer, T> read, ToIntFunction<T> print) {
        AdminClient.Answer answer;
        try {
            AdminClient client = new AdminClient(url);
            answer = body == null ? client.get(path, timeout) : client.post(path, body, timeout);
        } catch (AdminClient.Unreachable e) {
            return notRunning(e.getMessage());
        }
        if (answer.status() != 200) {
            return fail(httpError.apply(answer), ExitCode.UNREACHABLE);
        }
        T understood;
        try {
            understood = read.apply(answer);
        } catch (RuntimeException e) {
            return fail(unreadable + ".", ExitCode.UNREACHABLE);
        }
        return print.applyAsInt(understood);
    }
}
