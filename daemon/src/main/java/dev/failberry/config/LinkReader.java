package dev.failberry.config;

import dev.failberry.config.LinkConfig.Hilink;
import dev.failberry.config.LinkConfig.LinkType;
import dev.failberry.config.LinkConfig.ModemControl;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code link.*}, {@code modem.control} and {@code modem.hilink.*}, and checks that the keys set
 * fit the link type: an Ethernet-type stick dials by itself (no APN, no pppd), a PPP link has no HiLink
 * API. Each misplaced key is its own problem at its own line, naming the key it conflicts with and
 * where that is set. The HiLink password and any URL with credentials are never echoed.
 */
final class LinkReader {
    /** Linux interface names (IFNAMSIZ 16 with the NUL), as udev and ip show them (eth1, usb0, enx0c5b8f279a64). */
    static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");

    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    /** Keys only a PPP link dialled over AT uses. */
    static final List<String> PPP_ONLY = List.of(
            "modem.data-port",
            "modem.apn",
            "modem.context-id",
            "ppp.pppd",
            "ppp.chat",
            "ppp.interface",
            "ppp.dial-number",
            "ppp.connect-timeout",
            "ppp.use-peer-dns",
            "ppp.default-route-metric",
            "ppp.lcp-echo-interval",
            "ppp.lcp-echo-failure",
            "ppp.extra-options",
            "ppp.stop-grace");
    /** Keys of the AT port: meaningful with {@code modem.control = at} only. */
    static final List<String> AT_ONLY = List.of(
            "modem.port", "modem.pin", "modem.baud", "modem.flow-control", "modem.reset-command", "modem.quiet-urcs");

    static final List<String> ETHERNET_ONLY = List.of(
            "link.interface",
            "link.gateway",
            "link.address-timeout",
            "modem.hilink.url",
            "modem.hilink.username",
            "modem.hilink.password",
            "modem.hilink.dmz",
            "modem.hilink.timeout");

    private final ConfigReader r;

    LinkReader(ConfigReader reader) {
        this.r = reader;
    }

    LinkConfig read() {
        LinkType type = r.enumValue("link.type", LinkType.class);
        String iface = interfaceName();
        Optional<ModemControl> control = r.optEnum("modem.control", ModemControl.class);
        ModemControl resolved = control.orElse(type == LinkType.PPP ? ModemControl.AT : ModemControl.HILINK);
        Hilink hilink = hilink();
        if (type == LinkType.ETHERNET) {
            checkEthernet(control, resolved);
        } else {
            checkPpp(resolved);
        }
        return new LinkConfig(
                type,
                iface,
                resolved,
                hilink,
                gateway(),
                r.duration("link.address-timeout", Duration.ofSeconds(5), Duration.ofMinutes(30)));
    }

    private Optional<String> gateway() {
        String gw = r.string("link.gateway").trim();
        if (gw.equals("auto")) {
            return Optional.empty();
        }
        if (!SectionReader.IPV4.matcher(gw).matches()) {
            r.problem(
                    "link.gateway",
                    "invalid value " + ConfigReader.quote(gw)
                            + ": expected \"auto\" or the stick's IPv4 address such as 192.168.8.1");
            return Optional.empty();
        }
        return Optional.of(gw);
    }

    private String interfaceName() {
        Optional<String> raw = r.optString("link.interface");
        if (raw.isEmpty() || raw.get().equals("auto")) {
            return "auto";
        }
        if (!IFNAME.matcher(raw.get()).matches()) {
            r.problem(
                    "link.interface",
                    "invalid value " + ConfigReader.quote(raw.get())
                            + ": expected \"auto\" or an interface name such as eth1, usb0 or enx0c5b8f279a64");
            return "auto";
        }
        return raw.get();
    }

