package dev.failberry.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.proc.ThisJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real child JVM holding a state directory's lock and a device's UUCP lock ({@link LockHolderProbe}). */
public final class LockHolder implements AutoCloseable {
    private final Process process;

    private LockHolder(Process process) {
        this.process = process;
    }

    public static LockHolder start(Path stateDir, Path uucpDir, String device) throws IOException {
        Process p = new ProcessBuilder(
                        ThisJvm.javaBinary(),
                        "-Xmx32m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        ThisJvm.absoluteClassPath(),
                        LockHolderProbe.class.getName(),
                        stateDir.toString(),
                        uucpDir.toString(),
                        device,
                        "run")
                .redirectErrorStream(true)
                .start();
        var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = in.readLine();
        assertThat(first).as("the lock holder's first line").isEqualTo("locked");
        return new LockHolder(p);
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no clean-up, as a crash or the OOM killer. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(137);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                kill9();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
