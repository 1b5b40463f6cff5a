package dev.failberry.sim.aws;

import java.util.Map;

/** An HTTP answer of the simulator. */
record Reply(int status, String contentType, Map<String, String> headers, String body) {
    static Reply xml(int status, String body) {
        return new Reply(status, "text/xml", Map.of(), body);
    }

    static Reply json(int status, String body) {
        return new Reply(status, "application/json", Map.of(), body);
    }

    Reply with(String header, String value) {
        var h = new java.util.LinkedHashMap<>(headers);
        h.put(header, value);
        return new Reply(status, contentType, Map.copyOf(h), body);
    }
}
