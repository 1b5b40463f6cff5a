package dev.failberry.sim.aws;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An HTTP answer of the simulator: text (XML, JSON) or bytes (CloudWatch's CBOR). */
record Reply(int status, String contentType, Map<String, String> headers, byte[] payload) {
    Reply(int status, String contentType, Map<String, String> headers, String body) {
        this(status, contentType, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    static Reply xml(int status, String body) {
        return new Reply(status, "text/xml", Map.of(), body);
    }

    static Reply json(int status, String body) {
        return new Reply(status, "application/json", Map.of(), body);
    }

    /** Smithy RPC v2 CBOR: every answer says which protocol it speaks. */
    static Reply cbor(int status, byte[] body) {
        return new Reply(status, "application/cbor", Map.of("smithy-protocol", "rpc-v2-cbor"), body);
    }

    Reply with(String header, String value) {
        var h = new java.util.LinkedHashMap<>(headers);
        h.put(header, value);
        return new Reply(status, contentType, Map.copyOf(h), payload);
    }
}