    private Hilink hilink() {
        URI url = url();
        Optional<String> user = r.matching(
                "modem.hilink.username",
                USERNAME,
                "1-64 letters, digits, '.', '_', '@' or '-' (the stick's user is usually admin)",
                false);
        Optional<Secret> password = r.optString("modem.hilink.password").map(Secret::new);
        if (password.isPresent()
                && (password.get().value().isEmpty()
                        || password.get().value().length() > 128
                        || password.get().value().chars().anyMatch(Character::isISOControl))) {
            r.problem("modem.hilink.password", "invalid value: expected 1-128 characters without control characters");
            password = Optional.empty();
        }
        if (user.isPresent() != password.isPresent()) {
            if (user.isEmpty() && !r.isSet("modem.hilink.username")) {
                r.problemAt("modem.hilink.username", "required with modem.hilink.password", "modem.hilink.password");
            } else if (password.isEmpty() && !r.isSet("modem.hilink.password")) {
                r.problemAt("modem.hilink.password", "required with modem.hilink.username", "modem.hilink.username");
            }
        }
        boolean dmz = r.bool("modem.hilink.dmz");
        Duration timeout = r.duration("modem.hilink.timeout", Duration.ofMillis(500), Duration.ofMinutes(1));
        return new Hilink(url, user, password, dmz, timeout);
    }

    /** {@code http[s]://host[:port][/]}: the client adds {@code /api/...}; credentials belong in their own keys. */
    private URI url() {
        URI fallback = URI.create(r.referenceString("modem.hilink.url"));
        Optional<String> raw = r.optString("modem.hilink.url");
        if (raw.isEmpty()) {
            return fallback;
        }
        String expected = "expected the stick's address such as http://192.168.8.1 (scheme, host and optional port)";
        URI uri;
        try {
            uri = new URI(raw.get().trim());
        } catch (URISyntaxException e) {
            r.problem("modem.hilink.url", "invalid URL: " + expected);
            return fallback;
        }
        if (uri.getRawUserInfo() != null) {
            // never echoed: it holds a password
            r.problem(
                    "modem.hilink.url",
                    "credentials in the URL are not accepted: use modem.hilink.username and "
                            + "modem.hilink.password");
            return fallback;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean pathOk = uri.getRawPath() == null
                || uri.getRawPath().isEmpty()
                || uri.getRawPath().equals("/");
        if (!(scheme.equals("http") || scheme.equals("https"))
                || uri.getHost() == null
                || !pathOk
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            r.problem("modem.hilink.url", "invalid URL " + ConfigReader.quote(raw.get()) + ": " + expected);
            return fallback;
        }
        return URI.create(scheme + "://" + uri.getRawAuthority());
    }

    private void checkEthernet(Optional<ModemControl> control, ModemControl resolved) {
        String typeAt = "link.type = ethernet (" + r.where("link.type") + ")";
        for (String key : PPP_ONLY) {
            if (r.userSet(key)) {
                r.problem(
                        key,
                        "not used with " + typeAt + ": the stick connects by itself and there is no pppd; " + "remove "
                                + key + " or set link.type = ppp");
            }
        }
        if (resolved != ModemControl.AT) {
            String why = control.isPresent()
                    ? "modem.control = " + name(resolved) + " (" + r.where("modem.control") + ")"
                    : "modem.control = " + name(resolved) + ", the default for " + typeAt;
            for (String key : AT_ONLY) {
                if (r.userSet(key)) {
                    r.problem(
                            key,
                            "not used with " + why + ": the daemon opens no AT port; remove " + key
                                    + " or set modem.control = at for a stick that has one");
                }
            }
        }
    }

    private void checkPpp(ModemControl resolved) {
        String typeAt = "link.type = ppp (" + (r.userSet("link.type") ? r.where("link.type") : "the default") + ")";
        for (String key : ETHERNET_ONLY) {
            if (r.userSet(key)) {
                r.problem(
                        key,
                        "only for link.type = ethernet, but " + typeAt + "; remove " + key
                                + " or set link.type = ethernet");
            }
        }
        if (resolved == ModemControl.HILINK) {
            r.problem(
                    "modem.control",
                    "hilink needs link.type = ethernet, but " + typeAt
                            + ": a HiLink stick is a network interface, it has no PPP");
        }
    }

    private static String name(ModemControl c) {
        return c.name().toLowerCase(Locale.ROOT);
    }
}
