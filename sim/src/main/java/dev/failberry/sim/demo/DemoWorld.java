package dev.failberry.sim.demo;

import dev.failberry.http.AdminRoute;
import dev.failberry.json.Json;
import dev.failberry.sim.aws.LoopbackAws;
import dev.failberry.sim.ppp.StandIns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code demo} command's simulated world (modem on pseudo-terminals, pppd/chat stand-ins, fake
 * uhubctl and sysfs, loopback Route53, loopback "internet": a {@link DemoEnvironment}) as the main class
 * of a child JVM, so that the daemon's process holds what it holds on a Raspberry Pi and nothing else:
 * its memory, threads and loaded classes are what the benchmark measures. Everything between the two
 * processes already crosses a real boundary (pseudo-terminals, executables, files, loopback sockets); the
 * only other channel is this one, for fault injection. The daemon's side is
 * {@code dev.failberry.cli.DemoWorldProcess}, which says the protocol; it names this class on the
 * child's command line and never loads it.
 */
public final class DemoWorld {
    private static final String READY = "ready ";

    private DemoWorld() {}

    /** The ready line's JSON: the config overrides and the daemon's environment on this world. */
    static String ready(Map<String, Object> configOverrides, Path scratch) {
        Path ppp = scratch.resolve("pppd");
        var paths = StandIns.paths(ppp, ppp);
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("ppp-pid-dir", paths.pidDir().toString());
        environment.put("ppp-lock-dir", paths.lockDir().toString());
        environment.put("aws-access-key-id", LoopbackAws.ACCESS_KEY);
        environment.put("aws-secret-access-key", LoopbackAws.SECRET_KEY);
        environment.put("pi-model-file", scratch.resolve("no-pi-model").toString());
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("config", configOverrides);
        ready.put("environment", environment);
        return Json.write(ready);
    }

    /** The child: {@code DemoWorld <scratch>}. */
    public static void main(String[] args) throws IOException {
        // stdout is the protocol; anything else (logs included) goes to stderr
        PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        Logger log = LoggerFactory.getLogger(DemoWorld.class);
        DemoEnvironment env = DemoEnvironment.start(Path.of(args[0]));
        protocol.println(READY + ready(env.configOverrides(), Path.of(args[0])));
        try (var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split("\t", -1);
                AdminRoute.Response r = f.length == 3 && f[0].equals("fault")
                        ? env.fault(f[1], f[2])
                        : AdminRoute.Response.text(400, "unknown request\n");
                protocol.println(r.status() + "\t" + r.body().replace("\n", "\\n"));
            }
        } finally {
            log.info("demo: the daemon has gone; stopping the simulated world");
            env.close();
        }
        System.exit(0);
    }
}
