/**
 * Property-based fuzz tests (jqwik, on the JUnit platform next to Jupiter): AT framing and
 * {@code AtPort} over a chaotic serial link, every reply/line/literal parser, the config validator,
 * and the public health port.
 *
 * <h2>In the normal build</h2>
 * Every property has a fixed {@code seed} and a small {@code tries}, so {@code mvn verify} runs them
 * reproducibly in about 15-20 s (2 cores). Run only these:
 * <pre>mvn -B -q test -Dtest='dev.failberry.fuzz.**'</pre>
 *
 * <h2>A longer campaign</h2>
 * {@link dev.failberry.fuzz.FuzzCampaign} reads two system properties (Maven hands {@code -D} on to
 * the test JVM):
 * <pre>
 * mvn -B test -Dtest='dev.failberry.fuzz.**' -Dfuzz.factor=50 -Dfuzz.seed=random   # 50x tries, fresh seeds
 * mvn -B test -Dtest='ConfigFuzzTest' -Dfuzz.factor=20 -Dfuzz.seed=random          # one area
 * mvn -B test -Dtest='ConfigFuzzTest' -Dfuzz.seed=39433478757943219                # replay a reported seed
 * </pre>
 * Each property then prints {@code fuzz campaign: <property> tries=N seed=S} (in
 * {@code target/surefire-reports/*-output.txt}); a failure report names the seed and the shrunk sample.
 * jqwik's failure database is kept in {@code target/.jqwik-database}. Keep a failing input as an
 * example-based regression test beside the code it breaks.
 */
package dev.failberry.fuzz;
