package dev.failberry.hilink;

import java.util.Optional;
import java.util.function.Function;

/**
 * The outcome of one call to the stick, never an exception: the value, a refusal with the API's error
 * code, or silence ("stick not answering": no connection, a timeout, an HTML page, malformed XML, an
 * HTTP error). The recovery ladder treats {@link Silent} like a silent AT port.
 */
public sealed interface HilinkResult<T> {

    /** Why the stick counts as not answering. */
    enum Silence {
        /** Connection refused, no route, interface gone. */
        UNREACHABLE,
        /** No answer within the timeout (a rebooting stick keeps the TCP connection but says nothing). */
        TIMEOUT,
        /** An HTML page instead of the API's XML. */
        HTML,
        /** An empty body, truncated or malformed XML, or a reply without the fields the endpoint has. */
        MALFORMED,
        /** An HTTP status other than 2xx (other than redirects and 404, which mean "not supported"). */
        HTTP_ERROR
    }

    /** The value of an action that returns nothing but "OK" (reboot, a setting). */
    enum Done {
        OK
    }

    record Ok<T>(T value) implements HilinkResult<T> {
        public Ok {
            java.util.Objects.requireNonNull(value, "value");
        }
    }

    record Refused<T>(StickError error) implements HilinkResult<T> {}

    record Silent<T>(Silence cause, String reason) implements HilinkResult<T> {}

    default boolean isOk() {
        return this instanceof Ok;
    }

    default boolean isSilent() {
        return this instanceof Silent;
    }

    default Optional<T> result() {
        return this instanceof Ok<T> ok ? Optional.of(ok.value()) : Optional.empty();
    }

    /** The same outcome with the value transformed; refusals and silence pass through. */
    default <U> HilinkResult<U> map(Function<T, U> f) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(f.apply(ok.value()));
        }
        if (this instanceof Refused<T> r) {
            return new Refused<>(r.error());
        }
        Silent<T> s = (Silent<T>) this;
        return new Silent<>(s.cause(), s.reason());
    }

    /** One line for logs and status. */
    default String describe() {
        if (this instanceof Ok<T> ok) {
            return "ok";
        }
        if (this instanceof Refused<T> r) {
            return r.error().describe();
        }
        Silent<T> s = (Silent<T>) this;
        return "stick not answering: " + s.reason();
    }
}
