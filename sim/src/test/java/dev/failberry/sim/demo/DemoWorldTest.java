package dev.failberry.sim.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.json.Json;
import dev.failberry.sim.aws.LoopbackAws;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ready line is all the daemon learns about the world (it never loads a simulator class): it must
 * carry the same environment the in-process tests get from {@link DemoEnvironment#environment}.
 */
class DemoWorldTest {
    @Test
    void theReadyLineCarriesTheConfigAndTheDaemonsEnvironment() {
        Path scratch = Path.of("/tmp/failberry-demo-x");
        Map<String, Object> ready =
                Json.parseObject(DemoWorld.ready(Map.of("dns.route53.endpoint", "http://127.0.0.1:1"), scratch));

        assertThat(ready.get("config")).isEqualTo(Map.of("dns.route53.endpoint", "http://127.0.0.1:1"));
        var expected = DemoEnvironment.environment(scratch, scratch.resolve("run"));
        assertThat(ready.get("environment"))
                .isEqualTo(Map.of(
                        "ppp-pid-dir", expected.pppPaths().pidDir().toString(),
                        "ppp-lock-dir", expected.pppPaths().lockDir().toString(),
                        "aws-access-key-id", LoopbackAws.ACCESS_KEY,
                        "aws-secret-access-key", LoopbackAws.SECRET_KEY,
                        "pi-model-file", expected.piModelFile().toString()));
        assertThat(expected.awsProcessEnvironment())
                .containsEntry("AWS_ACCESS_KEY_ID", LoopbackAws.ACCESS_KEY)
                .containsEntry("AWS_SECRET_ACCESS_KEY", LoopbackAws.SECRET_KEY);
    }
}
