package dev.failberry.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Writing and reading JSON: the protocols' flat objects, /status's nested and sorted one. */
class JsonTest {
    @Test
    void objectsAreTheMapsOfAnArrayAndAnythingElseIsRefused() {
        var parsed = Json.parseObject("{\"results\": [{\"a\": 1}, {\"b\": [2]}], \"n\": 3, \"mixed\": [{}, 4]}");
        assertThat(Json.objects(parsed, "results")).hasSize(2).first().isEqualTo(Map.of("a", 1));
        assertThatThrownBy(() -> Json.objects(parsed, "missing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("missing is not an array");
        assertThatThrownBy(() -> Json.objects(parsed, "n")).hasMessage("n is not an array");
        assertThatThrownBy(() -> Json.objects(parsed, "mixed")).hasMessage("mixed holds something other than objects");
    }

    @Test
    void flatJsonRoundTripsAndKeepsNestedValuesRaw() {
        String json = Json.write(new java.util.LinkedHashMap<>(Map.of("a", "x\"y\\z\n")));
        assertThat(json).isEqualTo("{\"a\":\"x\\\"y\\\\z\\n\"}");
        assertThat(Json.parseFlat(json)).containsEntry("a", "x\"y\\z\n");
        Map<String, String> m =
                Json.parseFlat(" {\"statusCode\": 201, \"ok\": true, \"n\": null, \"h\": {\"k\": [1, \"}\"]},"
                        + " \"u\": \"\\u00e9\"} ");
        assertThat(m)
                .containsEntry("statusCode", "201")
                .containsEntry("ok", "true")
                .containsEntry("n", null)
                .containsEntry("h", "{\"k\":[1,\"}\"]}")
                .containsEntry("u", "é");
        assertThatThrownBy(() -> Json.parseFlat("Internal Server Error")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parseFlat("{\"a\":1} x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deeplyNestedJsonIsRefusedNotAStackOverflow() {
        String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThatThrownBy(() -> Json.parseFlat(deep))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested");
        String nested = "{\"a\":" + "[".repeat(31) + "]".repeat(31) + ",\"b\":\"[[[[\\\"[[\"}";
        assertThat(Json.parseFlat(nested)).containsEntry("b", "[[[[\"[[").containsKey("a");
    }

    /** Found by TextParserFuzzTest: text that does not start with a hex digit or ':' made the JDK look it up. */
    @Test
    void writesNestedValuesInTheGivenOrderOrSorted() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1);
        inner.put("a", Arrays.asList(true, null, 2.5, "s"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", "CONNECTED");
        m.put("modem", inner);
        m.put("empty", null);

        assertThat(Json.write(m))
                .isEqualTo("{\"state\":\"CONNECTED\",\"modem\":{\"z\":1,\"a\":[true,null,2.5,\"s\"]},\"empty\":null}");
        assertThat(Json.writeSorted(m))
                .isEqualTo("{\"empty\":null,\"modem\":{\"a\":[true,null,2.5,\"s\"],\"z\":1},\"state\":\"CONNECTED\"}");
        assertThat(Json.of("op", "read", "type", "A")).isEqualTo("{\"op\":\"read\",\"type\":\"A\"}");
        assertThat(Json.parseFlat(Json.of("s", "tab\there \"q\" \u0001"))).containsEntry("s", "tab\there \"q\" \u0001");
        assertThatThrownBy(() -> Json.write(Map.of("t", new Object()))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesNestedObjectsKeepingKeyOrder() {
        Map<String, Object> m = Json.parseObject("{\"b\":{\"y\":1,\"x\":[\"p\",null]},\"a\":true,\"n\":null}");
        assertThat(m.keySet()).containsExactly("b", "a", "n");
        assertThat(((Map<?, ?>) m.get("b")).keySet()).hasToString("[y, x]");
        assertThat(((Map<?, ?>) m.get("b")).get("x")).isEqualTo(Arrays.asList("p", null));
        assertThat(m.get("a")).isEqualTo(true);
        assertThat(m).containsEntry("n", null);
        assertThat(Json.parseObject(Json.write(m))).isEqualTo(m);
        assertThatThrownBy(() -> Json.parseObject("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parseObject("{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("levels deep");
    }
}
