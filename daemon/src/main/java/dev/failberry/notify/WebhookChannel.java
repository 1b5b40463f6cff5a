package dev.failberry.notify;

import dev.failberry.config.NotifyConfig;
import dev.failberry.config.NotifyConfig.Preset;
import dev.failberry.http.client.BoundHttpClient;
import dev.failberry.json.Json;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * A JSON POST per notice, shaped by the preset (see reference.conf), through {@link BoundHttpClient} so
 * that it can leave from a chosen source address: {@code source} is asked before every attempt and
 * answers the mobile link's address while the wired path is down (empty = the routing table decides).
 *
 * <p>Redirects are never followed (a POST carrying secret headers goes only where it was configured);
 * a 3xx, 408, 425, 429 or 5xx answer, a timeout or a network error is retried; any other 4xx is final.
 * The URL's path and the header values are secrets: reasons name only the status and the origin, and a
 * response body is quoted only with every secret cut out.
 */
final class WebhookChannel implements NotifyChannel {
    public static final String NAME = "webhook";
    private static final int SNIPPET = 100;

    private final NotifyConfig.Webhook config;
    private final URI url;
    private final String host;
    private final BoundHttpClient http;
    private final Supplier<Optional<InetAddress>> source;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> secrets = new ArrayList<>();

    public WebhookChannel(
            NotifyConfig.Webhook config, String host, BoundHttpClient http, Supplier<Optional<InetAddress>> source) {
        this.config = config;
        this.url = config.uri().orElseThrow(() -> new IllegalArgumentException("notify.webhook.url is not set"));
        this.host = host;
        this.http = http;
        this.source = source;
        config.headers().forEach(h -> {
            headers.put(h.name(), h.value().value());
            secrets.add(h.value().value());
        });
        if (url.getRawPath() != null && url.getRawPath().length() > 1) {
            secrets.add(url.getRawPath());
            for (String segment : url.getRawPath().split("/")) {
                if (segment.length() >= 6) {
                    secrets.add(segment);
                }
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String target() {
        return config.target();
    }

    @Override
    public Delivery deliver(Notice notice) {
        BoundHttpClient.Response r;
        try {
            r = http.postJson(postUrl(), body(notice), headers, source.get());
        } catch (IOException e) {
            return new Delivery.Retry(describe(e));
        }
        int s = r.status();
        if (s >= 200 && s < 300) {
            return new Delivery.Sent();
        }
        String answered = "answered HTTP " + s;
        if (s >= 300 && s < 400) {
            return new Delivery.Retry(answered + " (a redirect" + origin(r.location())
                    + "; redirects are not followed: set notify.webhook.url to the final URL)");
        }
        String snippet = snippet(r.body());
        String reason = answered + (snippet.isEmpty() ? "" : ": " + snippet);
        if (s >= 500 || s == 408 || s == 425 || s == 429) {
            return new Delivery.Retry(reason);
        }
        return new Delivery.Failed(reason);
    }

    /** ntfy's JSON publishing goes to the server root, with the topic (the URL's last segment) in the body. */
    private URI postUrl() {
        if (config.preset() != Preset.NTFY) {
            return url;
        }
        String path = url.getRawPath();
        String base = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return url.resolve(base.substring(0, base.lastIndexOf('/') + 1));
    }

    String body(Notice n) {
        NotifyEvent e = n.event();
        Map<String, Object> m = new LinkedHashMap<>();
        switch (config.preset()) {
            case JSON -> {
                m.put("id", n.id());
                m.put("event", e.name().wire());
                m.put("time", Folding.Timestamps.iso(e.time()));
                m.put("host", host);
                m.put("state", e.state());
                m.put("reason", e.reason());
                m.put("detail", e.detail());
            }
            case SLACK -> m.put("text", n.line());
            case DISCORD -> m.put("content", n.line());
            case TELEGRAM -> {
                m.put("chat_id", config.chatId().orElse(""));
                m.put("text", n.line());
            }
            case NTFY -> {
                String path = url.getRawPath();
                String base = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
                m.put("topic", base.substring(base.lastIndexOf('/') + 1));
                m.put("title", "FailberryPi " + host + ": " + e.name().wire());
                m.put("message", n.line());
                m.put(
                        "tags",
                        List.of(
                                urgent(e.name()) ? "warning" : "information_source",
                                e.name().wire()));
                m.put("priority", urgent(e.name()) ? 4 : 3);
            }
        }
        return Json.writeSorted(m);
    }

    private static boolean urgent(EventName e) {
        return e == EventName.LINK_DOWN
                || e == EventName.WIRED_DOWN
                || e == EventName.DATA_CAP
                || e == EventName.REBOOT_PENDING;
    }

    private String describe(IOException e) {
        String what;
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            long ms = config.timeout().toMillis();
            what = "no answer within " + (ms < 1000 ? ms + " ms" : ms / 1000 + " s");
        } else if (e instanceof ConnectException) {
            what = "connection refused or unreachable";
        } else if (e instanceof NoRouteToHostException) {
            what = "no route to " + url.getHost();
        } else if (e instanceof SocketException
                && String.valueOf(e.getMessage()).contains("unreachable")) {
            // ENETUNREACH: no route here, or a router's ICMP "net unreachable" during the connect (the wired
            // router lost its uplink while the routing table still points at it)
            what = "network unreachable (no way to " + url.getHost() + ")";
        } else if (e instanceof UnknownHostException) {
            what = "cannot resolve " + url.getHost();
        } else if (e instanceof SSLException) {
            what = "TLS failed: " + redact(String.valueOf(e.getMessage()));
        } else {
            what = redact(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return what;
    }

    private static String origin(String location) {
        if (location == null) {
            return "";
        }
        try {
            URI u = URI.create(location.strip());
            return u.getHost() == null ? " within the same host" : " to " + u.getScheme() + "://" + u.getHost();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private String snippet(String body) {
        String t = redact(
                body.replaceAll("\\p{Cntrl}", " ").replaceAll("\\s+", " ").strip());
        return t.length() > SNIPPET ? t.substring(0, SNIPPET - 3) + "..." : t;
    }

    private String redact(String s) {
        String out = s;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                out = out.replace(secret, "******");
            }
        }
        return out.toLowerCase(Locale.ROOT).contains("authorization")
                ? out.replaceAll("(?i)(authorization\\W+)\\S+", "$1******")
                : out;
    }
}
