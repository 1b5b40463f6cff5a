package dev.failberry.config;

import dev.failberry.config.NotifyConfig.Header;
import dev.failberry.config.NotifyConfig.Preset;
import dev.failberry.config.NotifyConfig.Sms;
import dev.failberry.config.NotifyConfig.Webhook;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the {@code notify} section. The webhook URL and header values are secrets (a
 * Slack, Discord or Telegram URL carries its token in the path): no message here ever echoes them.
 */
final class NotifyReader {
    /** RFC 9110 token characters. */
    static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    /** Headers the client writes itself; letting the config set them would break or smuggle the request. */
    static final Set<String> RESERVED_HEADERS = Set.of(
            "host", "content-length", "content-type", "connection", "transfer-encoding", "expect", "te", "upgrade");

    static final Pattern CHAT_ID = Pattern.compile("-?\\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31}");

    private final ConfigReader r;

    NotifyReader(ConfigReader reader) {
        this.r = reader;
    }

    NotifyConfig read() {
        List<String> events = events();
        Duration holdDown = r.duration("notify.hold-down", Duration.ZERO, Duration.ofHours(1));
        Duration retryFor = r.duration("notify.retry-for", Duration.ofMinutes(1), Duration.ofDays(1));
        return new NotifyConfig(events, holdDown, retryFor, webhook(), sms());
    }

    private List<String> events() {
        Set<String> wanted = new LinkedHashSet<>();
        for (String e : r.stringList("notify.events")) {
            String name = e.trim().toLowerCase(Locale.ROOT);
            if (NotifyConfig.EVENT_NAMES.contains(name)) {
                wanted.add(name);
            } else {
                r.problem(
                        "notify.events",
                        "unknown event " + ConfigReader.quote(e) + ": expected some of "
                                + String.join(", ", NotifyConfig.EVENT_NAMES));
            }
        }
        return NotifyConfig.EVENT_NAMES.stream().filter(wanted::contains).toList();
    }

    private Webhook webhook() {
        Preset preset = r.enumValue("notify.webhook.preset", Preset.class);
        Optional<URI> uri = url("notify.webhook.url", preset);
        Optional<String> chatId = r.matching(
                "notify.webhook.chat-id",
                CHAT_ID,
                "a Telegram chat id such as 123456789, -1001234567890 or @channelname",
                false);
        if (preset == Preset.TELEGRAM && uri.isPresent() && chatId.isEmpty() && !r.isSet("notify.webhook.chat-id")) {
            r.problemAt(
                    "notify.webhook.chat-id",
                    "required when notify.webhook.preset = telegram",
                    "notify.webhook.preset");
        }
        Duration timeout = r.duration("notify.webhook.timeout", Duration.ofSeconds(1), Duration.ofMinutes(1));
        int max = r.integer("notify.webhook.max-per-hour", 1, 600);
        String target = uri.map(u -> u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getHost()
                        + (u.getPort() > 0 ? ":" + u.getPort() : ""))
                .orElse("");
        return new Webhook(uri.map(u -> new Secret(u.toString())), target, headers(), preset, chatId, timeout, max);
    }

    private Optional<URI> url(String key, Preset preset) {
        Optional<String> raw = r.optString(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(raw.get().trim());
        } catch (URISyntaxException e) {
            r.problem(key, "invalid URL: " + e.getReason());
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            r.problem(key, "invalid URL: expected an https:// URL with a host name");
            return Optional.empty();
        }
        if (uri.getRawUserInfo() != null) {
            r.problem(
                    key,
                    "must not contain credentials (user:password@host): put them in notify.webhook.headers, "
                            + "e.g. \"Authorization: Basic ...\", where they are kept secret");
            return Optional.empty();
        }
        if (scheme.equals("http") && !isLocal(uri.getHost())) {
            r.problem(
                    key,
                    "plain http:// to a host outside the LAN would send every alert (and any header secret) "
                            + "unencrypted over the internet: use https:// (http:// is accepted for loopback, private-range "
                            + "addresses and LAN names such as homeassistant.local)");
            return Optional.empty();
        }
        if (preset == Preset.NTFY
                && (uri.getPath() == null || uri.getPath().replace("/", "").isEmpty())) {
            r.problem(key, "the ntfy preset needs the topic in the URL, e.g. https://ntfy.sh/mytopic");
            return Optional.empty();
        }
        return Optional.of(uri);
    }

    /** Loopback, private and link-local address literals, and names that only resolve on a LAN. */
    static boolean isLocal(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        boolean literal = SectionReader.IPV4.matcher(h).matches() || h.contains(":") && h.matches("[0-9a-f:.]{2,45}");
        if (literal) {
            try {
                InetAddress a = InetAddress.getByName(h); // a literal: no lookup
                byte[] b = a.getAddress();
                boolean ula = b.length == 16 && (b[0] & 0xFE) == 0xFC;
                return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || ula;
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return h.equals("localhost")
                || !h.contains(".")
                || h.endsWith(".local")
                || h.endsWith(".lan")
                || h.endsWith(".home.arpa")
                || h.endsWith(".internal");
    }

    private List<Header> headers() {
        List<Header> out = new ArrayList<>();
        String key = "notify.webhook.headers";
        for (String h : r.stringList(key)) {
            int colon = h.indexOf(':');
            String name = colon < 0 ? h.trim() : h.substring(0, colon).trim();
            if (colon < 0 || !HEADER_NAME.matcher(name).matches()) {
                r.problem(key, "invalid header: expected \"Name: value\" such as \"Authorization: Bearer ...\"");
                continue;
            }
            String value = h.substring(colon + 1).trim();
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                r.problem(key, "header \"" + name + "\" is set by the daemon itself and cannot be configured");
            } else if (value.isEmpty()
                    || value.length() > 2000
                    || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                // no echo: the value is a secret; control characters would split the request (header injection)
                r.problem(
                        key,
                        "invalid value for header \"" + name
                                + "\": expected 1-2000 characters without line breaks or control characters");
            } else {
                out.add(new Header(name, new Secret(value)));
            }
        }
        return List.copyOf(out);
    }

    private Sms sms() {
        Set<String> to = new LinkedHashSet<>();
        for (String n : r.stringList("notify.sms.to")) {
            if (NotifyConfig.E164.matcher(n.trim()).matches()) {
                to.add(n.trim());
            } else {
                r.problem(
                        "notify.sms.to",
                        "invalid number " + ConfigReader.quote(n) + ": expected an E.164 number "
                                + "such as +64211234567 ('+', the country code and the number, 7-15 digits, no spaces)");
            }
        }
        return new Sms(List.copyOf(to), r.integer("notify.sms.max-per-hour", 1, 60));
    }
}
