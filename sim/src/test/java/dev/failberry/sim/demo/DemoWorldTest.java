package dev.failberry.sim.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.LinkConfig.LinkType;
import dev.failberry.json.Json;
import dev.failberry.ppp.SourceBinding;
import dev.failberry.sim.aws.LoopbackAws;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ready line is all the daemon learns about the world (it never loads a simulator class): it must
 * carry the same environment the in-process tests get from {@link DemoEnvironment#environment}.
 */
class DemoWorldTest {
    @ParameterizedTest
    @EnumSource(LinkType.class)
    void theReadyLineCarriesTheConfigAndTheDaemonsEnvironment(LinkType link) {
        Path scratch = Path.of("/tmp/failberry-demo-x");
        Map<String, Object> ready =
                Json.parseObject(DemoWorld.ready(Map.of("dns.route53.endpoint", "http://127.0.0.1:1"), scratch, link));

        assertThat(ready.get("config")).isEqualTo(Map.of("dns.route53.endpoint", "http://127.0.0.1:1"));
        var expected = DemoEnvironment.environment(scratch, scratch.resolve("run"), link);
        assertThat(ready.get("environment"))
                .isEqualTo(Map.of(
                        "ppp-pid-dir",
                        expected.pppPaths().pidDir().toString(),
                        "ppp-lock-dir",
                        expected.pppPaths().lockDir().toString(),
                        "aws-access-key-id",
                        LoopbackAws.ACCESS_KEY,
                        "aws-secret-access-key",
                        LoopbackAws.SECRET_KEY,
                        "pi-model-file",
                        expected.piModelFile().toString(),
                        "probes-from-link-address",
                        link == LinkType.ETHERNET));
        // the router stick's address is this machine's (127.8.0.x): probes leave from it, as on a Pi
        assertThat(expected.probeBinding() == SourceBinding.LINK_ADDRESS).isEqualTo(link == LinkType.ETHERNET);
        assertThat(expected.awsProcessEnvironment())
                .containsEntry("AWS_ACCESS_KEY_ID", LoopbackAws.ACCESS_KEY)
                .containsEntry("AWS_SECRET_ACCESS_KEY", LoopbackAws.SECRET_KEY);
    }
}
