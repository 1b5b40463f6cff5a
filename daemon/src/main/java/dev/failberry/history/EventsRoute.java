package dev.failberry.history;

import dev.failberry.http.AdminRoute;
import dev.failberry.status.StatusJson;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /events?since=SECONDS} on the admin listener: the journal folded into the lines of
 * {@code failberry events} (default: the last 24 hours), as JSON. Read from the files at each request.
 */
public final class EventsRoute {
    static final Duration DAY = Duration.ofHours(24);

    private EventsRoute() {}

    public static AdminRoute of(History history, ZoneId zone) {
        return req -> events(history, req, zone);
    }

    /** {@code GET /events?since=SECONDS}: the items of the last SECONDS (default 24 h), oldest first. */
    static AdminRoute.Response events(History history, AdminRoute.Request req, ZoneId zone) throws IOException {
        String raw = req.query("since", String.valueOf(DAY.toSeconds()));
        long seconds;
        try {
            seconds = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 0 || seconds > Duration.ofDays(3650).toSeconds()) {
            return AdminRoute.Response.text(400, "since must be a number of seconds\n");
        }
        long now = history.nowMillis();
        long since = now - seconds * 1000;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "since",
                Instant.ofEpochMilli(since).truncatedTo(ChronoUnit.SECONDS).toString());
        body.put(
                "now", Instant.ofEpochMilli(now).truncatedTo(ChronoUnit.SECONDS).toString());
        body.put(
                "items",
                history.items(since).stream().map(i -> i.toJsonMap(zone)).toList());
        return AdminRoute.Response.json(200, StatusJson.renderMap(body) + "\n");
    }
}
