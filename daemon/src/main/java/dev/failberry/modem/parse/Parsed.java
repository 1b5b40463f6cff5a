package dev.failberry.modem.parse;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;

/**
 * Outcome of a pure AT reply parser: either {@link Ok} with a typed value or {@link Failed} with a
 * human-readable reason. Parsers never throw; a caller decides what a failure means.
 *
 * @param <T> the parsed value type
 */
public sealed interface Parsed<T> permits Parsed.Ok, Parsed.Failed {

    /** Longest excerpt of the offending input kept in a {@link Failed}, so huge garbage is not retained. */
    int MAX_INPUT_EXCERPT = 120;

    /** A successful parse. */
    record Ok<T>(T value) implements Parsed<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A failed parse.
     *
     * @param reason why the input was rejected, e.g. {@code "expected 2 fields, got 1"}
     * @param input  an excerpt of the rejected input (at most {@link #MAX_INPUT_EXCERPT} characters),
     *               {@code "<null>"} for a null input
     */
    record Failed<T>(String reason, String input) implements Parsed<T> {
        public Failed {
            reason = reason == null ? "unknown reason" : reason;
            input = excerpt(input);
        }

        /** Re-types this failure, e.g. to pass it on from a parser of a different value type. */
        public <U> Failed<U> cast() {
            return new Failed<>(reason, input);
        }
    }

    /** Returns an {@link Ok} holding {@code value}. */
    static <T> Parsed<T> ok(T value) {
        return new Ok<>(value);
    }

    /** Returns a {@link Failed} with {@code reason}, keeping an excerpt of {@code input}. */
    static <T> Parsed<T> failed(String reason, String input) {
        return new Failed<>(reason, input);
    }

    /** True for {@link Ok}. */
    default boolean isOk() {
        return this instanceof Ok;
    }

    /**
     * The parsed value.
     *
     * @throws NoSuchElementException on a {@link Failed}; check {@link #isOk()} or use {@link #orElse}
     */
    default T value() {
        if (this instanceof Ok<T> ok) {
            return ok.value;
        }
        throw new NoSuchElementException("parse failed: " + ((Failed<T>) this).reason());
    }

    /** The value, or {@code fallback} on a failure. */
    default T orElse(T fallback) {
        return this instanceof Ok<T> ok ? ok.value : fallback;
    }

    /** The failure reason, or {@code null} for {@link Ok}. */
    default String failureReason() {
        return this instanceof Failed<T> f ? f.reason() : null;
    }

    /** Applies {@code f} to a successful value; failures pass through unchanged. */
    default <U> Parsed<U> map(Function<? super T, ? extends U> f) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(f.apply(ok.value));
        }
        return ((Failed<T>) this).cast();
    }

    private static String excerpt(String input) {
        if (input == null) {
            return "<null>";
        }
        return input.length() <= MAX_INPUT_EXCERPT
                ? input
                : input.substring(0, MAX_INPUT_EXCERPT) + "...(" + input.length() + " chars)";
    }
}
