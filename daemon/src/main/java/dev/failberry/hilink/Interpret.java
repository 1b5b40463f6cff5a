package dev.failberry.hilink;

import dev.failberry.hilink.HilinkResult.Silence;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns one HTTP answer of the stick into a {@link HilinkResult}; pure. The stick answers HTTP 200 for
 * errors too ({@code <error>} in the body); a redirect (to {@code /html/index.html}) or a 404 is how a
 * firmware without the endpoint answers; other HTTP errors and anything that is not the API's XML
 * count as "not answering".
 */
final class Interpret {
    private Interpret() {}

    static <T> HilinkResult<T> reply(String path, int status, String body, Function<Reply.Fields, Optional<T>> read) {
        if (status / 100 == 3 || status == 404) {
            return new HilinkResult.Refused<>(new StickError(0, StickError.Kind.NOT_SUPPORTED, path, "HTTP " + status));
        }
        if (status / 100 != 2) {
            return new HilinkResult.Silent<>(Silence.HTTP_ERROR, "HTTP " + status + " from " + path);
        }
        Reply reply = HilinkXml.parse(body);
        if (reply instanceof Reply.Garbled g) {
            return new HilinkResult.Silent<>(
                    g.kind() == Reply.Garble.HTML ? Silence.HTML : Silence.MALFORMED, g.reason() + " from " + path);
        }
        if (reply instanceof Reply.Error e) {
            return new HilinkResult.Refused<>(StickError.of(e.code(), path, e.message()));
        }
        Optional<T> value = read.apply((Reply.Fields) reply);
        if (value.isEmpty()) {
            return new HilinkResult.Silent<>(Silence.MALFORMED, path + " answered without the expected fields");
        }
        return new HilinkResult.Ok<>(value.get());
    }
}
