package dev.failberry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's module does not see the simulators (they are the sim module, built on the daemon): here,
 * as on an installed Pi, {@code demo} finds no world to start and says so, with the usage exit code,
 * before it creates anything. The demo with the simulators runs in it (DemoProcessTest) and in
 * deploy/ci/check-deploy.sh (the shipped jar alone in a directory).
 */
class DemoWithoutSimulatorsTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearProperty() {
        System.clearProperty(DemoWorldProcess.SIM_JAR_PROPERTY);
    }

    @Test
    void theDaemonsClassPathHasNoSimulator() {
        assertThat(ClassLoader.getSystemResource("dev/failberry/sim/demo/DemoWorld.class"))
                .as("the daemon module must not see the simulators")
                .isNull();
        assertThat(DemoWorldProcess.classPath())
                .isEqualTo(new DemoWorldProcess.Simulators.Missing("the simulators are not on the class path"));
    }

    @Test
    void demoSaysWhatIsMissingAndExits2() {
        CliTest.Run r = CliTest.run("demo", "--health-port", "0", "--admin-port", "0");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err())
                .startsWith("failberry demo: the demo needs the simulators, which are not installed with the daemon"
                        + " (the simulators are not on the class path).")
                .contains("java -jar dist/target/failberry.jar demo", "-Dfailberry.sim.jar=PATH/failberry-sim.jar")
                .doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aNamedSimulatorJarThatIsMissingIsNamed() {
        Path jar = dir.resolve("nowhere/failberry-sim.jar");
        System.setProperty(DemoWorldProcess.SIM_JAR_PROPERTY, jar.toString());
        CliTest.Run r = CliTest.run("demo");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("(" + jar + " (named by -Dfailberry.sim.jar) does not exist)");
    }

    @Test
    void aNamedSimulatorJarJoinsTheRunningClassPath() throws Exception {
        Path jar = Files.createFile(dir.resolve("failberry-sim.jar"));
        System.setProperty(DemoWorldProcess.SIM_JAR_PROPERTY, jar.toString());
        assertThat(DemoWorldProcess.classPath())
                .isInstanceOfSatisfying(DemoWorldProcess.Simulators.Found.class, f -> assertThat(f.classPath())
                        .endsWith(File.pathSeparator + jar.toAbsolutePath()));
    }
}
