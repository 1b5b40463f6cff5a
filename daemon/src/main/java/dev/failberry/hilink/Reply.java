package dev.failberry.hilink;

import java.util.Map;
import java.util.Optional;

/**
 * What one reply body of the HiLink API was, before any endpoint-specific meaning is given to it. The
 * stick answers HTTP 200 whatever happened, so this, not the status code, tells success from failure.
 */
sealed interface Reply {

    /**
     * {@code <response>} with child elements (tag -> text, first occurrence wins: some firmwares repeat
     * {@code maxsignal} and {@code RoamingStatus}), or with bare text such as {@code OK} for a setting.
     */
    record Fields(Map<String, String> values, String text) implements Reply {
        public Fields {
            values = Map.copyOf(values);
        }

        Optional<String> get(String tag) {
            String v = values.get(tag);
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
        }

        boolean isOk() {
            return values.isEmpty() && "OK".equalsIgnoreCase(text.strip());
        }
    }

    /** {@code <error><code>125002</code><message/></error>}. */
    record Error(int code, String message) implements Reply {}

    /** Not the API's XML at all: an HTML page, an empty body, malformed or truncated XML. */
    record Garbled(Garble kind, String reason) implements Reply {}

    enum Garble {
        EMPTY,
        HTML,
        MALFORMED
    }
}
