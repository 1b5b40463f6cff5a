package dev.failberry.history;

import dev.failberry.http.AdminRoute;
import dev.failberry.status.StatusJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The dashboard on the admin listener: {@code GET /} (a page reached with {@code ssh -L}), its script and
 * style, uPlot from its WebJar (no CDN: nothing needs the internet), and {@code GET /dashboard/data}. Static files are read from the jar at each request and nothing is cached or
 * computed ahead: the dashboard costs nothing while nobody looks.
 */
public final class Dashboard {
    /** Where the dashboard's own files are in the jar. */
    private static final String OWN = "/dev/failberry/history/";

    private static final String WEBJAR_POM = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";
    static final Duration DAY = Duration.ofHours(24);

    private Dashboard() {}

    /** Path to route; {@code status} gives the {@code /status} document as maps. */
    public static Map<String, AdminRoute> routes(History history, Supplier<Map<String, Object>> status, ZoneId zone) {
        Map<String, AdminRoute> r = new LinkedHashMap<>();
        r.put("/", req -> file(OWN + "dashboard.html", "text/html; charset=utf-8"));
        r.put("/dashboard.js", req -> file(OWN + "dashboard.js", "text/javascript; charset=utf-8"));
        r.put("/dashboard.css", req -> file(OWN + "dashboard.css", "text/css; charset=utf-8"));
        r.put("/uPlot.iife.min.js", req -> file(uplot("uPlot.iife.min.js"), "text/javascript; charset=utf-8"));
        r.put("/uPlot.min.css", req -> file(uplot("uPlot.min.css"), "text/css; charset=utf-8"));
        r.put(
                "/dashboard/data",
                req -> AdminRoute.Response.json(
                        200, StatusJson.renderMap(dashboardData(history, status.get(), zone)) + "\n"));
        return r;
    }

    /** Everything the dashboard shows, in one document. */
    static Map<String, Object> dashboardData(History history, Map<String, Object> status, ZoneId zone)
            throws IOException {
        long now = history.nowMillis();
        long since = now - DAY.toMillis();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("now", now / 1000);
        d.put("since", since / 1000);
        d.put("status", status);
        Series.Columns c = history.samples(since);
        Map<String, Object> samples = new LinkedHashMap<>();
        samples.put("t", c.time());
        samples.put("rssi_dbm", c.rssiDbm());
        samples.put("latency_ms", c.latencyMs());
        samples.put("used_bytes", c.usedBytes());
        samples.put("cap_bytes", c.capBytes());
        d.put("samples", samples);
        d.put("links", links(history.spans(), since, now));
        d.put(
                "events",
                history.items(since).stream().map(i -> i.toJsonMap(zone)).toList());
        return d;
    }

    /**
     * The link bands over {@code [since, now]} as step points: at each change the mobile link (1 up, 0 down)
     * and the wired path (1, 0, or null while unknown); both null where no daemon ran.
     */
    static Map<String, Object> links(List<Timeline.Span> spans, long since, long now) {
        List<Long> t = new ArrayList<>();
        List<Integer> mobile = new ArrayList<>();
        List<Integer> wired = new ArrayList<>();
        for (Timeline.Span s : spans) {
            if (s.end <= since || s.t[0] >= now) {
                continue;
            }
            for (int i = 0; i < s.n; i++) {
                long next = i + 1 < s.n ? s.t[i + 1] : s.end;
                if (next <= since) {
                    continue;
                }
                byte f = s.f[i];
                t.add(Math.max(s.t[i], since) / 1000);
                mobile.add((f & Timeline.MOBILE_UP) != 0 ? 1 : 0);
                wired.add(
                        (f & Timeline.WIRED_UP) != 0 ? Integer.valueOf(1) : (f & Timeline.WIRED_DOWN) != 0 ? 0 : null);
            }
            long end = Math.min(s.end, now);
            t.add(end / 1000);
            if (end < now) {
                mobile.add(null);
                wired.add(null);
            } else {
                mobile.add(mobile.get(mobile.size() - 1));
                wired.add(wired.get(wired.size() - 1));
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", t);
        m.put("mobile", mobile);
        m.put("wired", wired);
        return m;
    }

    private static String uplot(String name) {
        String version = "1.6.30";
        try (InputStream in = Dashboard.class.getResourceAsStream(WEBJAR_POM)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                version = p.getProperty("version", version);
            }
        } catch (IOException ignored) {
            // the fallback names the version the build declares
        }
        return "/META-INF/resources/webjars/uplot/" + version + "/dist/" + name;
    }

    private static AdminRoute.Response file(String resource, String type) throws IOException {
        try (InputStream in = Dashboard.class.getResourceAsStream(resource)) {
            if (in == null) {
                return AdminRoute.Response.text(404, "not in this build: " + resource + "\n");
            }
            return new AdminRoute.Response(200, type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
