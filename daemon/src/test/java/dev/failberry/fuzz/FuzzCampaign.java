package dev.failberry.fuzz;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Turns the seeded, short fuzz properties of the normal build into a longer campaign on request.
 *
 * <p>Every property in this package declares a small {@code tries} and a fixed {@code seed}, so
 * {@code mvn verify} is quick and reproducible. Two system properties (Maven passes {@code -D} user
 * properties on to the forked test JVM) change that:
 * <ul>
 *   <li>{@code -Dfuzz.factor=N} multiplies every property's tries by N (e.g. 50);</li>
 *   <li>{@code -Dfuzz.seed=random} replaces the fixed seeds by a fresh random one per property, and
 *       {@code -Dfuzz.seed=12345} by that seed (to replay a failure jqwik reported).</li>
 * </ul>
 * Example: {@code mvn -B test -Dtest='dev.failberry.fuzz.**' -Dfuzz.factor=50 -Dfuzz.seed=random}.
 * jqwik prints the seed of a failing property; rerun with {@code -Dfuzz.seed=<that seed>}.
 */
public final class FuzzCampaign implements AroundPropertyHook {

    /** The multiplier for tries, 1 unless {@code -Dfuzz.factor} says otherwise. */
    static int factor() {
        String s = System.getProperty("fuzz.factor", "1").trim();
        try {
            return Math.max(1, Integer.parseInt(s));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Dfuzz.factor must be a whole number, got '" + s + "'", e);
        }
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        var attributes = context.attributes();
        int f = factor();
        if (f > 1) {
            attributes.tries().ifPresent(t -> attributes.setTries(Math.multiplyExact(t, f)));
        }
        String seed = System.getProperty("fuzz.seed", "").trim();
        if (seed.equalsIgnoreCase("random")) {
            attributes.setSeed(Long.toString(ThreadLocalRandom.current().nextLong()));
        } else if (!seed.isEmpty()) {
            attributes.setSeed(seed);
        }
        if (f > 1 || !seed.isEmpty()) {
            // campaign mode: say what ran, so a clean run can be reproduced too
            System.out.printf(
                    "fuzz campaign: %s tries=%s seed=%s%n",
                    context.extendedLabel(),
                    attributes.tries().map(String::valueOf).orElse("default"),
                    attributes.seed().orElse("random"));
        }
        return property.execute();
    }

    @Override
    public int aroundPropertyProximity() {
        return -20; // outside jqwik's own hooks (PropertyDefaults is -10), before the attributes are read
    }

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS; // registered on the class, applied to its properties
    }

    @Override
    public boolean appliesTo(Optional<AnnotatedElement> element) {
        return element.map(e -> e instanceof Method).orElse(false);
    }
}
