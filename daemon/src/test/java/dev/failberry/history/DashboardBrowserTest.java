package dev.failberry.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.http.AdminHandler;
import dev.failberry.http.HttpListeners;
import dev.failberry.metrics.Metrics;
import dev.failberry.testutil.Tools;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium}; .ci/run installs it): served by the
 * real admin listener from a simulated day of the real history, loaded with its script, its WebJar and its
 * data request, and checked for four drawn charts with data and the day's events. With
 * {@code -Dfailberry.screenshot=docs/img/dashboard.png} it also takes the README's screenshot.
 */
class DashboardBrowserTest {
    @TempDir
    Path dir;

    private HttpListeners http;
    private AdminHandler admin;
    private SimulatedDay day;

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
        if (day != null) {
            day.history.close();
        }
    }

    /** The admin listener on a free loopback port, with the history's routes as the daemon registers them. */
    private int serve() throws Exception {
        day = SimulatedDay.run(dir.resolve("state"));
        FailberryConfig config = ConfigLoader.fromUserConfig(
                ConfigFactory.parseString("failberry { health { bind = \"127.0.0.1\", port = 0 }, admin.port = 0 }"),
                "test.conf");
        var metrics = new Metrics(day.snapshot::get, day.time);
        admin = new AdminHandler(day.snapshot::get, day.time, metrics);
        admin.statusPart("availability", () -> day.history.availability().toJsonMap());
        admin.statusPart("history", day.history::statusMap);
        admin.get("/events", EventsRoute.of(day.history, ZoneOffset.UTC));
        Dashboard.routes(day.history, admin::statusMap, ZoneOffset.UTC).forEach(admin::get);
        http = new HttpListeners(config.health(), config.admin(), exchange -> exchange.setStatusCode(404), admin);
        http.start();
        return http.adminAddress().getPort();
    }

    private String chromium(Path browser, String url, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                browser.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                // a container's /dev/shm is often 64 MB, too small for Chromium's shared memory: use /tmp
                "--disable-dev-shm-usage",
                // the page's console (script errors, policy refusals) into chromium.log: see consoleLines()
                "--enable-logging=stderr",
                "--v=0",
                "--user-data-dir=" + Files.createTempDirectory(dir, "profile-"),
                // waits for the data request and the drawing, in the browser's virtual time
                "--virtual-time-budget=15000"));
        cmd.addAll(List.of(extra));
        cmd.add(url);
        Process p = new ProcessBuilder(cmd)
                .redirectError(dir.resolve("chromium.log").toFile())
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }

    /** What the page wrote to its console in the last run: script errors, refused loads, console.error. */
    private List<String> consoleLines() throws Exception {
        return Files.readAllLines(dir.resolve("chromium.log"), StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains(":CONSOLE"))
                .toList();
    }

    @Test
    void theChartsAreDrawnWithTheDaysDataInARealBrowser() throws Exception {
        Optional<Path> browser =
                Optional.of(Tools.find("the dashboard's browser test", "chromium", "chromium-browser"));
        int port = serve();
        String url = "http://127.0.0.1:" + port + "/";

        String dom = chromium(browser.get(), url, "--dump-dom");
        Matcher body = Pattern.compile("<body ([^>]*)>").matcher(dom);
        assertThat(body.find()).as("a body in:\n" + dom).isTrue();
        String attrs = body.group(1);
        assertThat(attrs).as("no error on the page").doesNotContain("data-error");
        assertThat(consoleLines()).as("nothing on the page's console").isEmpty();
        assertThat(attrs).contains("data-rendered=\"4\"");
        Matcher points =
                Pattern.compile("data-points=\"(\\d+),(\\d+),(\\d+),(\\d+)\"").matcher(attrs);
        assertThat(points.find()).isTrue();
        assertThat(Integer.parseInt(points.group(1))).as("signal samples").isGreaterThan(1400);
        assertThat(Integer.parseInt(points.group(2))).as("latency samples").isGreaterThan(1300);
        assertThat(Integer.parseInt(points.group(3))).as("link changes").isGreaterThan(20);
        assertThat(Integer.parseInt(points.group(4)))
                .as("data-use samples and the cap")
                .isGreaterThan(2800);
        assertThat(dom.split("<canvas", -1).length - 1)
                .as("one canvas per chart")
                .isEqualTo(4);
        assertThat(dom)
                .contains("mobile link down 03:12:00 – 03:14:00 (2 min): modem hung: 3 consecutive AT timeouts")
                .contains("wired path down 13:05:00 – 14:20:00 (1 h 15 min)")
                .contains("data use warning: 80 % of the 5 GiB cap used")
                .contains("CONNECTED · healthy");

        String shot = System.getProperty("failberry.screenshot");
        if (shot != null && !shot.isBlank()) {
            Path target = Path.of(shot).toAbsolutePath();
            chromium(browser.get(), url, "--window-size=1280,1480", "--hide-scrollbars", "--screenshot=" + target);
            assertThat(target).exists();
        }
    }

    /** The checks above would see a broken page: a chart library that throws as it loads. */
    @Test
    void aScriptErrorOnThePageIsSeenOnItsConsoleAndInDataError() throws Exception {
        Path browser = Tools.find("the dashboard's browser test", "chromium", "chromium-browser");
        int port = serve();
        admin.get(
                "/uPlot.iife.min.js",
                req -> new dev.failberry.http.AdminRoute.Response(
                        200, "text/javascript; charset=utf-8", "throw new Error('broken chart library');"));
        String dom = chromium(browser, "http://127.0.0.1:" + port + "/", "--dump-dom");
        assertThat(dom)
                .containsPattern("<body [^>]*data-error=\"uPlot is not defined\"")
                .doesNotContain("data-rendered");
        assertThat(consoleLines()).anySatisfy(l -> assertThat(l).contains("Uncaught Error: broken chart library"));
    }

    @Test
    void thePageAndItsFilesComeFromTheJarAndWeighLittle() throws Exception {
        int port = serve();
        long total = 0;
        for (String path : List.of("/", "/dashboard.js", "/dashboard.css", "/uPlot.iife.min.js", "/uPlot.min.css")) {
            var c = (HttpURLConnection)
                    URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
            assertThat(c.getResponseCode()).as(path).isEqualTo(200);
            byte[] body = c.getInputStream().readAllBytes();
            total += body.length;
            assertThat(new String(body, StandardCharsets.UTF_8))
                    .as(path)
                    .doesNotContain("https://cdn", "http://cdn", "googleapis", "unpkg", "jsdelivr");
        }
        var data = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/dashboard/data")
                .toURL()
                .openConnection();
        long t0 = System.nanoTime();
        byte[] json = data.getInputStream().readAllBytes();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(
                "dashboard page weight: %d bytes (HTML+JS+CSS, uPlot included); data for a full day: %d bytes "
                        + "in %d ms; history memory: %d bytes%n",
                total, json.length, ms, day.history.footprintBytes());
        assertThat(total).isBetween(50_000L, 80_000L);
        assertThat(json.length).isLessThan(200_000);
        assertThat(day.history.footprintBytes()).isLessThan(60_000);
    }
}
